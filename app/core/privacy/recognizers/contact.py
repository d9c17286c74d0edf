"""Phone, fax and pager numbers as people write them (HIPAA classes 4 and 5).

Presidio's PhoneRecognizer (libphonenumber) is kept; it misses "201/324/1423",
"410 202-6694" in running shorthand, 7-digit local numbers and pager numbers.
"""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from app.core.privacy.recognizers.base import ValidatedPatternRecognizer, label, make

_EXT = r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?"
# A label may hang on the number by a hyphen: "555-0147-Office", "020 7946 0958-Fax".
_TEN = (r"(?<![\d-])(?:\+?1[\s.-])?\(?\d{3}\)?[\s./-]{0,2}\d{3}[\s./-]{1,2}\d{4}" + _EXT
        + r"(?!\d|-\d)")  # "1-800-555-0199" keeps its country code
# International: "+41 (0)96 471 07 95", "+447700 921 916", "03.93.92.16.85", "(37) 788-063",
# "21 284 698 2548". Weak alone (digit groups are everywhere); context or a "+" makes them.
_INTL_PLUS = (r"(?<![\w+])\+\d{1,3}[\s.-]?(?:\(0\)\s?)?\(?\d{1,5}\)?(?:[\s.-]\d{1,5}){1,5}"
              + _EXT + r"(?!\w|-\d)")
# The last group may be a six-digit subscriber number ("99 668472"). Groups are never joined
# across lines: "Portugal 30971\n21 253 109 8211" is a postcode, then a phone number.
_GROUPS = (r"(?<![\w+.,/-])(?:\(\d{1,4}\)[ \t]?|\d{2,5}[ \t.-])(?:\d{2,5}[ \t.-]){0,4}\d{2,6}"
           + _EXT + r"(?!\w|-\d|[.,/]\d)")
# With its extension, so that it and not the loose digit groups (dropped in notes) is the
# span kept for "AT WORK 555-1234 EXT 22".
_SEVEN = r"(?<![\d/.-])\d{3}-\d{4}" + _EXT + r"(?![\d-])"
# After a phone cue, a local number written with a space or dot ("CALL HER AT 555 1234") and a
# pager number with a hyphen ("BEEPER #4-1234").
_CUE = (r"(?<=\b(?i:call(?:ed)?|phone|tel|cell|home|work|pager|beeper|page|number|reach)"
        r"(?:\s+(?i:her|him|them|me|us|family|wife|husband|son|daughter))?(?:\s+(?i:at|is|was))?"
        r"\W{1,3})")  # "HER NUMBER IS 555 1234"
_SEVEN_SPACED = _CUE + r"\d{3}[ .]\d{4}(?![\d.-]?\d)"
_PAGER_HYPHEN = _CUE + r"[#x]?\d{1,2}-\d{4,5}\b(?!-\d)"  # "call x4-5678"


_PAGER = label("pager", "beeper", "page", "pgr", "pg", "ext", "extension", "cell", "home",
               "phone", "tel", "fax", "call", "beep") + r"\d{4,7}\b"  # "CELL 5551234"
# The loose digit groups come last: on an equal span the earlier pattern is kept, and the
# clinical-notes pack drops the loose one in notes (`ShorthandPhoneRecognizer.loose`).
_PATTERNS = [(_TEN, 0.7), (_SEVEN, 0.5), (_PAGER, 0.75), (_INTL_PLUS, 0.6),
             (_SEVEN_SPACED, 0.6), (_PAGER_HYPHEN, 0.6), (_GROUPS, 0.25)]
_NAME = "ShorthandPhoneRecognizer"
# Presidio names a pattern "<recognizer> <index>" (`base.make`) and reports it in a result.
_LOOSE_PATTERN = f"{_NAME} {len(_PATTERNS) - 1}"


class ShorthandPhoneRecognizer(ValidatedPatternRecognizer):
    """The phone shapes people write; its own class so that filters can judge its results."""

    @staticmethod
    def loose(r: RecognizerResult) -> bool:
        """The result came from the loose international digit groups."""
        return getattr(r.analysis_explanation, "pattern_name", None) == _LOOSE_PATTERN


def phone() -> EntityRecognizer:
    return make("PHONE_NUMBER", _NAME, _PATTERNS,
                context=["phone", "call", "tel", "cell", "home", "pager", "fax", "contact", "#",
                         "mobile", "desk", "office", "reach", "number", "messages", "text",
                         "whatsapp", "dial", "ring", "telephone"],
                validator=_phone_digits_ok, kind=ShorthandPhoneRecognizer)


def _phone_digits_ok(text: str) -> bool:
    if regex.fullmatch(r"[#x]?\d{1,2}-\d{4,5}", text):
        return True  # a pager number after a cue ("BEEPER #4-1234")
    n = sum(ch.isdigit() for ch in text.split("x")[0].split("ext")[0])
    return 4 <= n <= 15 and (n >= 7 or text.isdigit())  # short: a pager number
