"""The real analyzer: Presidio + slim spaCy + our recognizers, offline."""

from __future__ import annotations

from app.core import netguard
from app.core.privacy.analyzer import PiiAnalyzer, get_analyzer

NOTE = (
    "Patient: John Smith  DOB: 03/14/1931  MRN: 00123456\n"
    "Email john.smith@example.com, portal https://www.example.org/chart\n"
    "Lives at 42 Elm Street Apt 3, Boston, MA 02118. Phone 617-555-0134.\n"
    "NPI 1234567893. SSN 219-09-9999. A 93 yo man.\n"
)


def _values(analyzer: PiiAnalyzer, text: str) -> dict[str, str]:
    return {text[f.start:f.end]: f.type for f in analyzer.analyze(text)}


def test_finds_planted_identifiers_without_egress(pii_analyzer: PiiAnalyzer) -> None:
    analyzer = pii_analyzer
    netguard.reset_attempts()
    got = _values(analyzer, NOTE)
    for value in ("John Smith", "03/14/1931", "00123456", "john.smith@example.com",
                  "https://www.example.org/chart", "1234567893", "219-09-9999", "93"):
        assert value in got, f"missed {value!r}: {got}"
    assert any(v.startswith("42 Elm Street") for v in got)
    assert any("617-555-0134" in v for v in got)
    assert netguard.attempts() == []  # tldextract used its bundled snapshot


def test_header_words_are_never_findings(pii_analyzer: PiiAnalyzer) -> None:
    analyzer = pii_analyzer
    text = "DOB MRN SSN Patient\nPatient Name: Alice Walker"
    got = _values(analyzer, text)
    assert not {"DOB", "MRN", "SSN", "Patient"} & set(got)
    assert "Alice Walker" in got


def test_upper_case_note(pii_analyzer: PiiAnalyzer) -> None:
    analyzer = pii_analyzer
    text = "PT SEEN BY DR RIDLON. DAUGHTER PHILOMENA CALLED. TRANSFER FROM CALVERT HOSPITAL 7/23."
    got = _values(analyzer, text)
    for value in ("RIDLON", "PHILOMENA", "CALVERT HOSPITAL", "7/23"):
        assert any(value in v for v in got), f"missed {value!r}: {got}"
    assert not any(v in ("PT", "BY", "CALLED") for v in got)


def test_pages_are_numbered_and_overlaps_resolved(pii_analyzer: PiiAnalyzer) -> None:
    analyzer = pii_analyzer
    findings = analyzer.analyze_pages(["Nothing here.", "Call Mary Jones at 617-555-0134."])
    assert {f.page for f in findings} == {2}
    spans = sorted((f.start, f.end) for f in findings)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no overlaps remain


def test_allow_list_and_deny_terms(pii_analyzer: PiiAnalyzer) -> None:
    analyzer = pii_analyzer
    custom = PiiAnalyzer(nlp_engine=analyzer.nlp_engine, allow_list=["Mary Jones"],
                         deny_terms=["Project Falcon"])
    got = _values(custom, "Mary Jones leads Project Falcon.")
    assert "Mary Jones" not in got
    assert got.get("Project Falcon") == "CUSTOM_TERM"


def test_factory_is_a_singleton(pii_analyzer: PiiAnalyzer) -> None:
    analyzer = pii_analyzer
    assert get_analyzer() is analyzer
    assert analyzer.nlp_engine.nlp["en"].pipe_names == ["ner"]


def test_validated_types_name_merged_spans(pii_analyzer: PiiAnalyzer) -> None:
    text = "Her SSN is 219-09-9999 and the server is 192.168.10.22, call 617-555-0134."
    got = _values(pii_analyzer, text)
    assert got.get("219-09-9999") == "US_SSN"
    assert got.get("192.168.10.22") == "IP_ADDRESS"
    assert got.get("617-555-0134") == "PHONE_NUMBER"


def test_batch_documents_do_not_share_names(pii_analyzer: PiiAnalyzer) -> None:
    docs = pii_analyzer.analyze_batch(["DR HEALEY AWARE OF K 3.1", "HEALEY IN TO SEE PT"])
    assert docs[1] == []  # no cue in the second document, nothing carried over
    pages = pii_analyzer.analyze_pages(["DR HEALEY AWARE OF K 3.1", "HEALEY IN TO SEE PT"])
    assert any(f.page == 2 for f in pages)  # one document: the name propagates
