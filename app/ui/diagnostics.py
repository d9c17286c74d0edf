"""An event-loop watchdog: how long the GUI thread was ever unable to answer.

A 10 ms timer on the GUI thread; a late tick means the event loop was blocked that long. The
tests and `bench.ui` use it to hold the app to its promise that the window never freezes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer


@dataclass
class StallMeter:
    max_gap_ms: float = 0.0
    ticks: int = 0
    _last: float = field(default=0.0)
    _timer: QTimer | None = field(default=None, repr=False)

    def start(self) -> QTimer:
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        return self._timer

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_gap_ms = max(self.max_gap_ms, (now - self._last) * 1000)
        self._last = now
        self.ticks += 1
