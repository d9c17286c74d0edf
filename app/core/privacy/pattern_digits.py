"""Which pattern recognizers can only ever match text that contains a digit.

Most of our recognizers (SSN, card, IBAN, dates, ZIP, MRN, phone shapes ...) are regexes that
need at least one digit; half the short texts we see (chat lines, sentences, letters) have
none. Running ~25 regex recognizers on such a text finds nothing and costs a large part of a
short text's analysis, so the analyzer skips them there.

Whether a regex needs a digit is read from its parse tree (Python's own regex parser, which
reads the syntax these patterns use): it does when some element that must match at least once
matches only digits, when every branch of an alternation needs one, or when a positive
lookaround needs one. Anything the parser cannot read, or any construct not listed, counts as
"may match without a digit", so a recognizer is skipped only when that is certain.
"""

from __future__ import annotations

import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]

from presidio_analyzer import EntityRecognizer, PatternRecognizer

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _only_digits(items: list) -> bool:
    """A character class ([0-9], [\\d], [1-9]) that matches nothing but digits."""
    for op, av in items:
        if op is sre.LITERAL and chr(av).isdecimal():
            continue
        if op is sre.RANGE and ord("0") <= av[0] and av[1] <= ord("9"):
            continue
        if op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            continue
        return False  # a negation, a letter, another category
    return bool(items)


def _needs_digit(seq) -> bool:
    for op, av in seq:
        if op is sre.LITERAL and chr(av).isdecimal():
            return True
        if op is sre.IN and _only_digits(av):
            return True
        if op is sre.SUBPATTERN and _needs_digit(av[3]):
            return True
        if op is sre.ATOMIC_GROUP and _needs_digit(av):
            return True
        if op in _REPEATS and av[0] >= 1 and _needs_digit(av[2]):
            return True
        if op is sre.BRANCH and all(_needs_digit(alt) for alt in av[1]):
            return True
        if op is sre.ASSERT and _needs_digit(av[1]):
            return True
    return False


def regex_needs_digit(pattern: str, flags: int = 0) -> bool:
    """True when no string without a digit can contain a match of `pattern`."""
    try:
        return _needs_digit(sre_parse.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - syntax Python's parser lacks: assume it may match
        return False


def needs_digit(recognizer: EntityRecognizer) -> bool:
    """True for a plain pattern recognizer (Presidio's own `analyze`) whose every pattern
    needs a digit: on a text without digits it cannot find anything."""
    if not isinstance(recognizer, PatternRecognizer) \
            or type(recognizer).analyze is not PatternRecognizer.analyze:
        return False
    flags = recognizer.global_regex_flags or 0
    return bool(recognizer.patterns) and all(
        regex_needs_digit(p.regex, flags) for p in recognizer.patterns)
