"""The doctor's individual checks, and the CLI wiring of `doctor` and `models`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.cli import main
from app.core import doctor
from tests.unit.deploy.gguf_factory import write_gguf


def test_data_dir_permissions(tmp_path: Path) -> None:
    missing = doctor.check_data_dir(tmp_path / "nope")[0]
    assert missing.ok and "not created yet" in missing.detail
    d = tmp_path / "ws"
    d.mkdir(mode=0o700)
    os.chmod(d, 0o700)
    assert doctor.check_data_dir(d)[0].ok
    os.chmod(d, 0o755)
    bad = doctor.check_data_dir(d)[0]
    assert not bad.ok and "chmod 700" in bad.fix and "FAIL" in bad.line()


def test_disk_and_python_and_netguard() -> None:
    assert doctor.check_disk(Path("/nonexistent/deeper"))[0].detail.endswith("at /")
    assert doctor.check_python()[0].ok
    assert doctor.check_netguard()[0].ok  # tests/conftest.py installs the guard


def test_sqlcipher_reports_version_4() -> None:
    c = doctor.check_sqlcipher()[0]
    assert c.ok and "SQLCipher 4." in c.detail


def test_models_check_names_a_truncated_model(tmp_path: Path) -> None:
    from app.core.llm.models import add_model

    add_model(write_gguf(tmp_path / "tiny.gguf"), tmp_path / "m")
    assert all(c.ok for c in doctor.check_models(tmp_path / "m"))
    target = tmp_path / "m" / "tiny.gguf"
    target.write_bytes(target.read_bytes()[:-3000])
    [c] = doctor.check_models(tmp_path / "m")
    assert not c.ok and "tiny.gguf" in c.detail and c.fix


def test_a_crashing_check_is_a_failure_not_a_crash(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    def boom() -> list[doctor.Check]:
        raise RuntimeError("kaput")

    monkeypatch.setattr(doctor, "check_sqlcipher", boom)
    monkeypatch.setattr(doctor, "check_spacy", lambda: [])
    monkeypatch.setattr(doctor, "check_tesseract", lambda: [])
    checks = doctor.run_checks(tmp_path, tmp_path)
    assert any(not c.ok and "kaput" in c.detail for c in checks)


def test_cli_models_add_list_verify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    mdir = tmp_path / "m"
    monkeypatch.setenv("ENCLAVE_MODELS_DIR", str(mdir))
    assert main(["models", "add", str(write_gguf(tmp_path / "tiny.gguf"))]) == 0
    assert "SHA-256" in capsys.readouterr().out
    assert main(["models", "list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["status"] == "verified" and row["architecture"] == "llama"
    assert main(["models", "verify"]) == 0
    (mdir / "tiny.gguf").write_bytes((mdir / "tiny.gguf").read_bytes()[:100])
    assert main(["models", "verify"]) == 6
    err = capsys.readouterr().err
    assert "tiny.gguf" in err
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"nope")
    assert main(["models", "add", str(bad)]) == 6
    assert "not a GGUF" in capsys.readouterr().err


def test_cli_doctor_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ENCLAVE_MODELS_DIR", str(tmp_path / "empty"))
    (tmp_path / "empty").mkdir()
    for name in ("check_spacy", "check_tesseract", "check_llama"):
        monkeypatch.setattr(doctor, name, lambda *a, n=name: [doctor.Check(n, True, "stub")])
    rc = main(["doctor", "--json", "--data-dir", str(tmp_path / "ws")])
    checks = json.loads(capsys.readouterr().out)
    assert rc == 1  # no model in the models directory
    assert any(c["name"] == "models" and not c["ok"] for c in checks)
