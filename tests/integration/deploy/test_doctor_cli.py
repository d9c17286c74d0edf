"""`enclave doctor` and `enclave models verify` against the real installation and model."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.llm.models import load_manifest
from app.core.paths import PROJECT_ROOT, models_dir

pytestmark = pytest.mark.model


def _enclave(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def default_model() -> Path:
    name = load_manifest().get("default")
    path = models_dir() / name
    if not path.is_file():
        pytest.skip(f"the default model {name} is not installed (make bootstrap)")
    return path


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_doctor_passes_on_a_healthy_install(default_model: Path, tmp_path: Path) -> None:
    r = _enclave("doctor", "--data-dir", str(tmp_path / "ws"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "FAIL" not in r.stdout
    assert default_model.name in r.stdout and "verified" in r.stdout


def test_doctor_names_a_truncated_model_and_fails(default_model: Path, tmp_path: Path) -> None:
    mdir = tmp_path / "models"
    mdir.mkdir()
    shutil.copy2(models_dir() / "manifest.json", mdir / "manifest.json")
    with default_model.open("rb") as src, (mdir / default_model.name).open("wb") as dst:
        dst.write(src.read(default_model.stat().st_size // 2))  # a copy cut off halfway
    r = _enclave("doctor", "--data-dir", str(tmp_path / "ws"),
                 env={"ENCLAVE_MODELS_DIR": str(mdir)})
    assert r.returncode != 0
    bad = [line for line in r.stdout.splitlines() if line.startswith("FAIL")]
    assert len(bad) == 1 and default_model.name in bad[0] and "truncated" in bad[0], r.stdout
    v = _enclave("models", "verify", env={"ENCLAVE_MODELS_DIR": str(mdir)})
    assert v.returncode == 6 and default_model.name in v.stderr


def test_models_list_reads_the_real_header(default_model: Path) -> None:
    r = _enclave("models", "list")
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.startswith(default_model.name))
    assert "llama" in line and "Q4_1" in line and "verified" in line
