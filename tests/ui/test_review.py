"""Drop a batch → processed on the real pipeline and model → fields shown → a click outlines
the field's span → a correction is stored and audited → the audit verifies and exports.
The batch runs once (module fixture) while the event loop's longest stall is measured."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app.core import actions
from app.core.audit.export import verify_export
from app.ui.panels.fields import VALUE, display
from app.ui.queue import DONE

from .conftest import Processed

pytestmark = pytest.mark.model


def test_batch_processes_without_freezing_the_window(processed: Processed) -> None:
    w = processed.window
    states = {i.path.name: (i.state, i.error) for i in w.queue.items.values()}
    assert all(s == DONE for s, _ in states.values()), states
    assert w.queue_panel.overall.value() == 1000
    assert len(w.documents.model.rows) == 3
    # The GUI thread kept ticking (a 10 ms timer; a fifth of the ideal rate is plenty).
    assert processed.stall.ticks >= processed.seconds * 20
    # A loose bound on purpose: the number itself is reported (see the printed line), the
    # target (< 100 ms) is tracked in docs/BENCHMARKS.md, not asserted on a shared 2-core box.
    assert processed.stall.max_gap_ms < 1000


def test_fields_shown_and_a_click_highlights_the_span(processed: Processed, qtbot) -> None:  # noqa: ANN001
    w = processed.window
    doc_id = next(i.doc_id for i in w.queue.items.values() if i.path == processed.pdf)
    w.documents.select(doc_id)
    qtbot.waitUntil(lambda: w.session.current == doc_id)
    assert w.document_view.title.text() == "discharge.pdf"
    assert w.fields.table.rowCount() == len(w.fields.fields) > 0
    assert w.document_view.legend.chips, "identifier types are listed in the legend"
    grounded = [f for f in w.fields.fields.values() if f.spans and isinstance(f.value, str)]
    assert grounded, "at least one field is grounded in the page text"
    f = grounded[0]
    row = w.fields.row_of(f.name)
    rect = w.fields.table.visualRect(w.fields.table.model().index(row, 0))
    qtbot.mouseClick(w.fields.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.document_view.highlighted_text() == [f.value]
    assert w.document_view.text.textCursor().position() > 0, "the view scrolled to the span"


def test_correcting_a_field_is_stored_and_audited(processed: Processed, qtbot) -> None:  # noqa: ANN001
    w = processed.window
    ws = w.session.workspace
    doc_id = next(i.doc_id for i in w.queue.items.values() if i.path == processed.pdf)
    w.documents.select(doc_id)
    qtbot.waitUntil(lambda: w.session.current == doc_id)
    name = next(n for n, f in w.fields.fields.items()
                if isinstance(f.value, str) or f.value is None)
    old = display(w.fields.fields[name].value)
    new = "Tobias Lindqvist" if old != "Tobias Lindqvist" else "Priya Ramaswamy"
    row = w.fields.row_of(name)
    with qtbot.waitSignal(w.session.corrected, timeout=20_000):
        w.fields.table.item(row, VALUE).setText(new)  # what the inline editor commits

    stored = ws.results.get(doc_id).fields[name]
    assert stored.value == new and stored.source == "user" and stored.confidence == 1.0
    assert [c.new_value for c in ws.corrections.for_document(doc_id)] == [new]
    last = [e for e in ws.audit.entries() if e.action == actions.CORRECT][-1]
    assert last.object_id == doc_id and json.loads(last.details)["field"] == name
    assert new not in last.details, "the corrected value itself stays out of the audit log"
    assert stored.spans, "a corrected value found in the text is re-grounded"
    assert w.document_view.highlighted_text() == [new]
    assert ws.audit.verify().ok


def test_audit_view_verifies_and_exports(processed: Processed, qtbot, tmp_path) -> None:  # noqa: ANN001
    w = processed.window
    w.tabs.setCurrentIndex(1)
    assert w.audit.model.rowCount() >= 8  # create, unlock, ingest/extract ×3, views…
    with qtbot.waitSignal(w.audit.verified, timeout=30_000) as blocker:
        qtbot.mouseClick(w.audit.verify_btn, Qt.MouseButton.LeftButton)
    assert blocker.args[0].ok and w.audit.status.property("state") == "ok"
    assert "Intact" in w.audit.status.text()
    for fmt in ("csv", "jsonl", "pdf"):
        out = tmp_path / f"audit.{fmt}"
        with qtbot.waitSignal(w.audit.exported, timeout=60_000):
            w.audit.export(fmt, out)
        assert verify_export(out, public_key=w.session.workspace.audit.public_key).ok
    w.audit.filter.setText("audit.export")
    assert w.audit.proxy.rowCount() == 3
    w.tabs.setCurrentIndex(0)
