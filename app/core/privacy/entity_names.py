"""Identifier types in words: "PHONE_NUMBER" is "Phone" on a legend and "2 phone numbers" in a
sentence. Qt-free, so the audit report and the GUI say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping

# Short labels for legends, tooltips and settings lists.
_LABELS = {"DATE_TIME": "Date/time", "NRP": "Nationality/group", "US_SSN": "US SSN",
           "IBAN_CODE": "IBAN", "URL": "URL", "IP_ADDRESS": "IP address",
           "EMAIL_ADDRESS": "E-mail", "MEDICAL_RECORD_NUMBER": "MRN", "PHONE_NUMBER": "Phone",
           "MANUAL": "Added by you"}

# (singular, plural) nouns for counts in sentences; other types are derived from their name.
_NOUNS = {
    "PERSON": ("person name", "person names"),
    "PHONE_NUMBER": ("phone number", "phone numbers"),
    "DATE_TIME": ("date", "dates"),
    "LOCATION": ("place", "places"),
    "ORGANIZATION": ("organization", "organizations"),
    "EMAIL_ADDRESS": ("e-mail address", "e-mail addresses"),
    "US_SSN": ("US Social Security number", "US Social Security numbers"),
    "MEDICAL_RECORD_NUMBER": ("medical record number", "medical record numbers"),
    "NRP": ("nationality or group", "nationalities or groups"),
    "IBAN_CODE": ("IBAN", "IBANs"),
    "URL": ("URL", "URLs"),
    "IP_ADDRESS": ("IP address", "IP addresses"),
    "CREDIT_CARD": ("credit card number", "credit card numbers"),
    "CUSTOM_TERM": ("always-redact term", "always-redact terms"),
    "MANUAL": ("passage marked by the reviewer", "passages marked by the reviewer"),
    "UK_NHS": ("NHS number", "NHS numbers"),
    "US_ITIN": ("US taxpayer number", "US taxpayer numbers"),
}


def pretty(entity: str) -> str:
    """'PHONE_NUMBER' → 'Phone', 'MEDICAL_LICENSE' → 'Medical license' (legends, tooltips)."""
    return _LABELS.get(entity) or entity.replace("_", " ").capitalize()


def count_phrase(entity: str, n: int) -> str:
    """(PERSON, 3) → '3 person names'; (PHONE_NUMBER, 1) → '1 phone number'."""
    one, many = _NOUNS.get(entity) or _derived(entity)
    return f"{n:,} {one if n == 1 else many}"


def counts_sentence(counts: Mapping[str, int]) -> str:
    """{'PERSON': 3, 'PHONE_NUMBER': 1} → '3 person names, 1 phone number' (largest first)."""
    items = sorted(counts.items(), key=lambda kv: (-int(kv[1]), kv[0]))
    return ", ".join(count_phrase(str(k), int(v)) for k, v in items)


_ABBREVIATIONS = frozenset({"US", "UK", "EU", "NHS", "VAT", "IBAN", "SSN", "EIN", "ITIN", "ID",
                            "IP", "URL", "PAN", "ABN", "ACN", "TFN", "NRIC", "FIN"})


def _derived(entity: str) -> tuple[str, str]:
    # 'MEDICAL_LICENSE' → 'medical license'; abbreviations stay capitals ('UK_NHS' → 'UK NHS').
    one = " ".join(w if w in _ABBREVIATIONS else w.lower() for w in entity.split("_"))
    return one, one + ("es" if one.endswith(("s", "x", "sh", "ch")) else "s")
