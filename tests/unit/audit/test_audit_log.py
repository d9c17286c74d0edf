from __future__ import annotations

import json

import pytest

from app.core import actions
from app.core.errors import DetailRejected
from app.core.workspace import Workspace
from tests.unit.store.support import PASS, new_ws, raw_connection


@pytest.fixture
def ws(tmp_path):
    w = new_ws(tmp_path / "ws")
    yield w
    w.close()


def test_record_returns_increasing_seq_and_fields(ws) -> None:
    a = ws.audit.record(actions.VIEW, "document", "abc123", pages=2)
    b = ws.audit.record(actions.REDACT, "document", "abc123", outcome="failure",
                        findings={"PERSON": 2}, sha256="ab" * 32)
    assert b == a + 1
    e = ws.audit.entries(since=b)[0]
    assert e.action == actions.REDACT and e.object_id == "abc123" and e.outcome == "failure"
    assert e.actor.endswith("/default") and e.ts.endswith("+00:00")
    assert json.loads(e.details) == {"findings": {"PERSON": 2}, "sha256": "ab" * 32}
    assert ws.audit.entries(since=a)[1].prev_hash == ws.audit.entries(since=a)[0].hmac
    assert ws.audit.verify().ok


@pytest.mark.parametrize("details", [
    {"note": "Patient Jane Roe was seen on Monday"},  # free text
    {"sha256": "x" * 200},  # too long
    {"text": "abc"},  # a key that invites content
    {"name": "Jane"},
    {"ok": {"nested": {"deep": 1}}},
    {"blob": b"bytes"},
    {"Bad-Key": 1},
])
def test_guard_rejects_content(ws, details) -> None:
    n = ws.audit.count()
    with pytest.raises(DetailRejected):
        ws.audit.record(actions.VIEW, "document", "x", **details)
    assert ws.audit.count() == n


def test_guard_accepts_ids_counts_digests(ws) -> None:
    ws.audit.record(actions.ESCALATION_SENT, "escalation", "17", tier="onprem", fields=3,
                    sha256="0f" * 32, ratio=0.5, ok=True, ids=["a1", "b2"], at=None)


def test_object_id_and_outcome_are_checked(ws) -> None:
    with pytest.raises(DetailRejected):
        ws.audit.record(actions.VIEW, "document", "Jane Roe's scan.pdf")
    with pytest.raises(ValueError):
        ws.audit.record(actions.VIEW, outcome="maybe")


def test_verify_names_edited_entry(tmp_path) -> None:
    d = tmp_path / "ws"
    with new_ws(d) as ws:
        for i in range(10):
            ws.audit.record(actions.VIEW, "document", f"d{i}")
    conn = raw_connection(d)
    with conn:
        conn.execute("UPDATE audit_log SET object_id = 'dX' WHERE seq = 5")
    conn.close()
    with Workspace.open(d, PASS) as ws:
        report = ws.audit.verify()
    assert not report.ok and report.first_bad == 5 and "altered" in report.reason


def test_missing_checkpoint_fails_verification(tmp_path) -> None:
    d = tmp_path / "ws"
    new_ws(d).close()
    (d / "audit.checkpoint").unlink()
    with Workspace.open(d, PASS) as ws:
        report = ws.audit.verify()
        assert not report.ok and "missing" in report.reason
        ws.audit.write_checkpoint()  # re-anchoring is an explicit act (e.g. after review)
        assert ws.audit.verify().ok


def test_forged_checkpoint_is_rejected(tmp_path) -> None:
    d = tmp_path / "ws"
    new_ws(d).close()
    body = json.loads((d / "audit.checkpoint").read_text())
    body["entries"] = 1
    (d / "audit.checkpoint").write_text(json.dumps(body))
    with Workspace.open(d, PASS) as ws:
        report = ws.audit.verify()
    assert not report.ok and "signature" in report.reason


def test_verify_record_appends_and_checkpoints(ws) -> None:
    n = ws.audit.count()
    assert ws.audit.verify(record=True).ok
    assert ws.audit.count() == n + 1 and ws.audit.entries()[-1].action == actions.AUDIT_VERIFY
    assert str(ws.audit.verify()).startswith("Audit log intact")
