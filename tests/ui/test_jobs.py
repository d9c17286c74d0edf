"""The background-op helper: results, failures and progress arrive on the GUI thread;
cancel is cooperative; a dead parent gets no late callbacks."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QWidget

from app.core.errors import Cancelled
from app.ui.jobs import Op


def test_success_progress_and_thread(qtbot) -> None:  # noqa: ANN001
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {"progress": []}
    gui = threading.get_ident()

    def work(ctx):  # noqa: ANN001, ANN202
        seen["worker"] = threading.get_ident()
        for i in range(3):
            ctx.report(i)
        return 42

    def ok(v: int) -> None:
        seen["value"], seen["cb_thread"] = v, threading.get_ident()

    Op(parent, work).progress(seen["progress"].append).success(ok).run_in_background()
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42 and seen["progress"] == [0, 1, 2]
    assert seen["cb_thread"] == gui != seen["worker"]


def test_failure_and_cancel(qtbot) -> None:  # noqa: ANN001
    parent = QWidget()
    qtbot.addWidget(parent)
    errors: list[BaseException] = []
    Op(parent, lambda ctx: 1 / 0).failure(errors.append).run_in_background()
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)

    def slow(ctx):  # noqa: ANN001, ANN202
        while True:
            ctx.check()
            time.sleep(0.005)

    cancelled: list[BaseException] = []
    handle = Op(parent, slow).failure(cancelled.append).run_in_background()
    handle.cancel()
    qtbot.waitUntil(lambda: bool(cancelled))
    assert isinstance(cancelled[0], Cancelled) and handle.done


def test_no_callback_after_parent_is_gone(qtbot) -> None:  # noqa: ANN001
    parent = QWidget()
    calls: list[int] = []
    gate = threading.Event()
    Op(parent, lambda ctx: gate.wait(5) and 1).success(calls.append).run_in_background()
    parent.deleteLater()
    qtbot.wait(20)
    gate.set()
    qtbot.wait(200)
    assert calls == []
