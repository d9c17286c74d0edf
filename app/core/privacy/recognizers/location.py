"""Places smaller than a state: street addresses (`address`), a unit alone, ZIP codes.

HIPAA Safe Harbor class 2 (geographic subdivisions smaller than a state). Presidio has no
street-address recognizer; spaCy finds cities (GPE) but not "12 Elm St Apt 3".
"""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer

from app.core.privacy.recognizers.address import StreetAddressRecognizer
from app.core.privacy.recognizers.base import make

_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR".split()
)
_STATE_RX = "|".join(_STATES)
_UNIT_ONLY = r"(?-i:\b(?:Apt|Suite|Ste|Unit|Flat)\.?\s*#?\d{1,5}[A-Za-z]?\b)"


def street_address() -> EntityRecognizer:
    return StreetAddressRecognizer()


def unit_only() -> EntityRecognizer:
    return make("STREET_ADDRESS", "UnitRecognizer", [(_UNIT_ONLY, 0.5)])


def zip_code() -> EntityRecognizer:
    # A ZIP only after a state code (case-sensitive) or an address word: bare 5-digit
    # numbers are doses, lab values and pager numbers far more often than ZIP codes.
    after_state = rf"(?<=\b(?:{_STATE_RX})\.?,?\s{{1,3}})\d{{5}}(?:-\d{{4}})?\b"
    after_label = (r"(?<=\b(?i:zip|zip code|postal code|postcode)(?:\s+is)?\s*:?\s*)"
                   r"\d{3,5}(?:[- ]\d{2,4})?\b")
    return make("ZIP_CODE", "ZipCodeRecognizer", [(after_state, 0.75), (after_label, 0.85)],
                flags=regex.MULTILINE)


def all_location() -> list[EntityRecognizer]:
    return [street_address(), unit_only(), zip_code()]
