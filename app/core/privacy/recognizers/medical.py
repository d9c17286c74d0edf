"""Healthcare identifiers: medical record, NPI, DEA, Medicare MBI, health plan numbers.

HIPAA Safe Harbor classes 8 (medical record numbers), 9 (health plan beneficiary numbers) and
18 (other unique identifying numbers: NPI, DEA).
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from app.core.privacy.recognizers.base import digits, label, make
from app.core.privacy.recognizers.checksums import dea_ok, npi_ok

# An identifier after a label: letters/digits/dashes, at least one digit, 4–20 long.
_ID = r"(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,19}\b"

# MBI positions: C A AN N A AN N A A N N, letters exclude S L O I B Z (CMS spec).
_A = "[AC-HJKMNP-RT-Y]"
_AN = "[AC-HJKMNP-RT-Y0-9]"
_MBI = rf"\b[1-9]{_A}{_AN}\d-?{_A}{_AN}\d-?{_A}{_A}\d\d\b"


def medical_record() -> EntityRecognizer:
    lb = label("MRN", "MR", "medical record", "med rec", "chart", "patient id", "hospital",
               "unit number", "account")
    return make("MEDICAL_RECORD_NUMBER", "MedicalRecordRecognizer", [(lb + _ID, 0.85)])


def npi() -> EntityRecognizer:
    return make("US_NPI", "NpiRecognizer", [(r"\b[12]\d{9}\b", 0.6)],
                context=["npi", "provider", "national provider"],
                validator=lambda s: npi_ok(digits(s)))


def dea() -> EntityRecognizer:
    # First letter is the registrant type; the second the registrant's initial (or 9).
    rx = r"\b[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}\b"
    return make("US_DEA", "DeaRecognizer", [(rx, 0.6)], context=["dea", "registration"],
                validator=lambda s: dea_ok(s.upper()))


def medicare_mbi() -> EntityRecognizer:
    return make("US_MBI", "MbiRecognizer", [(_MBI, 0.5)],
                context=["medicare", "mbi", "beneficiary"])


def health_plan_id() -> EntityRecognizer:
    lb = label("member", "member id", "subscriber", "subscriber id", "policy", "policy id",
               "group", "group id", "plan id", "insurance id", "beneficiary", "medicaid",
               "medicare", "certificate")
    return make("HEALTH_PLAN_ID", "HealthPlanIdRecognizer", [(lb + _ID, 0.85)])


def all_medical() -> list[EntityRecognizer]:
    return [medical_record(), npi(), dea(), medicare_mbi(), health_plan_id()]
