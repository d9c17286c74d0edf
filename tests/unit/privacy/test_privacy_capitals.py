"""Where capitals say nothing (headings, labels, openings), and the clinical pack's signals."""

from __future__ import annotations

import pytest

from app.core.privacy.capitals import (
    capitals_say_nothing,
    heading_or_plain_opening,
    ordinary,
    split_lines,
)
from app.core.privacy.packs.clinical_notes import reports as clinical

TEXT = ("Diagnoses:\n3. Hypertension\n\nHospital Course:\nShe presented. Hemostasis was good. "
        "Seen at Mercy Hospital. Climate Corporation is big. Estonia was fun.\n"
        "Department of Internal Medicine\nUnited Kingdom\nRIVERBEND GENERAL HOSPITAL\n"
        "He spoke to Fuse TV: nothing.")


def _at(phrase: str) -> tuple[int, int]:
    i = TEXT.index(phrase)
    return i, i + len(phrase)


@pytest.mark.parametrize("phrase", ["Hypertension", "Hospital Course", "Hemostasis",
                                    "Department of Internal Medicine", "Diagnoses"])
def test_ordinary_words_where_capitals_say_nothing(phrase: str) -> None:
    assert heading_or_plain_opening(TEXT, *_at(phrase))


@pytest.mark.parametrize("phrase", [
    "Mercy Hospital",              # mid-sentence capitals mean a name
    "Climate Corporation",         # a capital past the first word of a sentence
    "Estonia",                     # a country at a sentence start
    "United Kingdom",              # a country on a line of its own
    "RIVERBEND GENERAL HOSPITAL",  # a word that is not ordinary vocabulary
    "Fuse TV",                     # a colon mid-sentence introduces a quote, not a label
])
def test_names_stay_names(phrase: str) -> None:
    assert not heading_or_plain_opening(TEXT, *_at(phrase))


def test_capitals_after_the_first_word_carry_meaning() -> None:
    assert capitals_say_nothing(TEXT, *_at("Hemostasis"))
    assert not capitals_say_nothing(TEXT, *_at("Climate Corporation"))
    assert not capitals_say_nothing(TEXT, *_at("Mercy Hospital"))


def test_ordinary_vocabulary() -> None:
    assert ordinary("hypertension") and ordinary("Postanesthesia") and ordinary("course")
    assert not ordinary("Portland") and not ordinary("Oregon") and not ordinary("Estonia")
    assert not ordinary("Hospital") and ordinary("Hospital", label=True)
    assert not ordinary("Riverbend")


def test_split_lines_cuts_at_line_breaks_and_label_colons() -> None:
    text = "Hypertension\n\nHospital Course and Fetal Position: Variable"
    pieces = [text[s:e] for s, e in split_lines(text, 0, len(text))]
    assert pieces == ["Hypertension", "Hospital Course and Fetal Position", "Variable"]
    url = "see http://x.org"
    assert [url[s:e] for s, e in split_lines(url, 0, len(url))] == [url]


def test_a_clinical_document_by_its_headings_or_its_prose() -> None:
    assert clinical.applies("HISTORY OF PRESENT ILLNESS:, Cough.,ALLERGIES:, None.")
    assert clinical.applies("Diagnoses:\n1. Asthma\n\nHospital Course:\nStable.")
    assert clinical.applies("SUBJECTIVE: ok. OBJECTIVE: ok. ASSESSMENT: ok.")
    assert clinical.applies("The patient underwent a laparoscopic cholecystectomy.")
    assert not clinical.applies("Findings: none. Plan: sign the contract.")
    assert not clinical.applies("Send it to PO Box 12, ID 4471, attention Mr. Reyes.")


@pytest.mark.parametrize("text,phrase", [
    ("dissected with Metzenbaum scissors", "Metzenbaum"),
    ("the Olympus video colonoscope was passed", "Olympus"),
    ("closed with #3-0 Vicryl in layers", "Vicryl"),
    ("0.25% Marcaine was infiltrated", "Marcaine"),
    ("Flomax 0.4 mg daily", "Flomax"),
    ("12.5 mg of Demerol", "Demerol"),
    ("a history of Huntington disease", "Huntington"),
])
def test_brands_and_eponyms(text: str, phrase: str) -> None:
    i = text.index(phrase)
    assert clinical.brand_or_eponym(text, i, i + len(phrase))


def test_a_hospital_is_no_brand() -> None:
    text = "transferred to Mercy General Hospital in Sacramento for care"
    i = text.index("Mercy General Hospital")
    assert not clinical.brand_or_eponym(text, i, i + len("Mercy General Hospital"))
