"""The screen masking of text derived from a document (fields, summary, names): every
occurrence of every term, whatever the case and the line breaks, spaces kept."""

from __future__ import annotations

from app.core.privacy.masking import MASK, mask_terms, masking_terms, name_tokens


def test_every_occurrence_any_case_any_white_space() -> None:
    text = "Seen by TOBIAS LINDQVIST; Dr. Tobias\nLindqvist signed."
    out = mask_terms(text, ["Tobias Lindqvist"])
    assert "obias" not in out.lower() and "lindqvist" not in out.lower()
    assert out == ("Seen by ██████ █████████; Dr. ██████\n█████████ signed.")
    assert len(out) == len(text), "white space and length are kept"


def test_longest_term_first_and_whole_match() -> None:
    out = mask_terms("Call (503) 555-0192 now", ["555", "(503) 555-0192"])
    assert out == "Call █████ ████████ now"


def test_short_terms_are_whole_words_long_ones_anywhere() -> None:
    assert mask_terms("Li took Lisinopril", ["Li"]) == "██ took Lisinopril"
    # A finding whose span cut a word still hides the rest of the name around it.
    assert MASK * 6 in mask_terms("Mrs. Okonkwo-Hale", ["Okonkw"])
    assert "kw" not in mask_terms("Mrs. Okonkwo-Hale", ["Okonkw"])


def test_nothing_to_mask() -> None:
    assert mask_terms("Plain text", []) == "Plain text"
    assert mask_terms("J. Smith", ["J", "  "]) == "J. Smith", "an initial alone is no term"
    assert mask_terms("", ["x y"]) == ""


def test_a_person_is_also_masked_word_by_word_without_titles() -> None:
    assert name_tokens("Dr. Tobias Lindqvist, MD") == ["Tobias", "Lindqvist"]
    terms = masking_terms([("PERSON", "Dr. Tobias Lindqvist"), ("PHONE_NUMBER", "555-0192"),
                           ("ORGANIZATION", "Riverbend General Hospital")])
    assert "Lindqvist" in terms and "Tobias" in terms and "Dr" not in terms
    assert "555" not in terms and "0192" not in terms, "only names are split into words"
    # The recognizer files a patient's name under ORGANIZATION at times: split it too, without
    # the generic words of a real organisation's name.
    assert {"Riverbend"} <= set(terms) and "General" not in terms and "Hospital" not in terms
    out = mask_terms("Attending: Lindqvist, MD. Dr. Smith at Riverbend. A general hospital.",
                     terms)
    assert "Lindqvist" not in out and "Riverbend" not in out
    assert "MD" in out and "Dr. Smith" in out and "A general hospital." in out
