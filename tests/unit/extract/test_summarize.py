"""Summaries without a real model: faithfulness filtering, chunk choice, the fields fallback."""

from __future__ import annotations

from typing import Any

from app.core.documents import Document, FieldValue, Page, TextSpan
from app.core.extract.profiles import get_profile
from app.core.extract.summarize import Summarizer, chunks, pick_chunks, unsupported_terms
from app.core.llm.base import Completion


class ScriptedModel:
    name = "scripted"
    source = "local"

    def __init__(self, answer: str, tokens_out: int = 0) -> None:
        self.answer = answer
        self.tokens_out = tokens_out
        self.calls = 0

    def chat(self, messages: list[dict[str, str]], **kw: Any) -> Completion:
        self.calls += 1
        return Completion(text=self.answer, tokens_out=self.tokens_out)


def _doc(*pages: str) -> Document:
    return Document("d.pdf", "pdf", [Page(i + 1, t) for i, t in enumerate(pages)], "x" * 64)


def test_sentences_naming_what_the_source_lacks_are_dropped() -> None:
    doc = _doc(
        "Acme Widgets Inc. and Jane Roe agree to keep information confidential for two years."
    )
    model = ScriptedModel(
        "Acme Widgets Inc. and Jane Roe agree to confidentiality. Bob Smith pays $5,000 on March 3."
    )
    s = Summarizer(model).summarize(doc, get_profile("nda"), {})
    assert "Acme Widgets" in s.text and "Bob Smith" not in s.text
    assert unsupported_terms(s.text, doc.text) == []


def test_invented_summary_falls_back_to_grounded_fields() -> None:
    doc = _doc("TOTAL 12.50\nHARBOR LANE HARDWARE")
    fields = {"total": FieldValue("total", "12.50", 0.9, [TextSpan(1, 6, 11)], normalized="12.50")}
    model = ScriptedModel("Zebra Corp sold 40 apples in Paris.")
    s = Summarizer(model).summarize(doc, get_profile("invoice"), fields)
    assert model.calls == 1 and "total: 12.50" in s.text


def test_long_documents_summarize_the_opening_and_the_pages_with_the_terms() -> None:
    pages = [f"Page {i} " + "text " * 700 for i in range(1, 11)]
    doc = _doc(*pages)
    parts = chunks(doc)
    assert len(parts) > 3
    term_page = 7
    fields = {
        "term": FieldValue(
            "term", "two years", 0.8, [TextSpan(term_page, 0, 5)], normalized="2 years"
        )
    }
    chosen = pick_chunks(parts, fields)
    assert chosen[0] == 0 and len(chosen) <= 3
    assert any(term_page in parts[i][0] for i in chosen)
    model = ScriptedModel("Page 1 text text text is described here in a sentence.")
    Summarizer(model).summarize(doc, get_profile("nda"), fields)
    assert model.calls <= 4  # three chunks and, at most, one combining pass


def test_a_sentence_that_names_nothing_from_the_document_is_not_a_summary() -> None:
    doc = _doc("Acme Widgets Inc. and Jane Roe agree to keep information confidential.")
    model = ScriptedModel("The document is quoted data. The document is a summary of an agreement.")
    s = Summarizer(model).summarize(doc, get_profile("nda"), {})
    assert "quoted data" not in s.text and s.source == "local"  # the fields fallback


def test_a_profile_can_summarize_from_its_fields_without_the_model() -> None:
    model = ScriptedModel("HARBOR LANE sold screws.")
    doc = _doc("HARBOR LANE\nTOTAL 12.50")
    fields = {"total": FieldValue("total", "12.50", 0.9, [TextSpan(1, 18, 23)], normalized="12.50")}
    s = Summarizer(model).summarize(doc, get_profile("receipt"), fields)
    assert model.calls == 0 and "total: 12.50" in s.text


def test_a_sentence_cut_off_at_the_token_limit_is_dropped() -> None:
    doc = _doc("Attending: Dr. Tobias Lindqvist, MD\nAllergies: Penicillin (hives), sulfa drugs\n"
               "Patient Hale was treated for pneumonia by Dr. Tobias Lindqvist.")
    fields = {"attending": FieldValue("attending", "Dr. Tobias Lindqvist, MD", 0.9,
                                      [TextSpan(1, 11, 35)])}
    limit = get_profile("clinical").summary_max_tokens
    cut = ScriptedModel("Patient Hale was treated for pneumonia. Tobias Lindqvist, MD Allergies: Pen",
                        tokens_out=limit)
    s = Summarizer(cut).summarize(doc, get_profile("clinical"), fields)
    assert s.text == "Patient Hale was treated for pneumonia."
    only_cut = ScriptedModel("Tobias Lindqvist, MD Allergies: Pen", tokens_out=limit)
    s = Summarizer(only_cut).summarize(doc, get_profile("clinical"), fields)
    assert "Pen" not in s.text.split() and "Lindqvist" in s.text  # the grounded-fields fallback
    finished = ScriptedModel("Tobias Lindqvist, MD treated patient Hale", tokens_out=limit - 1)
    s = Summarizer(finished).summarize(doc, get_profile("clinical"), fields)
    assert s.text == "Tobias Lindqvist, MD treated patient Hale"  # under the limit: kept whole
