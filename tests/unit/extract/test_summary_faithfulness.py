"""The summary check: invented entities, echoed prompts and copied blocks never pass."""

from __future__ import annotations

from app.core.extract.summarize import faithful_sentences, unsupported_terms

SOURCE = (
    "HARBOR LANE HARDWARE SUPPLY LLC\n1457 Quarry Road, Suite 3\nBrookfield, OR 97812\n"
    "DATE: 03/14/2026\n2 GALV DECK SCREWS 5LB 38.98\nTOTAL 146.32\n"
)


def test_a_faithful_prose_sentence_is_kept() -> None:
    s = "HARBOR LANE HARDWARE SUPPLY LLC sold deck screws on 03/14/2026 for 146.32."
    assert faithful_sentences(s, SOURCE) == [s]


def test_invented_names_numbers_and_dates_are_dropped() -> None:
    assert unsupported_terms("Paid 999.99 to Acme Widgets on 01/01/2020.", SOURCE) == [
        "999.99", "Acme Widgets", "01/01/2020",
    ]
    assert faithful_sentences("The customer Jane Doe paid 146.32 in cash today.", SOURCE) == []


def test_an_echo_of_the_prompt_or_the_document_is_not_a_summary() -> None:
    echo = "<<<\nHARBOR LANE HARDWARE SUPPLY LLC\n1457 Quarry Road, Suite 3\nBrookfield, OR 97812"
    assert faithful_sentences(echo, SOURCE) == []
    assert faithful_sentences("Document: <<< HARBOR LANE HARDWARE SUPPLY LLC >>>", SOURCE) == []
