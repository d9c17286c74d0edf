"""Sentence splitting of model summaries: abbreviations and initials do not end a sentence."""

from __future__ import annotations

import pytest

from app.core.extract.summarize import drop_unfinished, faithful_sentences, split_sentences


@pytest.mark.parametrize(
    "text",
    [
        "Mrs. Jane Roe was seen by Dr. Alan Poe on 03/14/2026.",
        "Mr. Bob Smith lives at St. Mary Road.",
        "The goods were delivered to No. 53 Jalan Sagu.",
        "Acme Widgets Inc. and Jane Roe agree to confidentiality.",
        "Acme Widgets Inc. (the Company) agrees to confidentiality.",
        "The note was signed by J. R. Smith and J.R. Roe.",
        "Several items, e.g. screws and nails, were bought in the U.S. store.",
    ],
)
def test_an_abbreviation_or_initial_does_not_end_a_sentence(text: str) -> None:
    assert split_sentences(text) == [text]


def test_real_sentence_ends_still_split() -> None:
    text = 'Jane paid 146.32. Was it cash? Yes! She said "keep it." Acme Inc. The end.'
    assert split_sentences(text) == [
        "Jane paid 146.32.",
        "Was it cash?",
        "Yes!",
        'She said "keep it."',
        "Acme Inc.",  # a company suffix before a capital: the sentence ends
        "The end.",
    ]


def test_no_ends_a_sentence_unless_a_number_follows() -> None:
    assert split_sentences("The answer was No. Then it was 5.") == [
        "The answer was No.",
        "Then it was 5.",
    ]


def test_a_blank_line_always_separates() -> None:
    assert split_sentences("Summary\n\nMrs. Roe paid.") == ["Summary", "Mrs. Roe paid."]


def test_faithful_sentences_keep_a_sentence_with_a_title_whole() -> None:
    source = "Patient Jane Roe was seen by Dr. Alan Poe. Follow-up in two weeks."
    s = "Patient Jane Roe was seen by Dr. Alan Poe for follow-up."
    # Split after "Dr." the halves are "...seen by Dr." and "Alan Poe for follow-up.".
    assert faithful_sentences(s, source) == [s]


def test_a_text_cut_off_after_a_title_is_unfinished() -> None:
    assert drop_unfinished("Jane Roe was admitted. She was seen by Dr.") == (
        "Jane Roe was admitted."
    )
    assert drop_unfinished("Seen by Dr.") == ""
    assert drop_unfinished("Jane Roe was admitted. She was seen") == "Jane Roe was admitted."
    assert drop_unfinished('He said "Stop."') == 'He said "Stop."'
