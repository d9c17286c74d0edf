"""The CLI contract, run as a user runs it: a separate process, real model, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RECEIPT = ROOT / "resources" / "samples" / "receipt-harbor-hardware.txt"


def enclave(
    *args: str, env: dict[str, str] | None = None, timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
    )


def test_process_receipt_json_contract() -> None:
    proc = enclave("process", str(RECEIPT), "--profile", "receipt", "--json", "--no-store")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) >= {"document", "profile", "fields", "summary", "pii", "route"}
    assert set(out["document"]) >= {"id", "sha256", "name", "kind", "pages"}
    assert out["profile"] == "receipt"
    f = out["fields"]
    assert {"company", "date", "address", "total"} <= set(f)
    assert f["company"]["value"] == "HARBOR LANE HARDWARE SUPPLY LLC"
    assert f["date"]["value"] == "03/14/2026"
    assert f["total"]["value"] == "146.32"
    assert "1457 Quarry Road" in f["address"]["value"]
    text = RECEIPT.read_text()
    for name in ("company", "date", "total"):
        field = f[name]
        assert set(field) >= {"value", "confidence", "spans", "source"}
        span = field["spans"][0]
        assert text[span["start"] : span["end"]] == field["value"]
        assert field["source"] == "local"
    assert set(out["summary"]) >= {"text", "source"}
    assert set(out["route"]) == {"decision", "reasons"}
    assert all(set(p) == {"type", "page", "start", "end", "score"} for p in out["pii"])


def test_init_process_and_audit_with_a_workspace(tmp_path: Path) -> None:
    env = {"ENCLAVE_PASSPHRASE": "a long and private passphrase"}
    data = str(tmp_path / "ws")
    assert enclave("init", "--data-dir", data, env=env).returncode == 0
    again = enclave("init", "--data-dir", data, env=env)
    assert again.returncode != 0 and "already exists" in again.stderr
    proc = enclave("process", str(RECEIPT), "--data-dir", data, "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    verify = enclave("audit", "verify", "--data-dir", data, env=env)
    assert verify.returncode == 0, verify.stderr
    assert "intact" in verify.stdout


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    missing = enclave("process", str(tmp_path / "nope.pdf"), "--no-store")
    assert missing.returncode != 0
    assert "Traceback" not in missing.stderr and missing.stderr.strip().count("\n") == 0
    env = {"ENCLAVE_PASSPHRASE": "right one"}
    data = str(tmp_path / "ws")
    enclave("init", "--data-dir", data, env=env)
    wrong = enclave(
        "process", str(RECEIPT), "--data-dir", data, env={"ENCLAVE_PASSPHRASE": "wrong one"}
    )
    assert wrong.returncode == 5
    assert "passphrase" in wrong.stderr and "Traceback" not in wrong.stderr
    no_ws = enclave("process", str(RECEIPT), "--data-dir", str(tmp_path / "none"), env=env)
    assert no_ws.returncode != 0 and "enclave init" in no_ws.stderr
