"""A listed batch from the window: select two documents → "Ask a larger model…" → the batch
consent dialog pages through every exact payload. Cancel sends nothing; confirm sends exactly
the listed payloads under one consent record and the re-identified answers are shown.
Real analyzer, real PDFs, real widgets; the tier is an in-process mock transport (no model)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from .conftest import PATIENT_TEXT, drop, make_pdf, make_window, mock_cloud_tier

SECOND = PATIENT_TEXT.replace("Marguerite Okonkwo-Hale", "Henrietta Vasquez-Moll") \
    .replace("Tobias Lindqvist", "Anselm Brightwater").replace("00482913", "00719355")
NAMES = ("Okonkwo", "Lindqvist", "Vasquez", "Brightwater")


@pytest.fixture
def two(qtbot, pii_analyzer, tmp_path) -> Iterator[tuple[Any, list[str], list[bytes]]]:  # noqa: ANN001
    """Two discharge PDFs processed without the model, both selected in the document list."""
    from app.core.pipeline import PipelineOptions
    from app.ui.jobs import wait_for_lanes

    w = make_window(tmp_path / "ws", llm=None, analyzer=pii_analyzer)
    w.queue.options = PipelineOptions(profile="clinical", store=True, use_model=False)
    drop(w.drop_zone, [make_pdf(tmp_path / "a.pdf", PATIENT_TEXT),
                       make_pdf(tmp_path / "b.pdf", SECOND)])
    qtbot.waitUntil(lambda: w.queue.pending() == 0, timeout=120_000)
    ids = [i.doc_id for i in w.queue.items.values()]
    assert all(ids), [i.error for i in w.queue.items.values()]
    ws = w.session.workspace
    sent = mock_cloud_tier(w, pii_analyzer)
    w.documents.reload(ws)
    view = w.documents.view
    view.selectAll()  # what Ctrl+A or Shift-click does: both rows selected
    assert sorted(w.documents.selected_ids()) == sorted(ids)
    yield w, ids, sent
    w.close()
    wait_for_lanes()
    w.session.close()


def _open(qtbot, w) -> Any:  # noqa: ANN001
    w.escalate(["attending"])  # Document → Ask a larger model…, with both rows selected
    qtbot.waitUntil(lambda: w.escalation.batch_dialog is not None
                    and w.escalation.batch_dialog.isVisible(), timeout=60_000)
    return w.escalation.batch_dialog


def test_batch_dialog_cancel_sends_nothing(two, qtbot) -> None:  # noqa: ANN001
    w, ids, sent = two
    ws = w.session.workspace
    before = {d: ws.results.get(d).fields["attending"] for d in ids}
    dialog = _open(qtbot, w)
    assert dialog.requests.count() == 2 and not dialog.send.isEnabled()
    shown = []
    for i in range(2):  # page through every exact payload
        dialog.show_request(i)
        shown.append(dialog.preview.toPlainText())
    assert all(n not in s for s in shown for n in NAMES), "identifiers are pseudonymised"
    assert len(set(shown)) == 2
    dialog.accept()  # Enter before ticking the box must not consent
    assert dialog.isVisible()
    with qtbot.waitSignal(w.escalation.batch_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel),
                         Qt.MouseButton.LeftButton)
    assert blocker.args[0] == [] and sent == []
    assert {d: ws.results.get(d).fields["attending"] for d in ids} == before
    assert {e.status for e in ws.escalations.list()} == {"declined"}
    assert "escalation.batch_consented" not in {e.action for e in ws.audit.entries()}


def test_batch_dialog_confirm_sends_exactly_the_listed_payloads(two, qtbot) -> None:  # noqa: ANN001
    w, ids, sent = two
    ws = w.session.workspace
    dialog = _open(qtbot, w)
    exact = []
    for i in range(dialog.requests.count()):
        qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton) if i else dialog.show_request(0)
        exact.append(dialog.preview.toPlainText().encode())
    assert "Request 2 of 2" in dialog.position.text()
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(w.escalation.batch_finished, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.send, Qt.MouseButton.LeftButton)
    items = blocker.args[0]
    assert [i.ok for i in items] == [True, True], [str(i.error) for i in items]
    assert sent == exact, "exactly the bytes shown, in the order listed"
    records = [e for e in ws.audit.entries() if e.action == "escalation.batch_consented"]
    assert len(records) == 1
    assert json.loads(records[0].details)["payload_sha256s"] == [
        hashlib.sha256(b).hexdigest() for b in exact]
    attending = {ws.results.get(d).fields["attending"].value for d in ids}
    assert any("Lindqvist" in a for a in attending) and any("Brightwater" in a for a in attending)
    # The answer is shown: the open document's fields table reads the stored, re-identified value.
    w.documents.select(ids[1])
    qtbot.waitUntil(lambda: w.session.current == ids[1])
    row = w.fields.row_of("attending")
    assert w.fields.table.item(row, 3).text() == "cloud"
    assert "Brightwater" in w.fields.table.item(row, 1).text()
