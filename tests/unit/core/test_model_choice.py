"""The workspace's model choice: typed, checked before it is stored, and what the pipeline loads
(issue 18: it was saved and never read). No weights are loaded here."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import ModelError
from app.core.llm.models import resolve_model
from app.core.llm.selection import choose_model, model_in_use
from app.core.pipeline import Pipeline
from app.core.settings import LOCAL_MODEL, LOCK_MINUTES


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    real = resolve_model()
    d = tmp_path / "models"
    d.mkdir()
    shutil.copy(real.parent / "manifest.json", d)
    shutil.copyfile(real, d / real.name)
    shutil.copyfile(real, d / "other.gguf")
    monkeypatch.setenv("ENCLAVE_MODELS_DIR", str(d))
    return d


def test_a_setting_keeps_its_type(workspace: Any) -> None:
    assert LOCK_MINUTES.get(workspace) == 15 and LOCAL_MODEL.get(workspace) == ""
    workspace.settings.set(LOCK_MINUTES.key, True)  # stored by hand: not a number of minutes
    assert LOCK_MINUTES.get(workspace) == 15
    with pytest.raises(TypeError):
        LOCK_MINUTES.set(workspace, "ten")  # type: ignore[arg-type]
    assert LOCK_MINUTES.set(workspace, 5) and not LOCK_MINUTES.set(workspace, 5)
    assert LOCK_MINUTES.get(workspace) == 5


def test_the_pipeline_loads_the_chosen_model(workspace: Any, models: Path) -> None:
    pipeline = Pipeline(workspace=workspace)
    default = pipeline.llm
    assert default.model_path == (models / resolve_model().name).resolve()
    choose_model(workspace, "other.gguf")
    assert model_in_use(workspace) == models / "other.gguf"
    assert pipeline.llm.name == "other.gguf"  # the next document, without a restart
    assert pipeline.llm is not default
    choose_model(workspace, "")  # back to the default
    assert pipeline.llm is default


def test_a_model_that_fails_its_check_is_not_chosen(workspace: Any, models: Path) -> None:
    target = models / resolve_model().name  # listed in the manifest with its hash
    data = bytearray(target.read_bytes())
    data[-10] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="does not match its SHA-256 in the manifest"):
        choose_model(workspace, target.name)
    (models / "notes.gguf").write_text("not a model")
    with pytest.raises(ModelError, match="is not a GGUF model file"):
        choose_model(workspace, "notes.gguf")
    with pytest.raises(ModelError, match="is not the name of a file"):
        choose_model(workspace, "../elsewhere.gguf")
    assert LOCAL_MODEL.get(workspace) == ""


@pytest.fixture
def fake_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A models/ folder of two stand-in files: what is resolved, not what loads."""
    d = tmp_path / "fake-models"
    d.mkdir()
    (d / "manifest.json").write_text('{"default": "small.gguf", "models": {}}')
    for name in ("small.gguf", "large.gguf"):
        (d / name).write_bytes(b"GGUF")
    monkeypatch.setenv("ENCLAVE_MODELS_DIR", str(d))
    monkeypatch.delenv("ENCLAVE_MODEL", raising=False)
    return d


def test_the_chosen_file_is_what_the_pipeline_asks_for(workspace: Any, fake_models: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str | None] = []

    class Stand:  # what `shared_local_llm` hands out, without weights
        def unload(self) -> None:
            pass

    monkeypatch.setattr("app.core.llm.local.shared_local_llm",
                        lambda name=None: asked.append(name) or Stand())
    pipeline = Pipeline(workspace=workspace)
    assert model_in_use(workspace) == fake_models / "small.gguf"  # nothing chosen: the default
    LOCAL_MODEL.set(workspace, "large.gguf")  # as the settings dialog stores it
    assert model_in_use(workspace) == fake_models / "large.gguf"
    pipeline.llm  # noqa: B018 - the property is the lookup
    assert asked == ["large.gguf"]


def test_a_chosen_file_that_is_gone_is_named(workspace: Any, fake_models: Path) -> None:
    LOCAL_MODEL.set(workspace, "large.gguf")
    (fake_models / "large.gguf").unlink()
    with pytest.raises(ModelError, match=r"The model large\.gguf was not found"):
        model_in_use(workspace)
