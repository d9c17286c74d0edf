from __future__ import annotations

import pytest

from app.core.privacy.recognizers.checksums import aba_ok, dea_ok, luhn_ok, npi_ok


@pytest.mark.parametrize("good", ["4111111111111111", "79927398713"])
def test_luhn_accepts_valid(good: str) -> None:
    assert luhn_ok(good)


def test_luhn_rejects_one_digit_off() -> None:
    assert not luhn_ok("4111111111111112")


def test_npi_uses_80840_prefix() -> None:
    assert npi_ok("1234567893")  # CMS's published example
    assert not npi_ok("1234567890")
    assert luhn_ok("1234567893") is False  # valid only with the prefix


def test_dea_checksum() -> None:
    assert dea_ok("AB1234563")  # 1+3+5=9, 2*(2+4+6)=24, 33 -> 3
    assert not dea_ok("AB1234564")
    assert not dea_ok("A11234563")


def test_aba_checksum() -> None:
    assert aba_ok("011000015")  # Federal Reserve Bank of Boston
    assert not aba_ok("011000016")
    assert not aba_ok("000000000")
