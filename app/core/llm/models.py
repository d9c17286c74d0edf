"""The catalogue of local models: the manifest of known hashes in `models/`, which GGUF to use,
and the registry behind `enclave models list|add|verify`. It reads files and headers only
(`gguf_meta`); loading a model is the backend's (`local.py`), fitting it on a GPU `gpu.py`'s.

A model is *verified* when its SHA-256 matches `models/manifest.json`, *unknown* when the
manifest does not list it, and a *MISMATCH* (refused) when size or hash differ. Hashing a
multi-gigabyte file takes seconds, so a successful check leaves a stamp in `models/.cache/`
(the same one `scripts/install_model.py` writes); `list` and `doctor` trust a stamp newer than
the file with the manifest's size, `verify` always hashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app.core.errors import ModelError
from app.core.llm.gguf_meta import GGUFInfo, read_gguf, render_chat_template
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


# -- the registry: list, add, verify ---------------------------------------------------------

VERIFIED, UNKNOWN, MISMATCH, MISSING, INVALID = (
    "verified", "unknown", "MISMATCH", "MISSING", "INVALID")


@dataclass
class ModelReport:
    """One model's state: its header (when readable), its hash check, and why it failed."""

    name: str
    path: Path
    size: int | None
    status: str  # verified | unknown | MISMATCH | MISSING | INVALID (not a readable GGUF)
    info: GGUFInfo | None = None
    problem: str | None = None  # one sentence when status is MISMATCH/MISSING or unreadable
    sha256: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in (VERIFIED, UNKNOWN) and self.problem is None


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _stamp(directory: Path, name: str) -> Path:
    return directory / ".cache" / f"{name}.verified"


def _stamped(directory: Path, path: Path, sha: str) -> bool:
    stamp = _stamp(directory, path.name)
    try:
        return (stamp.read_text().strip() == sha
                and stamp.stat().st_mtime >= path.stat().st_mtime)
    except OSError:
        return False


def _write_stamp(directory: Path, name: str, sha: str) -> None:
    try:
        _stamp(directory, name).parent.mkdir(exist_ok=True)
        _stamp(directory, name).write_text(sha)
    except OSError:
        pass  # a read-only install still works; it just hashes again next time


def inspect_model(path: Path, entry: dict[str, Any] | None, *, full_hash: bool = False,
                  directory: Path | None = None) -> ModelReport:
    """Read a model's header and check it against its manifest entry (None: not listed)."""
    directory = directory or path.parent
    if not path.is_file():
        return ModelReport(path.name, path, None, MISSING,
                           problem=f"{path.name} is listed in the manifest but not in {directory}.")
    size = path.stat().st_size
    report = ModelReport(path.name, path, size, UNKNOWN if entry is None else VERIFIED)
    try:
        report.info = read_gguf(path)
    except ModelError as exc:
        report.problem = str(exc)
        report.status = INVALID
    if entry is None:
        report.notes.append("not in models/manifest.json: add it with `enclave models add`")
        if full_hash:
            report.sha256 = sha256_of(path)
        return report
    want = entry.get("sha256")
    if entry.get("size") is not None and size != entry["size"]:
        report.status = MISMATCH
        report.problem = report.problem or (
            f"{path.name} has {size:,} bytes but the manifest says {entry['size']:,}: it is "
            "truncated or a different file.")
        return report
    if not full_hash and want and report.info is not None and _stamped(directory, path, want):
        report.sha256 = want
        return report
    report.sha256 = sha256_of(path)
    if want and report.sha256 != want:
        report.status = MISMATCH
        report.problem = (f"{path.name} does not match its SHA-256 in the manifest "
                          f"({report.sha256[:12]}… instead of {want[:12]}…).")
    elif want and report.info is not None:
        _write_stamp(directory, path.name, want)
    return report


