"""What our fast paths assume of Presidio's internals, checked against the installed version,
so an upgrade that changes them fails here and not silently in the analyzer: `LazyNlpArtifacts`
skips `NlpArtifacts.__init__`, and `analyzer._compile` fills a pattern's compiled regex the
way `PatternRecognizer.analyze` would."""

from __future__ import annotations

import regex
import spacy
from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.nlp_engine import NlpArtifacts

from app.core.privacy.analyzer import _compile
from app.core.privacy.nlp import LazyNlpArtifacts


class _Engine:
    """Enough of an NlpEngine for `set_keywords` (it asks for stop words and punctuation)."""

    def is_stopword(self, word: str, language: str) -> bool:
        return word in {"the", "a"}

    def is_punct(self, word: str, language: str) -> bool:
        return not any(c.isalnum() for c in word)


def test_lazy_artifacts_match_presidio_artifacts() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Call the clinic about MRN 88123 today.")
    engine = _Engine()
    real = NlpArtifacts(entities=[], tokens=doc, tokens_indices=[t.idx for t in doc],
                        lemmas=[t.lower_ for t in doc], nlp_engine=engine, language="en")
    lazy = LazyNlpArtifacts(doc, [], [], engine, "en")  # type: ignore[arg-type]
    for name in vars(real):
        assert hasattr(lazy, name), f"Presidio's NlpArtifacts gained {name!r}"
    assert lazy.lemmas == real.lemmas
    assert lazy.tokens_indices == real.tokens_indices
    assert lazy.keywords == real.keywords
    assert list(lazy.scores) == list(real.scores)


def test_compile_fills_what_analyze_would() -> None:
    ours = PatternRecognizer(supported_entity="X", patterns=[Pattern("p", r"\bA\d{3}\b", 0.5)])
    theirs = PatternRecognizer(supported_entity="X", patterns=[Pattern("p", r"\bA\d{3}\b", 0.5)])
    _compile(ours)
    theirs.analyze("code a123 and A456", entities=["X"])
    for mine, presidio in zip(ours.patterns, theirs.patterns, strict=True):
        assert set(vars(mine)) == set(vars(presidio))
        assert mine.compiled_with_flags == presidio.compiled_with_flags
        assert isinstance(presidio.compiled_regex, regex.Pattern)
        assert mine.compiled_regex.pattern == presidio.compiled_regex.pattern
        assert mine.compiled_regex.flags == presidio.compiled_regex.flags
