"""The PDF audit report read back with PyMuPDF: header, verification result, a real table with
document names, page numbers; and the CSV's readable columns."""

from __future__ import annotations

import csv
import io
import re

import fitz
import pytest

from app.core import actions
from app.core.audit import verify_export
from app.core.audit.export import READABLE_COLUMNS
from app.core.audit.pdf import COLUMNS
from app.core.workspace import Workspace
from tests.unit.store.support import PASS, make_result, new_ws, raw_connection

HEADINGS = [c.title for c in COLUMNS]


def _fill(ws: Workspace, views: int = 60) -> str:
    result, original = make_result(1, name="discharge-summary.pdf")
    doc_id = ws.save_result(result, original)
    ws.audit.record(actions.CORRECT, "document", doc_id, field="total", correction_id=1,
                    grounded=True)
    ws.audit.record(actions.EXPORT, "document", doc_id, kind="redacted_pdf", sha256="ab" * 32,
                    counts={"PERSON": 3, "PHONE_NUMBER": 1})
    for _ in range(views):
        ws.audit.record(actions.VIEW, "document", doc_id)
    return doc_id


def _pages(path) -> list[str]:
    with fitz.open(path) as doc:
        return [p.get_text() for p in doc]


@pytest.fixture
def ws(tmp_path):
    w = new_ws(tmp_path / "ws")
    yield w
    w.close()


def test_report_has_header_verification_and_a_table_on_every_page(ws, tmp_path) -> None:
    doc_id = _fill(ws)
    ws.audit.verify(record=True)  # anchors a checkpoint over everything so far
    n = ws.audit.count()
    out = tmp_path / "audit.pdf"
    ws.audit.export("pdf", out, names=True)
    pages = _pages(out)
    assert len(pages) >= 2, "60+ entries do not fit on one page"
    first = pages[0]
    assert "Audit log report" in first
    for label in ("Workspace", "Generated", "Period covered", "Entries", "Document names",
                  "Signing key (Ed25519)", "Chain head"):
        assert label in first, label
    assert str(tmp_path / "ws") in first and f"{n} (#1 to #{n})" in first
    assert ws.audit.key_fingerprint in first
    assert f"Verified: the chain of {n} entries is intact and matches the signed checkpoint." \
        in first.replace("\n", " ")
    assert "Matches: signed" in first and f"over entries 1–{n}." in first
    for i, text in enumerate(pages, 1):
        lines = text.splitlines()
        assert all(h in lines for h in HEADINGS), f"header row missing on page {i}"
        assert f"Page {i} of {len(pages)}" in text
    body = "\n".join(pages)
    assert "discharge-summary.pdf" in body and doc_id in body
    assert "Exported redacted PDF" in body and "3 person names, 1 phone number" in body
    assert "Corrected field ‘total’" in body and "Viewed document" in body
    seqs = [int(s) for s in re.findall(r"^(\d+)$", body, re.M) if int(s) <= n]
    assert set(range(1, n + 1)) <= set(seqs), "every entry has its row"
    assert verify_export(out).ok and ws.audit.verify_export(out).ok


def test_report_without_names_shows_ids_only(ws, tmp_path) -> None:
    doc_id = _fill(ws, views=2)
    out = tmp_path / "ids.pdf"
    ws.audit.export("pdf", out)  # names are opt-in: an export leaves the encrypted store
    body = "\n".join(_pages(out))
    assert doc_id in body and "discharge-summary" not in body
    assert "left out (ids only)" in body
    assert ws.audit.entries()[-1].details_dict["document_names"] is False


def test_broken_chain_is_reported_with_the_entry(tmp_path) -> None:
    d = tmp_path / "ws"
    with new_ws(d) as ws:
        _fill(ws, views=8)
    conn = raw_connection(d)
    with conn:
        conn.execute("UPDATE audit_log SET object_type = 'x' WHERE seq = 7")
    conn.close()
    with Workspace.open(d, PASS) as ws:
        ws.audit.export("pdf", tmp_path / "bad.pdf", names=True)
    first = _pages(tmp_path / "bad.pdf")[0].replace("\n", " ")
    assert "NOT VERIFIED: the chain is broken at entry 7." in first
    assert "Broken at entry 7: entry 7 was altered (HMAC mismatch)." in first


def test_truncation_is_reported_as_a_checkpoint_failure(tmp_path) -> None:
    d = tmp_path / "ws"
    with new_ws(d) as ws:
        _fill(ws, views=8)
        ws.audit.write_checkpoint()
        last = ws.audit.count()
    conn = raw_connection(d)
    with conn:
        conn.execute("DELETE FROM audit_log WHERE seq >= ?", (last - 2,))
    conn.close()
    ws = Workspace.open(d, PASS)  # its unlock entry re-links after the cut: the chain holds
    try:
        ws.audit.export("pdf", tmp_path / "cut.pdf")
    finally:
        ws.close()
    first = _pages(tmp_path / "cut.pdf")[0].replace("\n", " ")
    assert "NOT VERIFIED" in first and "The log was truncated" in first


def test_csv_keeps_entries_and_adds_readable_columns(ws, tmp_path) -> None:
    doc_id = _fill(ws, views=1)
    out = tmp_path / "audit.csv"
    ws.audit.export("csv", out, names=True)
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert tuple(rows[0])[-len(READABLE_COLUMNS):] == READABLE_COLUMNS
    export = next(r for r in rows if r["action"] == actions.EXPORT)
    assert export["document_id"] == doc_id and export["document_name"] == "discharge-summary.pdf"
    assert export["action_text"] == "Exported redacted PDF"
    assert "3 person names, 1 phone number" in export["details_text"]
    assert ws.audit.verify_export(out).ok  # the readable columns do not disturb the chain
    edited = out.read_text("utf-8").replace("discharge-summary.pdf", "other.pdf")
    out.write_text(edited, "utf-8")
    assert not verify_export(out).ok  # ...but the manifest's SHA-256 covers them
