"""An event-loop watchdog: how long the GUI thread was ever unable to answer.

A 10 ms timer on the GUI thread; a late tick means the event loop was blocked that long. The
tests and `bench.ui` use it to hold the app to its promise that the window never freezes.

With `trace` (an open file), every stall longer than `trace_after_ms` also dumps the Python
stack of every thread into it. `faulthandler`'s watchdog is a C thread that needs no GIL, so it
sees where each thread is *while* the GUI thread waits, including a worker stuck inside a C
extension that holds the GIL (which a Python watchdog thread could never observe).
"""

from __future__ import annotations

import faulthandler
import time
from dataclasses import dataclass, field
from typing import IO

from PySide6.QtCore import QTimer


@dataclass
class StallMeter:
    max_gap_ms: float = 0.0
    ticks: int = 0
    trace: IO[str] | None = None
    trace_after_ms: float = 80.0
    gaps: list[float] = field(default_factory=list, repr=False)
    _last: float = field(default=0.0)
    _timer: QTimer | None = field(default=None, repr=False)

    def start(self) -> QTimer:
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._arm()
        return self._timer

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.trace is not None:
            faulthandler.cancel_dump_traceback_later()

    def over(self, ms: float) -> int:
        """How many ticks came more than `ms` late."""
        return sum(g > ms for g in self.gaps)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.gaps)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else 0.0

    def _arm(self) -> None:
        if self.trace is not None:
            faulthandler.dump_traceback_later(self.trace_after_ms / 1000, file=self.trace)

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        self.max_gap_ms = max(self.max_gap_ms, gap)
        self.gaps.append(gap)
        self._last = now
        self.ticks += 1
        if self.trace is not None:
            if gap > self.trace_after_ms:
                print(f"=== stall {gap:.0f} ms ended at {now:.3f}", file=self.trace, flush=True)
            self._arm()
