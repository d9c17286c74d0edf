"""bench.calibrate over one dev set keeps the other set's fitted field kinds."""

from __future__ import annotations

import json
from pathlib import Path

from bench.calibrate import kept_models


def test_kinds_without_values_keep_their_shipped_model(tmp_path: Path) -> None:
    shipped = tmp_path / "extract.json"
    models = {
        "amount:total": {"n": 50, "weights": {"bias": 2.4}},
        "term:term": {"n": 39, "weights": {"bias": 2.0}},
    }
    shipped.write_text(json.dumps({"models": models}))
    assert kept_models(shipped, {"term:term", "organization[]:party"}) == {
        "amount:total": models["amount:total"]
    }


def test_no_shipped_file_keeps_nothing(tmp_path: Path) -> None:
    assert kept_models(tmp_path / "missing.json", set()) == {}
    (tmp_path / "bad.json").write_text("{not json")
    assert kept_models(tmp_path / "bad.json", set()) == {}
