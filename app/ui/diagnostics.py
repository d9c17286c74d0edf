"""An event-loop watchdog: how long the GUI thread was ever unable to answer.

A 10 ms timer on the GUI thread; a late tick means the event loop was blocked that long. The
tests and `bench.ui` use it to hold the app to its promise that the window never freezes.

On Linux each gap is also split by the kernel's own accounting (`/proc/thread-self/schedstat`):
the time the GUI thread was runnable but waiting for a CPU is the machine's load (other
processes on the cores), not something this app blocked on; `max_blocked_ms` is the longest gap
without that wait: the GUI thread's own work plus waiting for the GIL or a lock.

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
    blocked: list[float] = field(default_factory=list, repr=False)  # gap minus CPU-queue wait
    _queued: float = field(default=0.0)
    _last: float = field(default=0.0)
    _timer: QTimer | None = field(default=None, repr=False)

    @property
    def max_blocked_ms(self) -> float:
        return max(self.blocked, default=0.0)

    def start(self) -> QTimer:
        self._last = time.perf_counter()
        self._queued = _queued_ms()
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

    def over(self, ms: float, blocked: bool = False) -> int:
        """How many gaps exceeded `ms` (of those net of CPU-queue wait with `blocked`)."""
        return sum(g > ms for g in (self.blocked if blocked else self.gaps))

    def percentile(self, q: float, blocked: bool = False) -> float:
        ordered = sorted(self.blocked if blocked else self.gaps)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else 0.0

    def _arm(self) -> None:
        if self.trace is not None:
            faulthandler.dump_traceback_later(self.trace_after_ms / 1000, file=self.trace)

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        self.max_gap_ms = max(self.max_gap_ms, gap)
        self.gaps.append(gap)
        queued = _queued_ms()
        waited, self._queued = queued - self._queued, queued
        self.blocked.append(max(0.0, gap - waited))
        self._last = now
        self.ticks += 1
        if self.trace is not None:
            if gap > self.trace_after_ms:
                print(f"=== stall {gap:.0f} ms ({waited:.0f} ms waiting for a CPU) ended at "
                      f"{now:.3f}", file=self.trace, flush=True)
            self._arm()


def _queued_ms() -> float:
    """Milliseconds this thread has spent runnable but waiting for a CPU (0 off Linux)."""
    try:
        with open("/proc/thread-self/schedstat") as f:
            return int(f.read().split()[1]) / 1e6
    except (OSError, ValueError, IndexError):
        return 0.0
