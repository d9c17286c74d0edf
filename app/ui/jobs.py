"""One small, chainable way to run work off the GUI thread (after Anki's `CollectionOp`).

    Op(window, lambda ctx: workspace.audit.verify()) \\
        .success(show_report).failure(show_error).run_in_background()

The work function runs on a pool thread and receives a `JobContext`: `ctx.report(x)` sends a
progress value (plain data) to the GUI thread, `ctx.check()` raises `Cancelled` once
`handle.cancel()` was called, and `ctx.token` is that cancel token for the core
(`pipeline.process(path, cancel=ctx.token)` stops mid-stage, mid-generation too). Every
callback runs on the GUI thread, and only while `parent` is still alive: a closed panel never
gets a late callback, and no widget is touched from a worker.

Lanes: "model" has one thread, so pipeline runs queue behind each other (llama.cpp is one lane
anyway, and spaCy is not worth racing against it on a laptop); "pdf" has one thread too
(PyMuPDF must not be used from several threads at once: page images, redacted PDFs); "io" is
Qt's global pool for short reads, verification and exports.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.core.cancel import CancelToken
from app.core.errors import Cancelled

T = TypeVar("T")

_lanes: dict[str, QThreadPool] = {}


SERIAL = ("model", "pdf")  # lanes with one thread each


def lane(name: str) -> QThreadPool:
    """The pool for a lane: "model" or "pdf" (one thread each) or else Qt's global pool."""
    if name not in SERIAL:
        return QThreadPool.globalInstance()
    pool = _lanes.get(name)
    if pool is None:
        pool = _lanes[name] = QThreadPool()
        pool.setMaxThreadCount(1)
    return pool


def wait_for_lanes(msecs: int = 30_000) -> bool:
    """Let running work finish (on quit, so the workspace is not closed under a writer)."""
    ok = all(p.waitForDone(msecs) for p in _lanes.values())
    return QThreadPool.globalInstance().waitForDone(msecs) and ok


__all__ = ["Cancelled", "JobContext", "JobHandle", "Op", "lane", "wait_for_lanes"]


class JobContext:
    """What the work function may use: progress reporting and cooperative cancellation."""

    def __init__(self, bridge: _Bridge) -> None:
        self._bridge = bridge
        self.token = CancelToken()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def check(self) -> None:
        self.token.check()

    def report(self, value: Any) -> None:
        self._bridge.progressed.emit(value)


class _Bridge(QObject):
    # Lives on the GUI thread; emitting from the worker queues the call onto the GUI thread.
    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[JobContext], Any], ctx: JobContext, bridge: _Bridge) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._ctx, self._bridge = fn, ctx, bridge

    def run(self) -> None:
        try:
            value = self._fn(self._ctx)
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._bridge.failed.emit(exc)
        else:
            self._bridge.succeeded.emit(value)


class JobHandle:
    """Returned by `run_in_background()`: cancel it, or ask whether it finished."""

    def __init__(self, ctx: JobContext) -> None:
        self._ctx = ctx
        self.done = False

    def cancel(self) -> None:
        self._ctx.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self._ctx.cancelled


_alive: set[_Bridge] = set()  # keeps bridges alive until their job reports back


class Op(Generic[T]):
    """A background operation. Chain callbacks, then `run_in_background()` once."""

    def __init__(self, parent: QObject | None, op: Callable[[JobContext], T],
                 lane: str = "io") -> None:
        self._parent = parent
        self._op = op
        self._lane = lane
        self._on_success: list[Callable[[T], None]] = []
        self._on_failure: list[Callable[[BaseException], None]] = []
        self._on_progress: list[Callable[[Any], None]] = []
        self._on_finally: list[Callable[[], None]] = []

    def success(self, cb: Callable[[T], None]) -> Op[T]:
        self._on_success.append(cb)
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op[T]:
        self._on_failure.append(cb)
        return self

    def progress(self, cb: Callable[[Any], None]) -> Op[T]:
        self._on_progress.append(cb)
        return self

    def finally_(self, cb: Callable[[], None]) -> Op[T]:
        self._on_finally.append(cb)
        return self

    def _parent_alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def run_in_background(self) -> JobHandle:
        bridge = _Bridge()
        ctx = JobContext(bridge)
        handle = JobHandle(ctx)
        _alive.add(bridge)

        def progressed(value: Any) -> None:
            if self._parent_alive():
                for cb in self._on_progress:
                    cb(value)

        def finish(callbacks: list[Callable[[Any], None]], value: Any) -> None:
            handle.done = True
            _alive.discard(bridge)
            bridge.deleteLater()
            if not self._parent_alive():
                return
            try:
                for cb in callbacks:
                    cb(value)
            finally:
                for cb in self._on_finally:
                    cb()

        bridge.progressed.connect(progressed)
        bridge.succeeded.connect(lambda v: finish(self._on_success, v))
        bridge.failed.connect(lambda e: finish(self._on_failure or [_unhandled], e))
        lane(self._lane).start(_Runnable(self._op, ctx, bridge))
        return handle


def _unhandled(exc: BaseException) -> None:
    # A failure nobody asked about still must not vanish: print it for the developer.
    print(getattr(exc, "__traceback_text__", repr(exc)))
