"""Build a window in stages: paint the shell first, then do the rest one event-loop turn at a time.

    after_first_paint(window, load_documents, check_tiers, warm_model)

Each stage runs in its own `QTimer.singleShot(0)` turn after the window's first paint, so the
user sees the window within a frame of Unlock and input is handled between stages. Stages that
read the store or load the model start background work (`Op`) rather than block. If no paint
comes (a window never shown, a platform that does not expose it), the stages still run after
`fallback_ms`, so nothing depends on the window being visible.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, stages: tuple[Callable[[], None], ...],
                 fallback_ms: int) -> None:
        super().__init__(window)
        self._window = window
        self._stages = list(stages)
        self._started = False
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._start)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._window and event.type() == QEvent.Type.Paint and not self._started:
            # Not inside the paint event itself: the frame is handed to the screen first.
            QTimer.singleShot(0, self, self._start)
        return False

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        self._window.removeEventFilter(self)
        self._next()

    def _next(self) -> None:
        if not self._stages:
            self.deleteLater()
            return
        stage = self._stages.pop(0)
        try:
            stage()
        finally:
            QTimer.singleShot(0, self, self._next)  # one stage per turn: input stays live


def after_first_paint(window: QWidget, *stages: Callable[[], None],
                      fallback_ms: int = 1000) -> None:
    """Run `stages` in order, one per event-loop turn, once `window` has first painted."""
    _FirstPaint(window, stages, fallback_ms)
