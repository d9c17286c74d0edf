"""Organisations and places in clinical notes, with the real analyzer (Presidio + spaCy).

Diagnoses, section headings, drugs and instruments are not ORGANIZATION or LOCATION, while the
hospital and the town in the same note still are (issue 17: masked vocabulary hides the record).
"""

from __future__ import annotations

import pytest

from app.core.documents import Finding
from app.core.errors import ProfileError
from app.core.privacy.analyzer import PiiAnalyzer

PLACES = ("ORGANIZATION", "LOCATION")

DISCHARGE = """PROVIDENCE ST. VINCENT MEDICAL CENTER
Department of Internal Medicine
DISCHARGE SUMMARY

HISTORY OF PRESENT ILLNESS:
Mr. Okafor is a 67-year-old retired teacher from Portland, Oregon, admitted with chest pain.

Diagnoses:
1. Community-acquired pneumonia, right lower lobe
2. Type 2 diabetes mellitus, poorly controlled
3. Hypertension

Hospital Course:
Hemostasis was not an issue. He was treated at Providence St. Vincent Medical Center in
Portland, Oregon, with metoprolol 25 mg twice daily, and improved.

Allergies: Penicillin
"""

# MTSamples' layout: one line, headings in capitals followed by ":,".
OPERATIVE = (
    "PREOPERATIVE DIAGNOSIS:,  Right inguinal hernia.,POSTOPERATIVE DIAGNOSIS:,  Right "
    "inguinal hernia.,ANESTHESIA:,  General.,PROCEDURE:,  The patient was taken to the "
    "operating room at Mercy General Hospital in Sacramento.  A Pfannenstiel incision was "
    "made.  Hemostasis was obtained.  The hernia sac was dissected with Metzenbaum scissors "
    "and a Veress needle was placed.  The fascia was closed with 0 Vicryl and the skin with "
    "4-0 Monocryl.  Dressings of Kerlix and Tegaderm were applied.  0.25% Marcaine was "
    "infiltrated.  The specimen was sent to Pathology.  The patient was taken to the "
    "Postanesthesia Care Unit in stable condition."
)


def _places(findings: list[Finding], text: str) -> list[str]:
    return [text[f.start:f.end] for f in findings if f.type in PLACES]


def _covered(findings: list[Finding], text: str, phrase: str, start: int = 0) -> bool:
    i = text.index(phrase, start)
    return any(f.type in PLACES and f.start <= i and i + len(phrase) <= f.end
               for f in findings)


def _touched(findings: list[Finding], text: str, phrase: str) -> list[str]:
    i = text.index(phrase)
    return [text[f.start:f.end] for f in findings
            if f.type in PLACES and f.start < i + len(phrase) and i < f.end]


@pytest.mark.parametrize("phrase", ["Hypertension", "Hospital Course", "DISCHARGE SUMMARY",
                                    "HISTORY OF PRESENT ILLNESS", "Department of Internal",
                                    "Hemostasis", "Diagnoses", "Allergies", "Penicillin"])
def test_headings_and_diagnoses_are_not_places(pii_analyzer: PiiAnalyzer, phrase: str) -> None:
    findings = pii_analyzer.analyze(DISCHARGE)
    assert not _touched(findings, DISCHARGE, phrase), _places(findings, DISCHARGE)


def test_the_hospital_and_the_town_still_are(pii_analyzer: PiiAnalyzer) -> None:
    findings = pii_analyzer.analyze(DISCHARGE)
    body = DISCHARGE.index("He was treated")
    assert _covered(findings, DISCHARGE, "Providence St. Vincent Medical Center", body)
    assert _covered(findings, DISCHARGE, "PROVIDENCE ST. VINCENT MEDICAL CENTER")
    assert _covered(findings, DISCHARGE, "Portland")
    assert _covered(findings, DISCHARGE, "Portland", body)
    assert any(f.type == "PERSON" and DISCHARGE[f.start:f.end] == "Okafor" for f in findings)


def test_a_span_never_runs_across_a_blank_line(pii_analyzer: PiiAnalyzer) -> None:
    # spaCy reads "Hypertension\n\nHospital Course" as one ORG; a line break ends a name.
    findings = pii_analyzer.analyze(DISCHARGE)
    assert not [s for s in _places(findings, DISCHARGE) if "\n\n" in s]


@pytest.mark.parametrize("phrase", ["Pfannenstiel", "Hemostasis", "Metzenbaum", "Veress",
                                    "Vicryl", "Monocryl", "Kerlix", "Tegaderm", "Marcaine",
                                    "Pathology", "Postanesthesia Care Unit", "General.",
                                    "PREOPERATIVE DIAGNOSIS", "ANESTHESIA"])
def test_clinical_vocabulary_in_an_operative_note(pii_analyzer: PiiAnalyzer,
                                                  phrase: str) -> None:
    findings = pii_analyzer.analyze(OPERATIVE)
    assert not _touched(findings, OPERATIVE, phrase), _places(findings, OPERATIVE)


def test_the_operative_notes_hospital_and_city_stay(pii_analyzer: PiiAnalyzer) -> None:
    findings = pii_analyzer.analyze(OPERATIVE)
    assert _covered(findings, OPERATIVE, "Mercy General Hospital")
    assert _covered(findings, OPERATIVE, "Sacramento")


def test_the_clinical_pack_is_what_drops_brands_and_switches_off(
        pii_analyzer: PiiAnalyzer) -> None:
    # The clinical-reports pack off, the clinical-notes pack (the facility recognizer) on.
    bare = PiiAnalyzer(nlp_engine=pii_analyzer.nlp_engine, packs=("clinical_notes",))
    without = _places(bare.analyze(OPERATIVE), OPERATIVE)
    with_pack = _places(pii_analyzer.analyze(OPERATIVE), OPERATIVE)
    # spaCy alone takes brands and eponyms for organisations; the pack removes them...
    assert set(without) - set(with_pack), (without, with_pack)
    # ... and only them: what the pack keeps, the bare analyzer found too.
    assert set(with_pack) <= set(without)


def test_unknown_pack_is_an_error(pii_analyzer: PiiAnalyzer) -> None:
    with pytest.raises(ProfileError, match="no privacy pack named 'legal'"):
        PiiAnalyzer(nlp_engine=pii_analyzer.nlp_engine, packs=("legal",))


def test_outside_clinical_text_a_mid_sentence_company_stays(pii_analyzer: PiiAnalyzer) -> None:
    text = ("Climate Corporation is the brainchild of our founders. The invoice was sent to "
            "Bluestem Analytics Inc. in Denver.")
    findings = pii_analyzer.analyze(text)
    assert _covered(findings, text, "Climate Corporation")
    assert _covered(findings, text, "Bluestem Analytics")
    assert _covered(findings, text, "Denver")
