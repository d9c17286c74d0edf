"""The analyzer's shortcuts give what the long way gives: the context boost on only the
results it can change, artifacts built on demand, recognizers skipped where they cannot
match (a character all their matches need is missing; no phone-number shape)."""

from __future__ import annotations

import copy

import pytest
from presidio_analyzer import AnalysisExplanation, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from app.core.privacy import analyzer as analyzer_module
from app.core.privacy.analyzer import PiiAnalyzer
from tests.unit.privacy.filtering import keep

TEXTS = [
    "Call me at 617-555-0134 or write to 42 Elm Street, Boston, MA 02118.",
    "Her SSN is 219-09-9999, card 4111 1111 1111 1111, born 03/14/1961.",
    "Tamsin, can I please speak to your boss?",
    "PT'S WIFE CALLED AT 1400, PHONE 555 1234, MRN 00123456.",
]


def _raw(analyzer: PiiAnalyzer, text: str) -> tuple[list[RecognizerResult], NlpArtifacts]:
    artifacts = next(analyzer.nlp_engine.artifacts([text]))
    results = []
    for rec in analyzer.recognizers:
        for r in rec.analyze(text=text, entities=analyzer.entities, nlp_artifacts=artifacts) or ():
            r.recognition_metadata = {**(r.recognition_metadata or {}),
                                      RecognizerResult.RECOGNIZER_NAME_KEY: rec.name,
                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: rec.id}
            if r.analysis_explanation is None:
                r.analysis_explanation = AnalysisExplanation(rec.name, r.score)
            results.append(r)
    return results, artifacts


@pytest.mark.parametrize("text", TEXTS)
def test_context_boost_as_the_engine_gives_it(pii_analyzer: PiiAnalyzer, text: str) -> None:
    results, artifacts = _raw(pii_analyzer, text)
    ours = pii_analyzer._enhance(text, copy.deepcopy(results), artifacts)
    engine = pii_analyzer.engine._enhance_using_context(text, copy.deepcopy(results), artifacts,
                                                        pii_analyzer.recognizers, None)
    assert [(r.entity_type, r.start, r.end, r.score) for r in ours] == \
        [(r.entity_type, r.start, r.end, r.score) for r in engine]


@pytest.mark.parametrize("text", TEXTS)
def test_artifacts_on_demand_equal_presidios(pii_analyzer: PiiAnalyzer, text: str) -> None:
    lazy = next(pii_analyzer.nlp_engine.artifacts([text]))
    doc = lazy.tokens
    eager = NlpArtifacts(entities=lazy.entities, tokens=doc,
                         tokens_indices=[t.idx for t in doc], lemmas=[t.lower_ for t in doc],
                         nlp_engine=pii_analyzer.nlp_engine, language="en", scores=lazy.scores)
    assert lazy.lemmas == eager.lemmas
    assert lazy.tokens_indices == eager.tokens_indices
    assert lazy.keywords == eager.keywords


@pytest.mark.parametrize("text", [
    "IP 192.168.10.22 and 10.0.0.1",      # dotted groups: no phone number is kept with a "."
    "BP 120/80 HR 88 RR 16 T 37.2",       # short groups
    "Seen on 12.03.2021 at 10.30",
])
def test_phone_matcher_skipped_only_where_it_finds_nothing_kept(pii_analyzer: PiiAnalyzer,
                                                                 text: str) -> None:
    assert not analyzer_module._PHONE_SHAPE.search(text)
    assert not analyzer_module._PHONE_EXTENSION.search(text)
    rec = next(r for r in pii_analyzer.recognizers if r.name == "PhoneRecognizer")
    for r in rec.analyze(text, ["PHONE_NUMBER"]):
        r.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] = "PhoneRecognizer"
        assert not keep(text, r, shorthand=False, clinical=False)


@pytest.mark.parametrize("text", ["call 617 555 0134", "+49 30 1234567", "(020) 7946-0958",
                                  "desk 4567 ext. 12"])
def test_phone_shapes_open_the_matcher(text: str) -> None:
    assert analyzer_module._PHONE_SHAPE.search(text) or analyzer_module._PHONE_EXTENSION.search(text)


def test_guarded_recognizers_are_the_regex_ones(pii_analyzer: PiiAnalyzer) -> None:
    names = {r.name for r in pii_analyzer.recognizers if r.id in pii_analyzer._needs}
    assert {"UsSsnRecognizer", "CardNumberRecognizer", "ZipCodeRecognizer",
            "EmailRecognizer"} <= names
    assert not names & {"SpacyRecognizer", "PhoneRecognizer", "NameGazetteerRecognizer",
                        "StreetAddressRecognizer", "IbanRecognizer"}


def test_regexes_compiled_when_the_analyzer_is_built(pii_analyzer: PiiAnalyzer) -> None:
    # The guards skip most regex recognizers on a first text without digits: their patterns
    # must not be left to compile inside a later document. (A fresh registry: the shared
    # analyzer's recognizers have run already.)
    fresh = PiiAnalyzer(nlp_engine=pii_analyzer.nlp_engine)
    for rec in fresh.recognizers:
        if isinstance(rec, PatternRecognizer):
            assert all(p.compiled_regex is not None for p in rec.patterns), rec.name


_PROSE = ("The parties met in the autumn and agreed that the notice would be sent by courier "
          "and that every question about it would be put to the office named below, ")
_LONG_LINE = (_PROSE + "in London on +44 20 7946 0958 ext. 214, or in Berlin on (030) 1234 5678, "
              + _PROSE + "quoting order 88123 and invoice 03/14/2024.")


@pytest.mark.parametrize("text", [_LONG_LINE, "Line one.\nCall +49 30 1234567 today.\nEnd 1"])
def test_phone_matcher_on_windows_finds_what_it_finds_on_the_text(
        pii_analyzer: PiiAnalyzer, text: str) -> None:
    # libphonenumber runs on the stretches around phone shapes only: on the whole text it
    # must find nothing more.
    rec = next(r for r in pii_analyzer.recognizers if r.name == "PhoneRecognizer")
    artifacts = next(pii_analyzer.nlp_engine.artifacts([text]))
    whole = {(r.start, r.end, r.entity_type) for r in rec.analyze(text, ["PHONE_NUMBER"])}
    windows = analyzer_module._phone_windows(text)
    assert len(text) < 100 or sum(e - s for s, e in windows) < len(text) / 2
    found = {(r.start, r.end, r.entity_type) for r in analyzer_module._phone_results(
        rec, text, windows, artifacts, ["PHONE_NUMBER"])}
    assert found == whole and whole
