"""Which local model a workspace uses: the choice in its settings, checked before it is stored.

The pipeline asks `model_name(workspace)` for every document, so a model chosen in the app (or
stored by any other front end) is the one the next document is processed with. "" means the
default: `ENCLAVE_MODEL`, else the manifest's default, else the only GGUF present.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.errors import ModelError
from app.core.llm.models import ModelReport, inspect_model, load_manifest, resolve_model
from app.core.paths import models_dir
from app.core.settings import LOCAL_MODEL


def model_name(workspace: Any) -> str:
    """The workspace's chosen GGUF ("" for the default; no workspace: the default)."""
    return LOCAL_MODEL.get(workspace) if workspace is not None else ""


def model_in_use(workspace: Any, directory: Path | None = None) -> Path:
    """The file the next document will be processed with (ModelError when there is none)."""
    return resolve_model(model_name(workspace) or None, directory)


def choose_model(workspace: Any, name: str, directory: Path | None = None) -> ModelReport | None:
    """Use `name` (a file in models/, or "" for the default) from the next document on.

    Hashes the file against the manifest when it is listed there (seconds for a large model:
    call it off the GUI thread). A file that is missing, not a GGUF, or does not match its
    manifest hash is refused with the reason and the choice stays as it was."""
    report = None
    if name:
        directory = directory or models_dir()
        if Path(name).name != name:
            raise ModelError(f"{name!r} is not the name of a file in {directory}.")
        entry = load_manifest(directory).get("models", {}).get(name)
        report = inspect_model(directory / name, entry, directory=directory)
        if not report.ok:
            raise ModelError(report.problem or f"{name} cannot be used ({report.status}).")
    LOCAL_MODEL.set(workspace, name)  # audited by key
    return report
