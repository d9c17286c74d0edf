"""Characters a pattern recognizer cannot match without: the analyzer skips it on a text that
lacks them.

Most of our recognizers (SSN, card, IBAN, dates, ZIP, MRN, phone shapes ...) are regexes that
need a digit, an e-mail needs an "@", an IPv6 address a ":"; half the short texts we see (chat
lines, sentences, letters) have no digit at all. Running ~25 regex recognizers on such a text
finds nothing and costs a large part of a short text's analysis.

What a regex needs is read from its parse tree (Python's own regex parser, which reads the
syntax these patterns use): each element that must match at least once gives the set of
characters it can match (a digit class, a literal "@"); an alternation needs one character of
the union of what its branches need; a positive lookaround needs what it contains. Letters in
a case-insensitive pattern, other constructs, and anything the parser cannot read give no
requirement, so a recognizer is skipped only when it certainly cannot match.

Where the characters are there, `may_match` asks each compiled pattern for a first match
before the recognizer runs: Presidio's `analyze` costs several times a regex search in
bookkeeping (timestamps, logging, explanations), and most texts give no match.
"""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
import sys

from presidio_analyzer import EntityRecognizer, PatternRecognizer
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS

# A requirement: a match contains at least one of these characters.
Need = frozenset[str]
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_DIGITS: Need = frozenset(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isdecimal())
_MAX_RANGE = 64  # a wider class ([\u0000-\uffff]) is no useful requirement


def _class_chars(items: list, ignore_case: bool) -> Need | None:
    """The characters a class ([0-9], [@＠], \\d) matches, when few and case-free."""
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _MAX_RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            chars.update(_DIGITS)
        else:
            return None  # a negation, \w, \s, a wide range
    if not chars or ignore_case and any(c.lower() != c.upper() for c in chars):
        return None  # case folding reaches further than lower/upper ("ſ" is "s")
    return frozenset(chars)


def _needs(seq, ignore_case: bool) -> list[Need]:
    """Requirements of a sequence: every one must be met by the text."""
    out: list[Need] = []
    for op, av in seq:
        if op is sre.LITERAL:
            need = _class_chars([(op, av)], ignore_case)
            if need:
                out.append(need)
        elif op is sre.IN:
            need = _class_chars(av, ignore_case)
            if need:
                out.append(need)
        elif op is sre.SUBPATTERN:
            add, remove = av[1], av[2]
            case = (ignore_case or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
            out += _needs(av[3], case)
        elif op is sre.ATOMIC_GROUP:
            out += _needs(av, ignore_case)
        elif op in _REPEATS and av[0] >= 1:
            out += _needs(av[2], ignore_case)
        elif op is sre.BRANCH:
            # One branch matches: the text has a character of the union of the branches'
            # smallest requirements (a branch without any makes the union useless).
            per_branch = [_needs(alt, ignore_case) for alt in av[1]]
            if all(per_branch):
                out.append(frozenset().union(*(min(n, key=len) for n in per_branch)))
        elif op is sre.ASSERT:
            out += _needs(av[1], ignore_case)
    return out


def regex_needs(pattern: str, flags: int = 0) -> list[Need]:
    """Character sets a text must each share a character with to contain a match of
    `pattern` (empty: no requirement known)."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - syntax Python's parser lacks: no requirement known
        return []
    return _needs(parsed, bool(parsed.state.flags & re.IGNORECASE))


def plain(recognizer: EntityRecognizer) -> bool:
    """A pattern recognizer with Presidio's own `analyze`: it finds only its patterns'
    matches (then checked and scored)."""
    return isinstance(recognizer, PatternRecognizer) \
        and type(recognizer).analyze is PatternRecognizer.analyze and bool(recognizer.patterns)


def may_match(recognizer: PatternRecognizer, text: str) -> bool:
    """Whether one of a plain recognizer's compiled patterns matches somewhere in `text` (a
    search that times out counts as a match: the recognizer then runs as usual)."""
    try:
        return any(p.compiled_regex.search(text, timeout=REGEX_TIMEOUT_SECONDS)
                   for p in recognizer.patterns)
    except TimeoutError:
        return True


def recognizer_needs(recognizer: EntityRecognizer) -> list[list[Need]] | None:
    """Per pattern, its requirements, for a plain pattern recognizer whose every pattern has
    some; otherwise None (always run it)."""
    if not plain(recognizer):
        return None
    flags = recognizer.global_regex_flags or 0
    needs = [regex_needs(p.regex, flags) for p in recognizer.patterns]
    return needs if all(needs) else None


def can_match(needs: list[list[Need]], chars: set[str]) -> bool:
    """Whether some pattern's requirements are all met by a text made of `chars`."""
    return any(all(not n.isdisjoint(chars) for n in pattern) for pattern in needs)
