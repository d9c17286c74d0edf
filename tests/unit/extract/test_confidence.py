"""Calibrated confidence: a fitted model per field kind turns stored signals into P(right); kinds
without one keep the hand-set rule."""

from __future__ import annotations

from app.core.documents import Document, Page
from app.core.extract import confidence as K
from app.core.extract.fields import FieldExtractor
from app.core.extract.profiles import builtin_profiles, get_profile


def _doc(text: str) -> Document:
    return Document("t.txt", "text", [Page(1, text)], "x" * 64)


def test_a_fitted_model_turns_features_into_a_probability() -> None:
    models = {"k": {"bias": -1.0, "prior": 4.0, "rivals": -1.0}}
    sure = K.calibrated("k", {"bias": 1.0, "prior": 0.9}, models)
    doubt = K.calibrated("k", {"bias": 1.0, "prior": 0.9, "rivals": 2.0}, models)
    weak = K.calibrated("k", {"bias": 1.0, "prior": 0.2}, models)
    assert sure is not None and doubt is not None and weak is not None
    assert weak < doubt < sure <= K.MAX_CONF
    assert K.calibrated("other", {"bias": 1.0}, models) is None
    assert K.calibrated("k", {"bias": 1.0, "prior": 100.0}, models) == K.MAX_CONF


def test_shipped_calibration_covers_the_benchmarked_fields_of_real_profiles() -> None:
    models = K.load()
    for kind in ("address:address", "organization[]:party", "date:effective_date", "term:term"):
        assert kind in models, kind
    kinds = {
        K.field_kind(f.type, f.name, f.multiple)
        for p in builtin_profiles().values()
        for f in p.fields
    }
    assert set(models) <= kinds  # no model for a field no profile has


def test_signals_the_features_are_read_from_are_stored_with_the_field() -> None:
    text = "SHOP\nTOTAL 12.00\nITEM A 3.00\nTOTAL 13.00\n"
    f = FieldExtractor(None).extract(_doc(text), get_profile("receipt"), [])["total"]
    kind = K.field_kind("amount", "total", False)
    assert {"prior", "margin", "rivals", "candidates", "methods", "valid"} <= set(f.signals)
    assert f.confidence == K.calibrated(kind, K.features(f.signals, f.value))


def test_a_field_kind_without_a_model_keeps_the_hand_set_rule() -> None:
    text = "Patient: Victor Halloran\nMRN: 55102934\n"
    f = FieldExtractor(None).extract(_doc(text), get_profile("clinical"), [])["mrn"]
    assert K.field_kind("identifier", "mrn", False) not in K.load()
    s = f.signals
    assert f.confidence == K.combine(s["prior"], s["margin"], s["agreement"], s["valid"])


def test_a_party_repeating_another_listed_partys_words_is_less_certain() -> None:
    signals = {"priors": [0.8, 0.8], "methods": [["preamble"], ["preamble"]], "candidates": 2}
    kind = K.field_kind("organization", "party", True)
    apart = K.calibrated(kind, K.value_features(signals, 1, ["Acme Widgets Inc.", "Zenith LLC"]))
    twice = K.calibrated(
        kind, K.value_features(signals, 1, ["Clovis Oncology Inc.", "Clovis Oncology"])
    )
    assert apart is not None and twice is not None and twice < apart


def test_a_person_shaped_party_name_is_a_feature() -> None:
    signals = {"priors": [0.8, 0.8], "methods": [["preamble"], ["preamble"]], "candidates": 2}
    names = ["Acme Widgets Inc.", "James C. Lee"]
    assert [K.value_features(signals, i, names)["person"] for i in range(2)] == [0.0, 1.0]
