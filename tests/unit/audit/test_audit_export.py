from __future__ import annotations

import json

import fitz
import pytest

from app.core import actions
from app.core.audit import verify_export
from tests.unit.store.support import make_result, new_ws


@pytest.fixture
def ws(tmp_path):
    w = new_ws(tmp_path / "ws")
    w.save_result(*make_result(1))
    for i in range(30):
        w.audit.record(actions.VIEW, "document", f"doc{i}", pages=i)
    yield w
    w.close()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "pdf"])
def test_export_verifies_inside_and_outside(ws, tmp_path, fmt) -> None:
    out = tmp_path / f"log.{fmt}"
    manifest_path = ws.audit.export(fmt, out)
    manifest = json.loads(manifest_path.read_text())
    assert manifest["entries"] == manifest["last_seq"] == ws.audit.count() - 1  # + export entry
    assert manifest["key_fingerprint"] == ws.audit.key_fingerprint
    assert ws.audit.verify_export(out).ok  # with this store's key and HMACs
    assert verify_export(out).ok  # an officer with only the two files
    assert ws.audit.verify().ok


def test_pdf_is_readable_and_carries_entries(ws, tmp_path) -> None:
    out = tmp_path / "log.pdf"
    ws.audit.export("pdf", out)
    doc = fitz.open(out)
    text = "".join(p.get_text() for p in doc)
    assert "Chain head" in text and "document.view" in text
    assert b"document.view" in doc.embfile_get("audit.jsonl")


def test_manifest_edits_are_detected(ws, tmp_path) -> None:
    out = tmp_path / "log.jsonl"
    mp = ws.audit.export("jsonl", out)
    original = mp.read_text()
    for field, value in [("entries", 3), ("chain_head", "0" * 64), ("sha256", "1" * 64),
                         ("last_seq", 2), ("public_key", "00" * 32)]:
        body = json.loads(original)
        body[field] = value
        mp.write_text(json.dumps(body))
        assert not verify_export(out).ok, field
    mp.unlink()
    assert not verify_export(out).ok


def test_export_signed_by_another_key_is_rejected(ws, tmp_path) -> None:
    other = new_ws(tmp_path / "other")
    try:
        other.audit.export("jsonl", tmp_path / "other.jsonl")
        assert verify_export(tmp_path / "other.jsonl").ok
        assert not ws.audit.verify_export(tmp_path / "other.jsonl").ok
    finally:
        other.close()


def test_resigned_export_with_edited_entries_fails_hmac(ws, tmp_path) -> None:
    """Someone rewrites an entry and fixes up every hash they can: only the HMAC catches it."""
    from app.core.audit.chain import AuditEntry
    from app.core.audit.export import export_log

    entries = ws.audit.entries()
    e = entries[5]
    entries[5] = AuditEntry(**{**e.to_json(), "object_id": "forged"})
    export_log(entries, "jsonl", tmp_path / "f.jsonl", ws.audit._signer)
    report = ws.audit.verify_export(tmp_path / "f.jsonl")
    assert not report.ok and report.first_bad == e.seq


def test_unknown_format(ws, tmp_path) -> None:
    with pytest.raises(ValueError):
        ws.audit.export("xml", tmp_path / "x.xml")
