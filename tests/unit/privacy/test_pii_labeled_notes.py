"""The team's labeled notes (`tests/data/pii_labeled/notes.jsonl`) are well-formed: every span's
text is its value, the file is what the builder produces, and checksummed numbers are valid
(a real document prints valid ones; an invalid one would test nothing)."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

from app.core.privacy.recognizers.checksums import aba_ok, dea_ok, luhn_ok, npi_ok

DIR = Path(__file__).resolve().parents[2] / "data" / "pii_labeled"
REQUIRED = {"PERSON", "DATE_TIME", "AGE", "PHONE_NUMBER", "EMAIL_ADDRESS", "URL", "IP_ADDRESS",
            "STREET_ADDRESS", "ZIP_CODE", "LOCATION", "MEDICAL_RECORD_NUMBER", "US_NPI",
            "US_DEA", "US_MBI", "HEALTH_PLAN_ID", "US_SSN", "CASE_NUMBER", "US_BANK_NUMBER",
            "ABA_ROUTING_NUMBER", "IBAN_CODE", "SWIFT_CODE", "US_EIN", "ACCOUNT_NUMBER",
            "CREDIT_CARD"}


def _rows() -> list[dict]:
    with open(DIR / "notes.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def test_every_span_is_its_value() -> None:
    rows = _rows()
    assert 30 <= len(rows) <= 45
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row) == {"id", "text", "spans"}
        last_end = -1
        for span in sorted(row["spans"], key=lambda s: s["start"]):
            assert set(span) == {"start", "end", "type", "value"}
            assert row["text"][span["start"]:span["end"]] == span["value"], (row["id"], span)
            assert span["value"] == span["value"].strip() and span["value"]
            assert span["start"] >= last_end, (row["id"], span)  # no overlapping labels
            last_end = span["end"]


def test_covers_the_identifier_classes() -> None:
    counts = Counter(s["type"] for r in _rows() for s in r["spans"])
    assert REQUIRED <= set(counts), REQUIRED - set(counts)
    for kind in ("PERSON", "DATE_TIME", "PHONE_NUMBER", "STREET_ADDRESS"):
        assert counts[kind] >= 10, kind
    ages = [int(s["value"]) for r in _rows() for s in r["spans"] if s["type"] == "AGE"]
    assert ages and min(ages) > 89  # only ages over 89 are identifiers


def test_file_is_what_the_builder_writes() -> None:
    spec = importlib.util.spec_from_file_location("pii_labeled_build", DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == _rows()  # offsets come from code, not from hand edits


def test_checksummed_identifiers_are_valid() -> None:
    spans = [s for r in _rows() for s in r["spans"]]
    by = {k: [s["value"] for s in spans if s["type"] == k] for k in
          ("US_NPI", "US_DEA", "ABA_ROUTING_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN")}
    assert all(npi_ok(v) for v in by["US_NPI"])
    assert all(dea_ok(v) for v in by["US_DEA"])
    assert all(aba_ok(v) for v in by["ABA_ROUTING_NUMBER"])
    assert all(luhn_ok(_digits(v)) for v in by["CREDIT_CARD"])
    for value in by["IBAN_CODE"]:
        s = value.replace(" ", "")
        assert int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1, value
    for value in by["US_SSN"]:
        d = _digits(value)
        assert d[:3] not in {"000", "666"} and d[0] != "9" and d[3:5] != "00" and d[5:] != "0000"
