"""Long-lived helper processes spoken to over a pipe: the ingestion sandbox, the analyzer.

One way to start them, to stop them and to read requests in them, so both behave alike:
'spawn' (a fresh interpreter, so no locks or threads of the GUI process are inherited),
daemonic, and the child's end of the pipe closed in the parent so the parent sees EOF as soon
as the child dies.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any


def spawn(target: Callable[..., None], args: tuple[Any, ...], name: str
          ) -> tuple[BaseProcess, Connection]:
    """Start `target(conn, *args)` in a fresh interpreter; returns the process and our end."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=target, args=(child, *args), daemon=True, name=name)
    proc.start()
    child.close()
    return proc, parent


def stop(proc: BaseProcess | None, conn: Connection | None, kill: Callable[[], None]) -> None:
    """Ask the child to finish (None), give it two seconds, then `kill` whatever is left."""
    if conn is not None:
        try:
            conn.send(None)
        except OSError:
            pass
    if proc is not None:
        proc.join(timeout=2)
    kill()


def requests(conn: Connection) -> Iterator[Any]:
    """In the child: each request until the parent sends None or the pipe closes."""
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        yield request
