"""The shapes libphonenumber's matcher accepts, for finding where it can match at all.

The analyzer runs Presidio's PhoneRecognizer (libphonenumber's `PhoneNumberMatcher`, once per
region) only over windows around what could be a phone number (`analyzer._phone_windows`).
That needs two pieces of the matcher's grammar: the punctuation it allows between digits and
the ways it writes an extension. `phonenumbers` keeps both private (`_VALID_PUNCTUATION`,
`_EXTN_PATTERNS_FOR_MATCHING` in `phonenumberutil`), and a private name can change in any
release without notice; so they are written out here, as libphonenumber 9 defines them
(`PhoneNumberUtil.VALID_PUNCTUATION` and `createExtnPattern(false)` in the Java original).
`tests/unit/privacy/test_privacy_packs.py` compares them with the installed library's, so a
release that changes the grammar fails a test instead of silently narrowing the windows.
"""

from __future__ import annotations

# Dashes, spaces, full stops, slashes, brackets, tildes and "x" (a carrier placeholder), with
# their full-width forms.
VALID_PUNCTUATION = ("-x\u2010-\u2015\u2212\u30FC\uFF0D-\uFF0F "
                     "\u00A0\u00AD\u200B\u2060\u3000()\uFF08\uFF09\uFF3B\uFF3D.\\[\\]/~\u2053"
                     "\u223C\uFF5E")


def _digits(max_length: int) -> str:
    return f"(\\d{{1,{max_length}}})"


def _extension_pattern() -> str:
    """An extension after a number: ";ext=123" (RFC 3966), an explicit label ("ext. 123",
    "extension 12"), a one-character or uncommon label ("x123", "#12", "int 12"), or the
    American "- 503#". Extensions by less certain labels may have fewer digits."""
    separators = "[ \u00A0\\t,]*"
    after_label = "[:\\.\uFF0E]?[ \u00A0\\t,-]*"
    suffix = "#?"
    explicit = ("(?:e?xt(?:ensi(?:o\u0301?|\u00F3))?n?|\uFF45?\uFF58\uFF54\uFF4E?|"
                "\u0434\u043E\u0431|anexo)")
    ambiguous = "(?:[x\uFF58#\uFF03~\uFF5E]|int|\uFF49\uFF4E\uFF54)"
    return "|".join((
        ";ext=" + _digits(20),
        separators + explicit + after_label + _digits(20) + suffix,
        separators + ambiguous + after_label + _digits(9) + suffix,
        "[- ]+" + _digits(6) + "#",
    ))


# Matched case-insensitively, as libphonenumber does.
EXTENSION_PATTERN = _extension_pattern()
