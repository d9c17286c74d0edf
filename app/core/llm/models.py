"""The models in `models/`: the manifest of known hashes, and which GGUF to use."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import ModelError
from app.core.paths import models_dir

GGUF_MAGIC = b"GGUF"


@dataclass(frozen=True)
class ModelFile:
    path: Path
    size: int
    expected_sha256: str | None  # from the manifest, when the model is known

    @property
    def name(self) -> str:
        return self.path.name


def load_manifest(directory: Path | None = None) -> dict:
    path = (directory or models_dir()) / "manifest.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return {"default": None, "models": {}}
    except (OSError, ValueError) as exc:
        raise ModelError(f"models/manifest.json could not be read: {exc}") from exc


def list_models(directory: Path | None = None) -> list[ModelFile]:
    directory = directory or models_dir()
    known = load_manifest(directory).get("models", {})
    out = []
    for p in sorted(directory.glob("*.gguf")):
        out.append(ModelFile(p, p.stat().st_size, known.get(p.name, {}).get("sha256")))
    return out


def resolve_model(name: str | None = None, directory: Path | None = None) -> Path:
    """The GGUF to load: `name` (a file in models/ or a path), `ENCLAVE_MODEL`, the manifest's
    default, or the only GGUF present. A clear error when there is none."""
    directory = directory or models_dir()
    name = name or os.environ.get("ENCLAVE_MODEL")
    if name:
        p = Path(name)
        p = p if p.is_absolute() or p.exists() else directory / name
        if not p.is_file():
            raise ModelError(f"The model {name} was not found in {directory}.")
        return p
    default = load_manifest(directory).get("default")
    if default and (directory / default).is_file():
        return directory / default
    models = list_models(directory)
    if models:
        return models[0].path
    raise ModelError(
        f"No GGUF model in {directory}: run `make run` to install the default model, or drop a "
        ".gguf file there."
    )


_shared: dict[Path, object] = {}
_shared_lock = threading.Lock()


def shared_local_llm(name: str | None = None):  # -> LocalLLM
    """One warm `LocalLLM` per model file for the whole process (CLI, GUI and tests share it)."""
    from app.core.llm.local import LocalLLM

    path = resolve_model(name).resolve()
    with _shared_lock:
        llm = _shared.get(path)
        if llm is None:
            llm = _shared[path] = LocalLLM(path)
        return llm
