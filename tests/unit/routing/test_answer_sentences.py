"""The cloud tier's summary is checked sentence by sentence: a title's period ("Mrs.") does not
cut a sentence in two (which dropped the title or the sentence)."""

from __future__ import annotations

from app.core.documents import Document, Page
from app.core.privacy.pseudonymize import MemoryVault, Pseudonymizer
from app.core.routing.answer import AnswerChecker

SOURCE = ("Discharge summary. Mrs. Okafor was admitted with community acquired pneumonia.\n"
          "She was treated with antibiotics and discharged home.")


def test_a_summary_sentence_after_a_title_is_kept_whole() -> None:
    doc = Document(name="d.txt", kind="text", pages=[Page(number=1, text=SOURCE)],
                   sha256="0" * 64)
    checker = AnswerChecker(doc, "case", Pseudonymizer(MemoryVault()), "cloud", "cloud",
                            mapping={"<PERSON_1>": "Okafor"})
    verdict = checker.summary("Mrs. <PERSON_1> was admitted with community acquired pneumonia.")
    assert verdict.summary.text == "Mrs. Okafor was admitted with community acquired pneumonia."
