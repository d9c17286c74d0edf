"""Parse documents in a child process that may crash, hang or blow up without taking us along.

One worker serves a whole batch (spawning per file would cost more than parsing a text PDF),
and up to `PIPELINE` small requests are queued ahead so the worker never waits on us.
A timeout, a crash or the memory cap turns into an `UnreadableDocument` for that file only;
the worker is replaced and the rest of the batch carries on.
"""

from __future__ import annotations

import gc
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import Any

from app.core import cancel as cancellation
from app.core.childproc import spawn, stop
from app.core.documents import Document
from app.core.errors import Cancelled, PasswordRequired, UnreadableDocument

from .confine import kill_tree
from .limits import DEFAULT_LIMITS, Limits, mb
from .worker import serve

PIPELINE = 2
_POLL_S = 0.05  # how often a wait looks up from the pipe for the caller's cancel token
_ERRORS: dict[str, type[UnreadableDocument]] = {"PasswordRequired": PasswordRequired}


@dataclass(frozen=True)
class Job:
    """One document to read: a path (read by the worker) or the bytes themselves."""

    source: Path | bytes
    name: str
    password: str | None = None
    ocr_language: str = "eng"
    limits: Limits = DEFAULT_LIMITS


class Sandbox:
    """A reusable worker process; a context manager. Not thread-safe: one batch at a time."""

    def __init__(self) -> None:
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self._memory_mb = 0

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The current worker's process id (None before the first job or after a failure)."""
        return self._proc.pid if self._proc is not None else None

    def read(self, job: Job) -> Document:
        for _, result in self.read_many([job]):
            if isinstance(result, UnreadableDocument):
                raise result
            return result
        raise AssertionError("read_many yields one result per job")

    def read_many(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, Document | UnreadableDocument]]:
        """Yield (job, result) in job order; a failure is returned, never raised."""
        in_flight: deque[Job] = deque()
        head_since = 0.0
        pending = iter(jobs)
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < PIPELINE:
                job = next(pending, None)
                if job is None:
                    exhausted = True
                    break
                early = _precheck(job)
                if early is not None and not in_flight:
                    yield job, early
                    continue
                if early is not None or (
                    in_flight
                    and (isinstance(job.source, bytes) or job.limits.memory_mb != self._memory_mb)
                ):
                    # Big payloads are not queued behind a reply: both sides blocking on a full
                    # pipe would deadlock. Settle the queue first.
                    pending = _chain(job, pending)
                    break
                if not in_flight:
                    head_since = time.monotonic()
                self._send(job)
                in_flight.append(job)
            if not in_flight:
                return
            job = in_flight[0]
            result = self._receive(job, head_since)
            in_flight.popleft()
            head_since = time.monotonic()
            if self._proc is None and in_flight:
                # The worker died with requests queued behind the failed one: resend them.
                for queued in in_flight:
                    self._send(queued)
            yield job, result

    def close(self) -> None:
        stop(self._proc, self._conn, self._kill)

    # -- internals ---------------------------------------------------------------------------

    def _send(self, job: Job) -> None:
        if self._proc is None or job.limits.memory_mb != self._memory_mb:
            self._kill()
            self._start(job.limits.memory_mb)
        source = job.source if isinstance(job.source, bytes) else str(job.source)
        request = (source, job.name, job.password, job.ocr_language, job.limits)
        try:
            assert self._conn is not None
            self._conn.send(request)
        except OSError:  # the idle worker died (killed from outside): start a fresh one once
            self._kill()
            self._start(job.limits.memory_mb)
            assert self._conn is not None
            self._conn.send(request)

    def _receive(self, job: Job, since: float) -> Document | UnreadableDocument:
        assert self._conn is not None and self._proc is not None
        remaining = job.limits.timeout_s - (time.monotonic() - since)
        try:
            if remaining <= 0 or not self._poll(remaining):
                self._kill()
                return UnreadableDocument(
                    f"'{job.name}' took longer than {job.limits.timeout_s:g} s to read "
                    "and was stopped "
                    "(it may be damaged or hostile; raise the time limit to retry)."
                )
            reply = _recv_without_gc(self._conn)
        except (EOFError, OSError):
            return self._crashed(job)
        if reply[0] == "ok":
            return reply[1]
        return _ERRORS.get(reply[1], UnreadableDocument)(reply[2])

    def _poll(self, seconds: float) -> bool:
        """Wait up to `seconds` for a reply. A cancelled caller (app.core.cancel) stops the
        worker, OCR included, and raises `Cancelled`: a long scan is not read to the end."""
        assert self._conn is not None
        token = cancellation.current()
        if token is None:
            return self._conn.poll(seconds)
        deadline = time.monotonic() + seconds
        while not self._conn.poll(min(_POLL_S, max(0.0, deadline - time.monotonic()))):
            if token.cancelled:
                self._kill()  # its late reply would answer the next request
                raise Cancelled()
            if time.monotonic() >= deadline:
                return False
        return True

    def _crashed(self, job: Job) -> UnreadableDocument:
        assert self._proc is not None
        self._proc.join(timeout=5)
        code = self._proc.exitcode
        self._kill()
        if code is not None and code < 0:
            sig = signal.Signals(-code).name
            if sig == "SIGKILL":
                return UnreadableDocument(
                    f"'{job.name}' was stopped by the system while being read (SIGKILL), "
                    "probably for using too much memory."
                )
            return UnreadableDocument(
                f"'{job.name}' crashed the document reader ({sig}); "
                "it was skipped and the batch went on."
            )
        return UnreadableDocument(
            f"'{job.name}' made the document reader exit unexpectedly (exit code {code})."
        )

    def _start(self, memory_mb: int) -> None:
        self._proc, self._conn = spawn(serve, (memory_mb,), "enclave-ingest")
        self._memory_mb = memory_mb

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
        if proc is None:
            return
        kill_tree(proc)  # the worker and a Tesseract it started
        proc.join(timeout=5)


def _precheck(job: Job) -> UnreadableDocument | None:
    """Checks that need no parsing, done here so a 40 GB file is never read into memory."""
    if isinstance(job.source, bytes):
        size = len(job.source)
    else:
        try:
            st = job.source.stat()
        except OSError as exc:
            return UnreadableDocument(f"'{job.name}' could not be opened ({exc.strerror or exc}).")
        if not job.source.is_file():
            return UnreadableDocument(f"'{job.name}' is not a regular file.")
        size = st.st_size
    if size == 0:
        return UnreadableDocument(f"'{job.name}' is empty (0 bytes).")
    if size > job.limits.max_bytes:
        return UnreadableDocument(
            f"'{job.name}' is {mb(size)}, over the {mb(job.limits.max_bytes)} limit."
        )
    return None


def _recv_without_gc(conn: Connection) -> Any:
    """Unpickle a reply with the cyclic GC paused: a text PDF's reply becomes ~400 `Word`s a
    page, and the collections their allocation triggers (each one walking the app's whole
    heap every so often) cost about as much as creating them. Nothing in a reply is cyclic."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return conn.recv()
    finally:
        if was_enabled:
            gc.enable()


def _chain(first: Job, rest: Iterator[Job]) -> Iterator[Job]:
    yield first
    yield from rest
