"""`IsolatedAnalyzer`: the PII analyzer in a long-lived child process, same interface as
`PiiAnalyzer` (`analyze`, `analyze_pages`, `analyze_batch`, `with_lists`, `entities`).

Why a process: spaCy's and Presidio's compiled code holds the GIL for long stretches (a page
through `nlp.pipe`, libphonenumber's matcher, loading the model), and in the desktop app every
such stretch freezes the window, since the GUI thread needs the GIL too. In its own process
the analysis cannot block the GUI's interpreter at all.

    analyzer = shared_isolated_analyzer()      # starts nothing yet
    analyzer.warm()                            # optional: start loading spaCy in the background
    analyzer.with_lists(allow, deny).analyze_pages(texts)

Plain data crosses the pipe: requests are (method, args, allow, deny), replies ("ok", value)
or ("error", type name, message); findings travel as tuples. The worker starts lazily, is
restarted when it died, and fails closed: a worker that errs, crashes or hangs raises
`AnalyzerUnavailable` for that document (one sentence), never an empty or partial result.
One request at a time (a lock): the analyzer is one lane, like the model.
"""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Iterable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from app.core import cancel as cancellation
from app.core import netguard
from app.core.childproc import requests, spawn, stop
from app.core.documents import Finding
from app.core.errors import AnalyzerUnavailable, Cancelled

# Loading spaCy takes ~5 s on an idle laptop and much longer on a loaded one; a page is
# milliseconds. A request unanswered this long means the worker hangs: it is killed.
REQUEST_TIMEOUT_S = 600.0
# How often a wait looks up from the pipe: the worker's liveness and the caller's cancel token.
_POLL_S = 0.05


def _pack(findings: Iterable[Finding]) -> list[tuple[str, int, int, int, float, str]]:
    return [(f.type, f.page, f.start, f.end, f.score, f.recognizer) for f in findings]


def _unpack(rows: Iterable[Sequence[Any]]) -> list[Finding]:
    return [Finding(type=str(t), page=int(p), start=int(s), end=int(e), score=float(sc),
                    recognizer=str(r)) for t, p, s, e, sc, r in rows]


def _serve(conn: Connection) -> None:
    """The child: offline first, then the analyzer, then requests until the pipe closes."""
    netguard.install()
    try:
        # deferred: the analyzer loads spaCy, in the child only, after the egress guard is on
        from app.core.privacy.analyzer import get_analyzer

        base = get_analyzer()
    except Exception as exc:  # noqa: BLE001 - reported on every request, never swallowed
        base, load_error = None, f"{type(exc).__name__}: {exc}"
    else:
        load_error = ""
    for request in requests(conn):
        method, args, allow, deny = request
        try:
            if base is None:
                raise RuntimeError(f"the analyzer could not be loaded ({load_error})")
            analyzer = base.with_lists(allow, deny) if (allow or deny) else base
            if method == "entities":
                value: Any = list(analyzer.entities)
            elif method == "analyze":
                value = _pack(analyzer.analyze(*args))
            elif method == "analyze_pages":
                value = _pack(analyzer.analyze_pages(*args))
            elif method == "analyze_batch":
                value = [_pack(x) for x in analyzer.analyze_batch(*args)]
            else:
                raise ValueError(f"unknown request {method!r}")
        except Exception as exc:  # noqa: BLE001 - every failure goes back as one line
            conn.send(("error", type(exc).__name__, str(exc).splitlines()[0][:200]
                       if str(exc).strip() else ""))
        else:
            conn.send(("ok", value))


