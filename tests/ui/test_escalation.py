"""Escalation from the window: cancel in the consent dialog sends nothing; confirm sends the
exact payload and the answer appears re-identified, marked as from the cloud tier.
The tier is an in-process mock transport; the analyzer and document are real."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from .conftest import Processed, mock_cloud_tier

pytestmark = pytest.mark.model


@pytest.fixture
def rig(processed: Processed, pii_analyzer):  # noqa: ANN001, ANN201
    w = processed.window
    ws = w.session.workspace
    sent = mock_cloud_tier(w, pii_analyzer)
    doc_id = next(i.doc_id for i in w.queue.items.values() if i.path == processed.pdf)
    w.documents.select(doc_id)
    return w, ws, doc_id, sent


def _open_dialog(qtbot, w):  # noqa: ANN001, ANN202
    w.escalate(["attending"])
    qtbot.waitUntil(lambda: w.escalation.dialog is not None and w.escalation.dialog.isVisible(),
                    timeout=120_000)
    return w.escalation.dialog


def test_cancel_sends_nothing(rig, qtbot) -> None:  # noqa: ANN001
    w, ws, doc_id, sent = rig
    before = ws.results.get(doc_id).fields["attending"]
    dialog = _open_dialog(qtbot, w)
    assert "Okonkwo" not in dialog.preview.toPlainText(), "identifiers are pseudonymised"
    with qtbot.waitSignal(w.escalation.finished, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel),
                         Qt.MouseButton.LeftButton)
    assert blocker.args[1] is None and sent == []
    assert ws.results.get(doc_id).fields["attending"] == before
    assert ws.audit.entries()[-1].action == "escalation.declined"


def test_confirm_sends_and_shows_the_reidentified_answer(rig, qtbot) -> None:  # noqa: ANN001
    w, ws, doc_id, sent = rig
    dialog = _open_dialog(qtbot, w)
    exact = dialog.preview.toPlainText().encode()
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(w.escalation.finished, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.send, Qt.MouseButton.LeftButton)
    outcome = blocker.args[1]
    assert outcome is not None and "attending" in outcome.accepted
    assert sent == [exact], "exactly the bytes shown were sent"
    stored = ws.results.get(doc_id).fields["attending"]
    assert stored.source == "cloud" and "Lindqvist" in stored.value
    row = w.fields.row_of("attending")
    assert w.fields.table.item(row, 3).text() == "cloud"
    assert "Lindqvist" in w.fields.table.item(row, 1).text()
