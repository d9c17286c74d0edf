"""Round-2 detection mechanisms: misspelt words are not names, a cue does not reach across a
sentence end, spaCy findings in clinical prose need a name-like word. Texts are invented; no
development data."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from app.core.privacy.filters import keep
from app.core.privacy.recognizers import names
from app.core.privacy.recognizers.gazetteer import is_misspelt_word
from app.core.privacy.register import clinical_context


def spans(rec, text: str) -> list[str]:
    return [text[r.start:r.end] for r in rec.analyze(text, rec.supported_entities, None)
            if r.score >= 0.4]


@pytest.mark.parametrize("word", ["VISISTED", "DOAPMINE", "INCOSISTENTLY", "decesion"])
def test_misspelt_words(word: str) -> None:
    assert is_misspelt_word(word)


@pytest.mark.parametrize("word", ["Szczepanik", "Quartermain", "Andersson", "Rossetti", "Cole"])
def test_names_are_not_misspellings(word: str) -> None:
    # Unknown names, a name one letter from another name, a gazetteer name, a short name.
    assert not is_misspelt_word(word)


@pytest.mark.parametrize(("text", "bad"), [
    ("son and husband visisted today", "visisted"),
    ("HOUSE STAFF NOTIFIED. DOAPMINE TITRATED UP", "DOAPMINE"),
    ("WIFE CALLED; OVERNIGHTER PLANS UNCHANGED", "OVERNIGHTER"),
])
def test_no_name_from_a_misspelling_or_across_a_sentence(text: str, bad: str) -> None:
    assert not any(bad in s for s in spans(names.NameRecognizer(), text))


def test_relation_still_names_an_unknown_word() -> None:
    assert "SZCZEPANIK" in spans(names.NameRecognizer(), "HUSBAND SZCZEPANIK IN TO VISIT")


def _spacy(text: str, span: str, kind: str = "PERSON") -> RecognizerResult:
    i = text.index(span)
    return RecognizerResult(kind, i, i + len(span), 0.85,
                            recognition_metadata={"recognizer_name": "SpacyRecognizer"})


def test_clinical_context_needs_two_markers() -> None:
    assert clinical_context("Pt remains on vent, ABG pending.")
    assert not clinical_context("The pt was here.")
    assert not clinical_context("Meet me at 12 Elm St tomorrow.")


@pytest.mark.parametrize(("span", "kind", "kept"), [
    ("Cont mech", "ORGANIZATION", False),    # shorthand words
    ("Getting Albuterol", "ORGANIZATION", False),  # an ordinary word and a drug
    ("Treatments", "PERSON", False),
    ("CPNCP", "ORGANIZATION", False),        # an abbreviation
    ("Szczepanik", "PERSON", True),          # a name-like word
    ("Sacred Heart", "ORGANIZATION", True),  # words of facility names
])
def test_spacy_in_clinical_prose(span: str, kind: str, kept: bool) -> None:
    text = (f"Vent settings unchanged, ABG ok. {span} here today. Cont mech vent support. "
            "Getting Albuterol. Treatments. CPNCP. Szczepanik. Sacred Heart.")
    assert keep(text, _spacy(text, span, kind), clinical=True) is kept


def test_spacy_outside_clinical_prose_unchanged() -> None:
    text = "Treatments by Getting Albuterol, a band."
    assert keep(text, _spacy(text, "Getting Albuterol", "ORGANIZATION"))
    assert not keep(text, _spacy(text, "Getting Albuterol", "ORGANIZATION"), clinical=True)