class _Worker:
    """The child process and its pipe; thread-safe (one request at a time)."""

    def __init__(self, timeout_s: float = REQUEST_TIMEOUT_S) -> None:
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def start(self) -> None:
        with self._lock:
            self._ensure()

    def call(self, method: str, args: tuple[Any, ...], allow: tuple[str, ...],
             deny: tuple[str, ...]) -> Any:
        token = cancellation.current()
        with self._lock:
            if token is not None:
                token.check()  # before sending: a warm worker is only stopped mid-request
            self._ensure()
            assert self._conn is not None and self._proc is not None
            try:
                self._conn.send((method, args, allow, deny))
                reply = self._wait(token)
            except (EOFError, OSError, BrokenPipeError) as exc:
                self._kill()
                raise AnalyzerUnavailable(
                    "The identifier detector stopped unexpectedly; this document was not "
                    "processed (try again: it restarts by itself).") from exc
        if reply[0] == "ok":
            return reply[1]
        _, kind, message = reply
        raise AnalyzerUnavailable(
            f"Finding identifiers failed ({kind}: {message}); nothing was redacted or stored.")

    def close(self) -> None:
        with self._lock:
            stop(self._proc, self._conn, self._kill)

    # -- internals (lock held) ---------------------------------------------------------------
    def _ensure(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            return
        self._kill()
        self._proc, self._conn = spawn(_serve, (), "enclave-analyzer")

    def _wait(self, token: cancellation.CancelToken | None = None) -> Any:
        assert self._conn is not None and self._proc is not None
        deadline = time.monotonic() + self.timeout_s
        while not self._conn.poll(_POLL_S):
            if not self._proc.is_alive() and not self._conn.poll(0):
                raise EOFError("worker exited")
            if token is not None and token.cancelled:
                # A long document's analysis cannot be interrupted inside spaCy, and its late
                # reply would answer the next request: the worker is stopped and a fresh one
                # starts loading at once (seconds of CPU, but the cancel is immediate).
                self._kill()
                self._ensure()
                raise Cancelled()
            if time.monotonic() > deadline:
                self._kill()
                raise AnalyzerUnavailable(
                    f"The identifier detector did not answer within {self.timeout_s:g} s and "
                    "was stopped; this document was not processed.")
        return self._conn.recv()

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
        if proc is not None:
            if proc.is_alive():
                proc.kill()
            proc.join(timeout=5)


class IsolatedAnalyzer:
    """`PiiAnalyzer`'s interface, served by a child process. Thread-safe."""

    def __init__(self, allow: Iterable[str] = (), deny: Iterable[str] = (),
                 worker: _Worker | None = None) -> None:
        self._worker = worker or _Worker()
        self.allow = tuple(a for a in allow if a.strip())
        self.deny = tuple(d for d in deny if d.strip())
        self._entities: list[str] | None = None

    @property
    def pid(self) -> int | None:
        """The worker's process id (None until it started, or after it died)."""
        return self._worker.pid

    def warm(self) -> None:
        """Start the worker (it loads spaCy at once) without waiting for it."""
        self._worker.start()

    def close(self) -> None:
        self._worker.close()

    def with_lists(self, allow: Iterable[str] = (), deny: Iterable[str] = ()) -> IsolatedAnalyzer:
        """The same worker, with extra allow/deny terms sent along with each request."""
        return IsolatedAnalyzer(self.allow + tuple(allow), self.deny + tuple(deny), self._worker)

    @property
    def entities(self) -> list[str]:
        if self._entities is None:
            self._entities = list(self._call("entities"))
        return list(self._entities)

    def analyze(self, text: str, page: int = 1) -> list[Finding]:
        return _unpack(self._call("analyze", text, page))

    def analyze_pages(self, texts: Sequence[str]) -> list[Finding]:
        return _unpack(self._call("analyze_pages", list(texts)))

    def analyze_batch(self, texts: Sequence[str]) -> list[list[Finding]]:
        return [_unpack(rows) for rows in self._call("analyze_batch", list(texts))]

    def _call(self, method: str, *args: Any) -> Any:
        return self._worker.call(method, args, self.allow, self.deny)


_lock = threading.Lock()
_shared: IsolatedAnalyzer | None = None


def shared_isolated_analyzer() -> IsolatedAnalyzer:
    """The process-wide isolated analyzer (one worker, kept across workspace sessions)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = IsolatedAnalyzer()
            atexit.register(_shared.close)
        return _shared
