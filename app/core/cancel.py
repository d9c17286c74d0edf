"""Cooperative cancellation: a token any thread may set, checked by every long wait in the core.

    token = CancelToken()
    pipeline.process(path, cancel=token)   # on a worker thread
    token.cancel()                         # from the GUI thread: the worker raises `Cancelled`

`Pipeline.process` opens a `scope(token)` around its stages. The places that can block for
long read the scope's token with `current()` and stop within a fraction of a second: the model
between tokens and inside prompt evaluation (app.core.llm.local), an HTTP tier's request
(app.core.llm.openai_compat), the analyzer's and the ingestion sandbox's child processes
(their pipes are polled, and the child is stopped). The stages in between (fields, summary,
chooser) need not know: the token travels in a `contextvars.ContextVar`, so extraction code
and every `LLM` implementation keep their signatures. A thread hop (the model's lane) carries
the context along explicitly (`contextvars.copy_context()`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from app.core.errors import Cancelled


class CancelToken:
    """A one-way flag (threading.Event underneath): once cancelled, it stays cancelled."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            fn()

    def on_cancel(self, fn: Callable[[], None]) -> Callable[[], None]:
        """Call `fn` (on the cancelling thread, so it must be quick) when the token is
        cancelled, at once if it already is. Returns a function that unregisters it."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(fn)
                return lambda: self._remove(fn)
        fn()
        return lambda: None

    def _remove(self, fn: Callable[[], None]) -> None:
        with self._lock:
            if fn in self._callbacks:
                self._callbacks.remove(fn)

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise `Cancelled` if the token was cancelled."""
        if self._event.is_set():
            raise Cancelled()

    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds, waking at once on cancel; True when cancelled."""
        return self._event.wait(timeout)


_current: ContextVar[CancelToken | None] = ContextVar("enclave_cancel", default=None)


@contextmanager
def scope(token: CancelToken | None) -> Iterator[CancelToken | None]:
    """Make `token` the current one for the code inside (None: not cancellable)."""
    reset = _current.set(token)
    try:
        yield token
    finally:
        _current.reset(reset)


def current() -> CancelToken | None:
    """The token of the innermost `scope`, or None outside any."""
    return _current.get()


def check() -> None:
    """Raise `Cancelled` if the current scope's token was cancelled."""
    token = _current.get()
    if token is not None:
        token.check()
