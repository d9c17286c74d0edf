"""The same file dropped twice: the queue says it was already in the workspace, and processing
it again keeps what the reviewer corrected (real window, real analyzer, real store)."""

from __future__ import annotations

from app.core.review import correct_field
from app.ui.panels.queue_panel import STATUS
from app.ui.queue import DONE

from .conftest import Quick, drop


def test_a_file_dropped_again_is_marked_and_keeps_corrections(quick: Quick, qtbot, tmp_path) -> None:  # noqa: ANN001
    w, ws, doc_id = quick.window, quick.window.session.workspace, quick.doc_id
    first = next(iter(w.queue.items.values()))
    assert not first.again
    name = next(iter(ws.results.get(doc_id).fields))
    correct_field(ws, doc_id, name, "Reviewed value")

    same = tmp_path / "copy-of-discharge.pdf"
    same.write_bytes(ws.documents.original(doc_id))  # the very same bytes, another name
    drop(w.drop_zone, [same])
    qtbot.waitUntil(lambda: w.queue.pending() == 0 and len(w.queue.items) == 2, timeout=60_000)
    second = list(w.queue.items.values())[1]
    assert second.state == DONE and second.doc_id == doc_id and second.again
    row = w.queue_panel.rows[second.id]
    assert row.text(STATUS) == "Done · already here"
    assert second.kept == 1 and "1 field(s) you corrected were kept" in row.toolTip(STATUS)
    assert ws.results.get(doc_id).fields[name].value == "Reviewed value"