def model_reports(directory: Path | None = None, *, full_hash: bool = False) -> list[ModelReport]:
    """Every GGUF in models/ and every manifest entry, checked. A listed model that is absent
    is reported MISSING only when it is the default (others are merely known hashes)."""
    directory = directory or models_dir()
    manifest = load_manifest(directory)
    known: dict[str, Any] = manifest.get("models", {})
    reports = [inspect_model(m.path, known.get(m.name), full_hash=full_hash, directory=directory)
               for m in list_models(directory)]
    default = manifest.get("default")
    if default and not (directory / default).is_file():
        reports.insert(0, inspect_model(directory / default, known.get(default),
                                        directory=directory))
    return reports


def verify_models(directory: Path | None = None) -> list[ModelReport]:
    """`enclave models verify`: hash every model against the manifest."""
    return model_reports(directory, full_hash=True)


def _write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".manifest.", suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    os.replace(tmp, directory / "manifest.json")


def add_model(src: Path, directory: Path | None = None, *, name: str | None = None,
              force: bool = False,
              progress: Callable[[int, int], None] | None = None) -> ModelReport:
    """`enclave models add PATH` and the app's "Add a GGUF…": check a GGUF, copy it into
    models/ (hashing as it copies), and record it in the manifest as added by the user, with
    its SHA-256 and size. The source must be a complete GGUF. `progress(done, total)` is
    called per block; an exception it raises (a cancel) stops the copy and leaves nothing."""
    directory = directory or models_dir()
    src = Path(src)
    info = read_gguf(src)  # refuses a non-GGUF or truncated file with the reason
    notes = []
    if info.chat_template:
        try:
            render_chat_template(info.chat_template, [{"role": "user", "content": "ping"}])
        except ModelError as exc:
            notes.append(f"{exc} Enclave will fall back to ChatML for this model.")
    else:
        notes.append("no chat template in the file: Enclave will use ChatML")
    name = name or src.name
    if not name.endswith(".gguf"):
        name += ".gguf"
    target = directory / name
    manifest = load_manifest(directory)
    models = manifest.setdefault("models", {})
    if name_taken(name, directory) and not force and src.resolve() != target.resolve():
        raise ModelError(f"A model named {name} is already installed; pass --force to replace "
                         "it, or --name to keep both.")
    directory.mkdir(parents=True, exist_ok=True)
    if src.resolve() == target.resolve():  # registering a file already in models/
        sha = sha256_of(target)
    else:
        sha = _copy_hashing(src, target, progress)
    models[name] = {
        "sha256": sha,
        "size": target.stat().st_size,
        "architecture": info.architecture,
        "parameters": info.parameters,
        "quantization": info.quantization,
        "context_length": info.context_length,
        "added": date.today().isoformat(),
        "source": {"file": src.name},
        "user_added": True,  # not one Enclave ships: its hash is the one it had when added
    }
    if not manifest.get("default"):
        manifest["default"] = name
    _write_manifest(directory, manifest)
    _write_stamp(directory, name, sha)
    return ModelReport(name, target, target.stat().st_size, VERIFIED, info, sha256=sha,
                       notes=notes)


def _copy_hashing(src: Path, target: Path,
                  progress: Callable[[int, int], None] | None) -> str:
    """Copy `src` to `target` through a `.part` file, hashing as it goes; the SHA-256."""
    h = hashlib.sha256()
    total, done = src.stat().st_size, 0
    partial = target.with_name(target.name + ".part")
    try:
        with src.open("rb") as fin, partial.open("wb") as fout:
            while block := fin.read(1 << 20):
                h.update(block)
                fout.write(block)
                done += len(block)
                if progress:
                    progress(done, total)
            fout.flush()
            os.fsync(fout.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)  # a half-copied model must not look installed
        raise
    return h.hexdigest()


def name_taken(name: str, directory: Path | None = None) -> bool:
    """Whether models/ already has a file, or the manifest an entry, of this name."""
    directory = directory or models_dir()
    return (directory / name).exists() or name in load_manifest(directory).get("models", {})


def is_user_added(entry: dict[str, Any] | None) -> bool:
    """Whether a manifest entry was added on this installation (not shipped with Enclave)."""
    return bool(entry and (entry.get("user_added") or "added" in entry))
