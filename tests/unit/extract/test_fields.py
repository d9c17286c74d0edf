"""FieldExtractor without a real model: when the model is asked, how its vote mixes, few-shot
examples from corrections, and what confidence means."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.documents import Document, Page
from app.core.extract import chooser as Q
from app.core.extract import confidence as K
from app.core.extract.chooser import choice_messages
from app.core.extract.fields import FieldExtractor
from app.core.extract.gather import gather
from app.core.extract.lines import document_lines
from app.core.extract.profiles import get_profile
from app.core.llm.base import Completion

CLOSE_TOTALS = "SHOP\nTOTAL 12.00\nITEM A 3.00\nTOTAL 13.00\n"


class FakeModel:
    """A Chooser that prefers a fixed letter and records what it was asked."""

    name = "fake"
    source = "local"

    def __init__(self, prefer: int = 0) -> None:
        self.prefer = prefer
        self.asked: list[list[dict[str, str]]] = []

    def choose(self, messages: list[dict[str, str]], options: list[str]) -> list[float]:
        self.asked.append(messages)
        if set(options) == {"N/A"}:  # the content-free question: no letter preferred
            return [1 / len(options)] * len(options)
        probs = [0.1 / max(1, len(options) - 1)] * len(options)
        probs[min(self.prefer, len(options) - 1)] = 0.9
        return probs

    def chat(self, messages: list[dict[str, str]], **kw: Any) -> Completion:
        self.asked.append(messages)
        return Completion(text='{"value": ""}', mean_prob=0.5)


def _doc(text: str) -> Document:
    return Document("t.txt", "text", [Page(1, text)], "x" * 64)


def test_model_is_not_asked_when_the_rules_are_sure() -> None:
    model = FakeModel()
    text = "SHOP\nTOTAL ROUNDED RM 9.90\nCASH RM 10.00\nCHANGE RM 0.10\n"
    f = FieldExtractor(model).extract(_doc(text), get_profile("receipt"), [])
    assert f["total"].value == "9.90" and "model_prob" not in f["total"].signals


def test_model_breaks_a_close_tie_and_its_vote_is_recorded() -> None:
    rules = FieldExtractor(None).extract(_doc(CLOSE_TOTALS), get_profile("receipt"), [])["total"]
    assert rules.signals["margin"] < 0.15
    runner_up = 1 if rules.value == "13.00" else 0
    model = FakeModel(prefer=runner_up)
    f = FieldExtractor(model).extract(_doc(CLOSE_TOTALS), get_profile("receipt"), [])["total"]
    assert "model_prob" in f.signals and f.signals["model_choice"] is False
    assert f.value != rules.value and f.confidence < 0.9


def test_examples_from_corrections_prefer_a_known_value_and_reach_the_prompt() -> None:
    text = (
        "KEDAI RUNCIT AH HOCK\nAH HOCK TRADING\nNO 5, JALAN BESAR,\n45600 BATANG BERJUNTAI\nTEL: "
        "03-1234567\n"
    )
    plain = FieldExtractor(None).extract(_doc(text), get_profile("receipt"), [])["company"]
    taught = FieldExtractor(None, examples=[("company", "KEDAI RUNCIT AH HOCK")]).extract(
        _doc(text), get_profile("receipt"), []
    )["company"]
    assert plain.value == "AH HOCK TRADING"
    assert taught.value == "KEDAI RUNCIT AH HOCK" and "known" in taught.signals["methods"]
    msgs = choice_messages(
        "doc", get_profile("receipt").field("company"), ["A", "B"], ["KEDAI RUNCIT AH HOCK"]
    )
    assert "KEDAI RUNCIT AH HOCK" in msgs[-1]["content"]


def test_model_is_not_asked_to_write_values_only_patterns_can_produce() -> None:
    model = FakeModel()
    f = FieldExtractor(model).extract(_doc("no amounts or dates here"), get_profile("receipt"), [])
    assert f["total"].value is None and f["date"].value is None
    asked = " ".join(m[-1]["content"] for m in model.asked)
    assert "total" not in asked and "date of the purchase" not in asked


def test_letter_bias_is_divided_out() -> None:
    class BiasedModel(FakeModel):
        name = "biased"

        def choose(self, messages: list[dict[str, str]], options: list[str]) -> list[float]:
            return [0.8, 0.2]  # "A", whatever the options, the content-free ones too

    doc = _doc("TOTAL 1.00\nTOTAL 2.00")
    profile = get_profile("receipt")
    spec = profile.field("total")
    cands = gather(doc, document_lines(doc), spec, [], profile)[:2]
    assert Q.choose(BiasedModel(), doc, spec, cands) == pytest.approx([0.5, 0.5])


def test_confidence_falls_with_a_close_runner_up_invalid_value_and_model_dissent() -> None:
    sure = K.combine(0.9, margin=0.5)
    assert K.combine(0.9, margin=0.02) < sure
    assert K.combine(0.9, margin=0.5, valid=False) < sure
    assert K.combine(0.9, margin=0.5, agreement=3) > sure
    assert K.combine(0.6, margin=0.1, model_prob=0.8, model_agrees=True) > K.combine(
        0.6, margin=0.1
    )
    assert K.combine(0.6, margin=0.1, model_prob=0.8, model_agrees=False) < K.combine(
        0.6, margin=0.1
    )
    assert 0.0 <= K.combine(1.5, 1.0, 5) <= 0.99


def test_multi_valued_field_has_a_confidence_per_value() -> None:
    text = (
        "This Agreement is made as of May 1, 2020 by and between Acme Widgets, Inc., a Delaware "
        "corporation "
        "(“Acme”), and Jane Q. Public (“Employee”)."
    )
    f = FieldExtractor(None).extract(_doc(text), get_profile("nda"), [])["party"]
    assert len(f.signals["confidences"]) == len(f.value) == len(f.spans) == 2
    assert f.confidence == min(f.signals["confidences"])
