"""Each recognizer alone (no spaCy): what it must find, and what it must leave alone."""

from __future__ import annotations

import pytest
from presidio_analyzer import EntityRecognizer

from app.core.privacy.packs.clinical_notes import facilities
from app.core.privacy.recognizers import (
    contact,
    financial,
    legal,
    location,
    medical,
    names,
    temporal,
)


def found(rec: EntityRecognizer, text: str) -> list[str]:
    results = rec.analyze(text, rec.supported_entities, None)
    return [text[r.start:r.end] for r in results if r.score >= 0.4]


@pytest.mark.parametrize(("rec", "text", "want"), [
    (medical.medical_record(), "MRN: 00123456 admitted", "00123456"),
    (medical.medical_record(), "Medical record # A-778812", "A-778812"),
    (medical.npi(), "NPI 1234567893", "1234567893"),
    (medical.dea(), "DEA AB1234563", "AB1234563"),
    (medical.medicare_mbi(), "Medicare 1EG4-TE5-MK73", "1EG4-TE5-MK73"),
    (medical.health_plan_id(), "Member ID: XYZ123456789", "XYZ123456789"),
    (financial.bank_account(), "Account no. 0012345678", "0012345678"),
    (financial.aba_routing(), "routing 011000015", "011000015"),
    (financial.swift_bic(), "SWIFT: DEUTDEFF500", "DEUTDEFF500"),
    (financial.ein(), "EIN 12-3456789", "12-3456789"),
    (financial.invoice_number(), "Invoice #INV-2023-0042", "INV-2023-0042"),
    (legal.case_number(), "Case No. 1:21-cv-01234-ABC", "1:21-cv-01234-ABC"),
    (legal.case_number(), "Docket No.: 2019-CA-004512", "2019-CA-004512"),
    (location.street_address(), "lives at 42 Elm Street Apt 3, Boston, MA 02118", None),
    (location.zip_code(), "Boston, MA 02118", "02118"),
    (location.zip_code(), "my zip code is 35350", "35350"),
    (location.street_address(), "lives at 86036 Rua do Arenque 1634", "86036 Rua do Arenque 1634"),
    (temporal.age_over_89(), "a 93 yo woman", "93"),
    (temporal.date_of_birth(), "DOB: 03/14/1931", "03/14/1931"),
    (temporal.clinical_date(), "CATH ON 7/23 AM", "7/23"),
    (contact.phone(), "home 201/324/1423", "201/324/1423"),
    (contact.phone(), "pager # 54321", "54321"),
    (names.NameRecognizer(), "DR RIDLON AWARE", "RIDLON"),
    (names.NameRecognizer(), "spoke with dtr philomena today", "philomena"),
    (names.NameRecognizer(), "Joyce Jacobson, RN", "Joyce Jacobson"),
    (facilities.FacilityRecognizer(), "TRANSFER FROM CALVERT HOSPITAL FOR", "CALVERT HOSPITAL"),
])
def test_finds(rec: EntityRecognizer, text: str, want: str | None) -> None:
    got = found(rec, text)
    assert got, f"{rec.name} found nothing in {text!r}"
    if want is not None:
        assert want in got
    else:
        assert got[0].startswith("42 Elm Street Apt 3") and got[0].endswith("02118")


@pytest.mark.parametrize(("rec", "text"), [
    (medical.npi(), "NPI 1234567890"),  # bad check digit
    (medical.dea(), "DEA AB1234564"),
    (financial.aba_routing(), "routing 011000016"),
    (financial.swift_bic(), "PATIENT HOSPITAL TRANSFER"),  # 8-letter words, no label
    (location.zip_code(), "GAVE 12345 UNITS"),
    (location.street_address(), "PMH MI 92, 3 VCABG C MVR 2"),
    (temporal.age_over_89(), "a 58 yo woman"),
    (temporal.clinical_date(), "BP 120/80"),
    (temporal.clinical_date(), "GAVE 2000 CC"),
    (names.NameRecognizer(), "WHITE SPUTUM, BROWN STOOL, SMALL AMOUNT"),
    (names.NameRecognizer(), "SON WAS HERE"),
    (facilities.FacilityRecognizer(), "needs the hospital"),
])
def test_leaves_alone(rec: EntityRecognizer, text: str) -> None:
    assert found(rec, text) == []
