"""`enclave tiers|escalate|stats`, in process, against a capturing endpoint on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app import cli
from app.core.privacy import analyzer as analyzer_mod
from app.core.workspace import KdfParams, Workspace
from tests.unit.routing.support import (
    CLINICAL_NOTE,
    CaptureServer,
    RegexAnalyzer,
    make_doc,
    openai_reply,
    store_doc,
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ENCLAVE_PASSPHRASE", "pw for the cli test")
    monkeypatch.setattr(analyzer_mod, "get_analyzer", lambda: RegexAnalyzer())
    data = tmp_path / "ws"
    ws = Workspace.create(data, "pw for the cli test", kdf=KdfParams.fast())
    doc = make_doc(CLINICAL_NOTE)
    store_doc(ws, doc, "clinical")
    ws.close()
    srv = CaptureServer(lambda req: (200, openai_reply(json.dumps(
        {"diagnoses": ["community-acquired pneumonia"]}))))
    yield data, doc.id, srv
    srv.close()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = cli.main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_tiers_escalate_stats(env: Any, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    data, doc_id, srv = env
    d = ["--data-dir", str(data)]
    monkeypatch.setenv("CLOUD_KEY", "sk-cli-SECRET")
    rc, out, _ = run(capsys, "tiers", "add", "cloud", "--url", srv.url, "--model", "big",
                     "--external", "--price-in", "0.5", "--price-out", "1.5",
                     "--api-key-env", "CLOUD_KEY", *d)
    assert rc == 0 and "external" in out
    rc, out, _ = run(capsys, "tiers", "list", *d)
    assert rc == 0 and "cloud: big" in out and "sk-cli-SECRET" not in out

    rc, out, _ = run(capsys, "escalate", doc_id, "--tier", "cloud", "--fields", "diagnoses", *d)
    assert rc == 0 and "Nothing was sent" in out and "SHA-256" in out
    assert "<PERSON_1>" in out and "Alice Example" not in out and srv.requests == []

    rc, out, err = run(capsys, "escalate", doc_id, "--tier", "cloud", "--fields", "diagnoses",
                       "--consent", *d)
    assert rc == 0, err
    result = json.loads(out)
    assert set(result) >= {"document", "profile", "fields", "summary", "pii", "route", "escalation"}
    assert result["fields"]["diagnoses"]["source"] == "cloud"
    assert result["fields"]["diagnoses"]["value"] == ["community-acquired pneumonia"]
    assert len(srv.requests) == 1 and b"Alice Example" not in srv.all_bytes()
    assert b"Authorization: Bearer sk-cli-SECRET" in srv.all_bytes()

    rc, out, _ = run(capsys, "stats", "--json", *d)
    st = json.loads(out)
    assert rc == 0 and st["tiers"]["cloud"]["sent"] == 1 and st["tiers"]["cloud"]["tokens_in"] == 100
    assert st["all_cloud"]["tier"] == "cloud" and st["saving"] is not None

    rc, out, _ = run(capsys, "tiers", "air-gap", "on", *d)
    rc, _, err = run(capsys, "escalate", doc_id, "--tier", "cloud", "--fields", "diagnoses",
                     "--consent", *d)
    assert rc != 0 and "air-gapped" in err and len(srv.requests) == 1


def test_escalate_a_listed_batch(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    data, doc_id, srv = env
    ws = Workspace.open(data, "pw for the cli test")
    other = make_doc(CLINICAL_NOTE.replace("2 weeks", "3 weeks"), "other.txt")
    store_doc(ws, other, "clinical")
    ws.close()
    d = ["--data-dir", str(data)]
    assert run(capsys, "tiers", "add", "cloud", "--url", srv.url, "--model", "big",
               "--external", *d)[0] == 0
    ids = [doc_id, other.id, "f" * 16]
    rc, out, _ = run(capsys, "escalate", *ids, "--tier", "cloud", "--fields", "diagnoses", *d)
    assert rc == 0 and srv.requests == [] and "Nothing was sent" in out
    assert out.count("Exact request body") == 2 and "Request 2 of 2" in out
    assert f"Not in the batch: {'f' * 16}" in out and "Alice Example" not in out

    rc, out, err = run(capsys, "escalate", *ids, "--tier", "cloud", "--fields", "diagnoses",
                       "--consent", *d)
    results = json.loads(out)
    assert [r["document"]["id"] for r in results] == ids
    assert [r["fields"]["diagnoses"]["source"] for r in results[:2]] == ["cloud", "cloud"]
    assert results[2]["error_type"] == "EscalationRefused" and rc == 9
    assert err.strip() == f"enclave: {'f' * 16}: {results[2]['error']}"
    assert len(srv.requests) == 2 and b"Alice Example" not in srv.all_bytes()
