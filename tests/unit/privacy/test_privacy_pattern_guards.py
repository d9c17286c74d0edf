"""The characters a regex cannot match without (the analyzer skips its recognizer on a text
that lacks them)."""

from __future__ import annotations

import re

import pytest
import regex
from presidio_analyzer import Pattern, PatternRecognizer

from app.core.privacy.pattern_guards import can_match, may_match, recognizer_needs, regex_needs

TEXTS = ["Call me at 617-555-0134.", "write to ann@example.org", "Tamsin, can I speak to you?",
         "fe80::1ff:fe23", "SWIFT: DEUTDEFF", "Kelvin 5 K; ſtraße"]


@pytest.mark.parametrize(("rx", "flags", "lacking"), [
    (r"\b\d{3}-\d{2}-\d{4}\b", 0, "no digits here"),
    (r"[0-9]{5}(?:-[0-9]{4})?", 0, "no digits here"),
    (r"(?:MRN|ID)\s*[:#]?\s*\d+", 0, "MRN only"),
    (r"(?:a\d|[1-9]x)", 0, "bc"),
    (r"(?=\d)\w+", 0, "words"),
    (r"\w+@\w+\.\w+", 0, "ann at example.org"),
    (r"\b(?:SWIFT|BIC)\s*:\s*[A-Z]{6}", 0, "swift: deutdeff"),     # case-sensitive label
    (r"(?-i:Apt)\s*\d+", re.IGNORECASE, "APT 5"),
])
def test_requirements_exclude_texts_without_them(rx: str, flags: int, lacking: str) -> None:
    needs = regex_needs(rx, flags)
    assert needs
    assert not can_match([needs], set(lacking))
    assert re.search(rx, lacking, flags) is None


@pytest.mark.parametrize(("rx", "flags", "text"), [
    (r"[A-Z]{2}\d?", 0, "AB"),               # an optional digit is no requirement
    (r"(?:abc|\d+)", 0, "42"),               # one branch each
    (r"\d*[a-z]+", re.IGNORECASE, "ſ"),      # case folding reaches further than a-z/A-Z
    (r"(?!\d)\w+", 0, "word"),               # a negative lookahead
    (r"[^a-z]+", 0, "5"),                     # a negated class
])
def test_a_matching_text_is_never_excluded(rx: str, flags: int, text: str) -> None:
    assert re.search(rx, text, flags)
    assert can_match([regex_needs(rx, flags)], set(text))


def test_unreadable_syntax_gives_no_requirement() -> None:
    assert regex_needs(r"\p{L}\d") == []


def test_requirements_never_exclude_a_text_with_a_match() -> None:
    patterns = [r"\b\d{3}-\d{3}-\d{4}\b", r"\w+@\w+\.\w+", r"[0-9a-f:]+::[0-9a-f:]+",
                r"(?<=SWIFT: )[A-Z]{8}", r"(?i:k)elvin", r"(?i)stra(?:ss|ß)e"]
    for rx in patterns:
        needs = regex_needs(rx)
        for text in TEXTS:
            if re.search(rx, text):
                assert can_match([needs], set(text)), (rx, text)


def _rec(*regexes: str) -> PatternRecognizer:
    return PatternRecognizer(supported_entity="X", name="X", supported_language="en",
                             patterns=[Pattern(f"p{i}", rx, 0.5) for i, rx in enumerate(regexes)])


def test_recognizer_needs_a_requirement_in_every_pattern() -> None:
    assert recognizer_needs(_rec(r"\d{4}", r"#\d+")) is not None
    assert recognizer_needs(_rec(r"\d{4}", r"\b[A-Z]{3}\b")) is None


def test_recognizer_with_its_own_analyze_is_never_skipped() -> None:
    class Custom(PatternRecognizer):
        def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # noqa: ANN001
            return []

    rec = Custom(supported_entity="X", name="X", supported_language="en",
                 patterns=[Pattern("p", r"\d+", 0.5)])
    assert recognizer_needs(rec) is None


def test_may_match_is_a_first_search_of_the_compiled_patterns() -> None:
    rec = _rec(r"\b\d{3}-\d{4}\b", r"(?<=MRN:\s?)\d+")
    for p in rec.patterns:  # compiled as Presidio's first analyze (or the analyzer) does
        p.compiled_regex = regex.compile(p.regex, rec.global_regex_flags)
        p.compiled_with_flags = rec.global_regex_flags
    for text in ["call 555-0134", "MRN: 12345", "no numbers here", "room 12-34"]:
        found = rec.analyze(text, ["X"])
        assert may_match(rec, text) == bool(found), text
