"""Escalation from the window: cancel in the consent dialog sends nothing; confirm sends the
exact payload and the answer appears re-identified, marked as from the cloud tier.
The tier is an in-process mock transport; the analyzer and document are real."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from PySide6.QtCore import Qt

from app.core.llm.openai_compat import OpenAICompatLLM
from app.core.routing.egress import Escalator
from app.core.routing.tiers import Tier, TierRegistry

from .conftest import Processed

pytestmark = pytest.mark.model
CLOUD = Tier("cloud", "http://127.0.0.1:9/v1", "big", external=True)


def _reply(text: str) -> bytes:
    return json.dumps({"choices": [{"message": {"role": "assistant", "content": text},
                                    "finish_reason": "stop"}],
                       "usage": {"prompt_tokens": 100, "completion_tokens": 10}}).encode()


@pytest.fixture
def rig(processed: Processed, pii_analyzer):  # noqa: ANN001, ANN201
    w = processed.window
    ws = w.session.workspace
    sent: list[bytes] = []

    def handle(req: httpx.Request) -> httpx.Response:
        sent.append(req.content)
        content = json.loads(req.content)["messages"][1]["content"]
        token = re.search(r"Attending: Dr\. (<[A-Z_]+_\d+>)", content)
        value = f"Dr. {token.group(1)}, MD" if token else "unknown"
        return httpx.Response(200, content=_reply(json.dumps({"attending": value})))

    reg = TierRegistry(ws)
    if not reg.all():
        reg.add(CLOUD)
    w.escalation.escalator = Escalator(
        ws, pii_analyzer, reg, client_factory=lambda t: OpenAICompatLLM(
            t.url, t.model, source=t.source, transport=httpx.MockTransport(handle)))
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
