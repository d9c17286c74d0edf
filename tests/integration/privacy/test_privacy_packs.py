"""The general engine alone (`PiiAnalyzer(packs=())`) and with its packs, with spaCy."""

from __future__ import annotations

from app.core.privacy.analyzer import PiiAnalyzer

NOTE = """Neuro: pt sedated on propofol, perrl. Resp: on psv 10/5, abg ok.
Social: Patient Maria Gonzalez, SSN 219-09-9999, daughter's e-mail maria.g@example.com,
call (617) 555-0134 with questions. Transferred to Calvert Hospital."""


def _found(analyzer: PiiAnalyzer, text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in analyzer.analyze(text):
        out.setdefault(f.type, set()).add(text[f.start:f.end])
    return out


def test_the_general_engine_finds_the_standard_identifiers(pii_analyzer: PiiAnalyzer) -> None:
    bare = PiiAnalyzer(nlp_engine=pii_analyzer.nlp_engine, packs=())
    found = _found(bare, NOTE)
    assert "maria.g@example.com" in found.get("EMAIL_ADDRESS", set())
    assert any("555-0134" in s for s in found.get("PHONE_NUMBER", set()))
    assert "219-09-9999" in found.get("US_SSN", set())
    assert any("Gonzalez" in s for s in found.get("PERSON", set()))


def test_the_notes_pack_adds_its_recognizers_and_filters(pii_analyzer: PiiAnalyzer) -> None:
    bare = _found(PiiAnalyzer(nlp_engine=pii_analyzer.nlp_engine, packs=()), NOTE)
    full = _found(pii_analyzer, NOTE)
    # The facility recognizer is the pack's: "Transferred to Calvert Hospital" ...
    assert any("Calvert" in s for s in full.get("LOCATION", set()))
    assert not any("Calvert" in s for s in bare.get("LOCATION", set()))
    # ... and so is the filter that reads "psv 10/5" as a ventilator setting.
    assert "10/5" in bare.get("DATE_TIME", set())
    assert "10/5" not in full.get("DATE_TIME", set())
