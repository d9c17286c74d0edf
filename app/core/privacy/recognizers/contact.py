"""Phone, fax and pager numbers as people write them (HIPAA classes 4 and 5).

Presidio's PhoneRecognizer (libphonenumber) is kept; it misses "201/324/1423",
"410 202-6694" in running shorthand, 7-digit local numbers and pager numbers.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from app.core.privacy.recognizers.base import label, make

_TEN = r"(?<![\d-])\(?\d{3}\)?[\s./-]{0,2}\d{3}[\s./-]{1,2}\d{4}(?![\d-])"
_SEVEN = r"(?<![\d/.-])\d{3}-\d{4}(?![\d-])"


def phone() -> EntityRecognizer:
    pager = label("pager", "beeper", "page", "pgr", "pg", "ext", "extension", "cell", "home",
                  "phone", "tel", "fax", "call", "beep") + r"\d{4,6}\b"
    return make("PHONE_NUMBER", "ShorthandPhoneRecognizer",
                [(_TEN, 0.7), (_SEVEN, 0.5), (pager, 0.75)],
                context=["phone", "call", "tel", "cell", "home", "pager", "fax", "contact", "#"])
