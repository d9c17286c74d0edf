"""Lock after inactivity: any key or mouse input restarts a timer; when it runs out the
window asks to lock. A running batch postpones the lock (its results must be written)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
          QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class IdleLock(QObject):
    idle = Signal()

    def __init__(self, minutes: int, busy: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = busy
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._timeout)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self._ms = max(0, minutes) * 60_000
        self._timer.stop()
        if self._ms:
            self._timer.start(self._ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self._ms:
            self._timer.start(self._ms)
        return False

    def _timeout(self) -> None:
        if self._busy():
            self._timer.start(self._ms)
        else:
            self.idle.emit()
