"""Cancel in the queue: "Cancelling…" at once, Cancelled once the job has stopped — here while
the real model generates a summary — and the workspace is untouched: nothing was stored, the
next document and a retry of the cancelled one process to the end. (How fast: bench.ui.)"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.core.extract.profiles import builtin_profiles
from app.core.paths import SAMPLES_DIR
from app.core.pipeline import PipelineOptions
from app.ui.panels.queue_panel import STATUS
from app.ui.queue import CANCELLED, CANCELLING, DONE

from .conftest import PATIENT_TEXT, drop, make_pdf, make_window

pytestmark = pytest.mark.model


def _watch_generation(llm: Any) -> dict[str, Any]:
    state = {"tokens": 0}
    original = llm._llama.generate

    def generate(*args: Any, **kwargs: Any) -> Any:
        state["tokens"] = 0
        for tok in original(*args, **kwargs):
            state["tokens"] += 1
            yield tok

    llm._llama.generate = generate
    return state


def test_cancel_mid_generation(qtbot, llm, pii_analyzer, tmp_path: Path) -> None:  # noqa: ANN001
    from app.ui.jobs import wait_for_lanes

    window = make_window(tmp_path / "ws", llm=llm, analyzer=pii_analyzer)
    queue, panel, ws = window.queue, window.queue_panel, window.session.workspace
    generation = _watch_generation(llm)
    try:
        long_summary = replace(builtin_profiles()["contract"], summary_max_tokens=400)
        queue.options = PipelineOptions(profile="contract", user_profiles={"contract": long_summary})
        states: list[str] = []
        queue.item_changed.connect(lambda i: queue.items[i].state not in states[-1:]
                                   and states.append(queue.items[i].state))
        drop(window.drop_zone, [SAMPLES_DIR / "services-contract.pdf"])
        item = next(iter(queue.items.values()))
        qtbot.waitUntil(lambda: item.stage == "Summarizing" and generation["tokens"] >= 3
                        or item.finished, timeout=300_000)
        assert not item.finished, "the summary ended before it could be cancelled"

        panel.tree.setCurrentItem(panel.rows[item.id])
        qtbot.mouseClick(panel.cancel_btn, Qt.MouseButton.LeftButton)
        # At once, before the job has stopped: the row says so and cannot be cancelled twice.
        assert item.state == CANCELLING and panel.rows[item.id].text(STATUS) == "Cancelling…"
        assert not panel.cancel_btn.isEnabled() and queue.pending() == 1
        qtbot.waitUntil(lambda: item.state == CANCELLED, timeout=60_000)
        assert states[-2:] == [CANCELLING, CANCELLED]
        assert panel.rows[item.id].text(STATUS) == CANCELLED and panel.retry_btn.isEnabled()
        assert generation["tokens"] < 400 and ws.documents.count() == 0

        # The workspace is intact: the next document, and the cancelled one again, go through.
        queue.options = PipelineOptions(profile="auto", summarize=False)
        drop(window.drop_zone, [make_pdf(tmp_path / "discharge.pdf", PATIENT_TEXT)])
        qtbot.waitUntil(lambda: queue.pending() == 0, timeout=300_000)
        queue.retry(item.id)
        qtbot.waitUntil(lambda: queue.pending() == 0, timeout=300_000)
        assert [i.state for i in queue.items.values()] == [DONE, DONE]
        assert ws.documents.count() == 2 and ws.audit.verify().ok
    finally:
        del llm._llama.generate
        window.close()
        wait_for_lanes()
        window.session.close()
