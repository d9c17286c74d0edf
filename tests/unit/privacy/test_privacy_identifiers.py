"""Vehicle, device, licence and employee identifiers (HIPAA classes 11, 12, 13, 18): the VIN
check digit, labeled codes, and the words a label must not swallow."""

from __future__ import annotations

import pytest

from app.core.privacy.analyzer import get_analyzer
from app.core.privacy.recognizers.checksums import vin_ok


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[f.start:f.end], f.type) for f in get_analyzer().analyze(text)]


def test_vin_check_digit() -> None:
    assert vin_ok("1HGCM82633A004352")  # the check digit (9th) is 3
    assert not vin_ok("1HGCM82633A004353")
    assert not vin_ok("1HGCM82633A00435")  # 16 characters
    assert not vin_ok("1HGCM82633A00435O")  # O is never in a VIN


@pytest.mark.parametrize(("text", "value", "kind"), [
    ("The insured car 1HGCM82633A004352 was towed.", "1HGCM82633A004352", "VEHICLE_ID"),
    ("VIN: WVWZZZ1JZXW000001 (German, no check digit)", "WVWZZZ1JZXW000001", "VEHICLE_ID"),
    ("License plate: 7ABC123 seen on camera.", "7ABC123", "VEHICLE_ID"),
    ("Pacemaker S/N: PJN 601234 interrogated today.", "PJN 601234", "DEVICE_ID"),
    ("Serial number 4471-AX-22 on the pump.", "4471-AX-22", "DEVICE_ID"),
    ("Driver's license D1234567 was copied.", "D1234567", "US_DRIVER_LICENSE"),
    ("Employee ID: 20931 on file; badge # 77120.", "77120", "EMPLOYEE_ID"),
])
def test_identifiers_found(text: str, value: str, kind: str) -> None:
    assert (value, kind) in _found(text)


@pytest.mark.parametrize(("text", "kind"), [
    ("Random code 1HGCM82633A004353 in a list.", "VEHICLE_ID"),  # check digit fails
    ("PLATELETS 150, HCT 30, WBC 12.", "VEHICLE_ID"),  # "PLATE" is not a label inside a word
    ("Plates were cleared from the table at 1200.", "VEHICLE_ID"),
    ("S/N 12345 CHANGED TODAY", "DEVICE_ID"),  # checked below: only the number
    ("Lot 12345 of saline hung at 0400.", "DEVICE_ID"),
])
def test_identifiers_not_over_read(text: str, kind: str) -> None:
    spans = [v for v, k in _found(text) if k == kind]
    assert all(v.replace(" ", "").replace("-", "").isalnum() and any(c.isdigit() for c in v)
               and not any(w.isalpha() and len(w) > 3 for w in v.split()) for v in spans)
    if "Lot" in text or "PLATE" in text.upper() or "Random" in text:
        assert spans == []
