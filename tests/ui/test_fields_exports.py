"""Confirm a field (stored like a correction, audited); fields that need review stand out;
document exports (fields CSV/JSON, redacted PDF and text, summary) run off the GUI thread,
are audited with the SHA-256 of what was written, and fail as one sentence, writing nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import fitz
from PySide6.QtCore import Qt

from app.core import actions
from app.ui.export_formats import KINDS
from app.ui.panels.fields import NAME, REVIEW_TINT

from .conftest import Quick


def test_review_fields_stand_out_and_confirm_is_audited(quick: Quick, qtbot) -> None:  # noqa: ANN001
    w, ws, doc_id = quick.window, quick.window.session.workspace, quick.doc_id
    panel = w.fields
    # Make sure one field needs review whatever the extractor got right: a low-confidence value.
    from app.core.documents import FieldValue
    from app.core.extract.lines import find_span

    span = find_span(ws.documents.get(doc_id), "Penicillin (hives)")
    ws.results.set_field(doc_id, FieldValue("allergies", "Penicillin (hives)", 0.2, [span]))
    w.session.document_changed.emit(doc_id)
    qtbot.waitUntil(lambda: "allergies" in panel.needs_review(), timeout=10_000)
    review = panel.needs_review()
    assert f"{len(review)} to review" in panel.title.text()
    name = review[0]
    row = panel.row_of(name)
    item = panel.table.item(row, NAME)
    assert item.text().startswith("⚠ ") and item.background().color() == REVIEW_TINT
    before = ws.results.get(doc_id).fields[name]

    rect = panel.table.visualRect(panel.table.model().index(row, NAME))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.confirm.isEnabled()
    with qtbot.waitSignal(w.session.confirmed, timeout=20_000):
        qtbot.mouseClick(panel.confirm, Qt.MouseButton.LeftButton)
    stored = ws.results.get(doc_id).fields[name]
    assert stored.value == before.value and stored.source == "user"
    assert stored.confidence == 1.0
    last = [e for e in ws.audit.entries() if e.action == actions.CORRECT][-1]
    assert json.loads(last.details)["field"] == name
    qtbot.waitUntil(lambda: name not in panel.needs_review())
    panel.table.selectRow(panel.row_of(name))
    assert not panel.confirm.isEnabled(), "a value a person vouched for needs no confirmation"
    assert "Confirmed" in w.statusBar().currentMessage()


def test_every_export_is_written_and_audited(quick: Quick, qtbot, tmp_path) -> None:  # noqa: ANN001
    w, ws, doc_id = quick.window, quick.window.session.workspace, quick.doc_id
    out = {}
    for kind, (_label, suffix, _filter) in KINDS.items():
        out[kind] = tmp_path / f"discharge.{suffix}"
        with qtbot.waitSignal(w.exports.exported, timeout=30_000, raising=False) as blocker:
            w.exports.export(kind, out[kind])
        assert blocker.signal_triggered, (kind, w.last_error)

    rows = list(csv.DictReader(io.StringIO(out["fields_csv"].read_text())))
    assert {r["field"]: r["value"] for r in rows}["patient"] == "Marguerite Okonkwo-Hale"
    assert json.loads(out["fields_json"].read_text())["fields"]["mrn"]["value"] == "00482913"
    redacted = out["redacted_text"].read_text()
    assert "Okonkwo" not in redacted and "[PERSON]" in redacted and "Penicillin" in redacted
    pdf = fitz.open(out["redacted_pdf"])
    assert "Okonkwo" not in "".join(p.get_text() for p in pdf) and pdf.page_count == 1
    pdf.close()
    assert "Summary of discharge.pdf" in out["summary"].read_text()

    entries = [e for e in ws.audit.entries() if e.action == actions.EXPORT]
    audited = {json.loads(e.details)["kind"]: json.loads(e.details)["sha256"] for e in entries}
    assert audited == {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in out.items()}
    assert all(e.object_id == doc_id for e in entries)
    assert ws.audit.verify().ok


def test_a_failed_export_is_one_sentence_and_writes_nothing(quick: Quick, qtbot, tmp_path) -> None:  # noqa: ANN001
    w = quick.window
    target = tmp_path / "nothing.pdf"
    with qtbot.waitSignal(w.exports.failed, timeout=30_000) as blocker:
        w.exports.export("redacted_pdf", target, doc_id="0000000000000000")
    assert blocker.args[0] == "This document is no longer in the workspace."
    assert not target.exists()
    assert w.last_error == blocker.args[0]
