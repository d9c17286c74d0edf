"""Which regexes can only match text with a digit (the analyzer skips their recognizers on
text without one)."""

from __future__ import annotations

import pytest
from presidio_analyzer import Pattern, PatternRecognizer

from app.core.privacy.pattern_digits import needs_digit, regex_needs_digit


@pytest.mark.parametrize("rx", [
    r"\b\d{3}-\d{2}-\d{4}\b",
    r"[0-9]{5}(?:-[0-9]{4})?",
    r"(?:MRN|ID)\s*[:#]?\s*\d+",          # every branch of the label is followed by digits
    r"(?:a\d|[1-9]x)",                     # every branch needs one
    r"(?=\d)\w+",                          # a positive lookahead needs one
    r"(?i:inv)-\d{4}",
])
def test_needs_a_digit(rx: str) -> None:
    assert regex_needs_digit(rx)


@pytest.mark.parametrize("rx", [
    r"[A-Z]{2}\d?",                        # optional digit
    r"(?:abc|\d+)",                        # one branch has none
    r"\d*[a-z]+",                          # zero or more
    r"(?!\d)\w+",                          # a negative lookahead
    r"[^a-z]+",                            # a negated class
    r"\w+@\w+\.com",                       # \w also matches letters
    r"\p{L}\d",                            # syntax Python's parser lacks: assume it may match
])
def test_may_match_without_a_digit(rx: str) -> None:
    assert not regex_needs_digit(rx)


def _rec(*regexes: str) -> PatternRecognizer:
    return PatternRecognizer(supported_entity="X", name="X", supported_language="en",
                             patterns=[Pattern(f"p{i}", rx, 0.5) for i, rx in enumerate(regexes)])


def test_recognizer_needs_every_pattern_to_need_a_digit() -> None:
    assert needs_digit(_rec(r"\d{4}", r"#\d+"))
    assert not needs_digit(_rec(r"\d{4}", r"[A-Z]{3}"))


def test_recognizer_with_its_own_analyze_is_never_skipped() -> None:
    class Custom(PatternRecognizer):
        def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # noqa: ANN001
            return []

    rec = Custom(supported_entity="X", name="X", supported_language="en",
                 patterns=[Pattern("p", r"\d+", 0.5)])
    assert not needs_digit(rec)
