"""The sandbox's child process: caps its own memory, then reads documents sent over a pipe.

Replies are ("ok", Document) or ("error", class name, message); the message is already the
one sentence the user sees.
"""

from __future__ import annotations

import os
from multiprocessing.connection import Connection
from pathlib import Path

from app.core.childproc import requests
from app.core.errors import UnreadableDocument

from . import layout
from .confine import confine
from .limits import Limits
from .parse import parse_bytes


def serve(conn: Connection, memory_mb: int) -> None:
    # Memory cap, and a kill by the parent on a timeout also ends any Tesseract we started.
    confine(memory_mb)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract threads fight the batch, not help it
    _quiet_mupdf()
    layout.PACK_WORDS = True  # word boxes cross the pipe as arrays (see layout.PackedWords)
    for request in requests(conn):
        source, name, password, language, limits = request
        try:
            conn.send(("ok", _read(source, name, password, language, limits)))
        except UnreadableDocument as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except MemoryError:
            conn.send(("error", "UnreadableDocument", _memory_message(name, memory_mb)))
        except RecursionError:
            conn.send(
                (
                    "error",
                    "UnreadableDocument",
                    f"'{name}' is nested too deeply to read (possibly hostile).",
                )
            )
        except Exception as exc:  # a parser bug or a MuPDF error we did not foresee
            text = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
            if "malloc" in text or "out of memory" in text.lower():
                conn.send(("error", "UnreadableDocument", _memory_message(name, memory_mb)))
            else:
                detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
                conn.send(
                    ("error", "UnreadableDocument", f"'{name}' could not be read ({detail}).")
                )


def _quiet_mupdf() -> None:
    # MuPDF prints every repair it makes to stderr; our errors already say what went wrong.
    import pymupdf  # deferred: PyMuPDF loads in the worker process, not in its parent

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)


def _read(
    source: bytes | str, name: str, password: str | None, language: str, limits: Limits
) -> object:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    return parse_bytes(data, name, password=password, ocr_language=language, limits=limits)


def _memory_message(name: str, memory_mb: int) -> str:
    return (
        f"'{name}' needs more than {memory_mb} MB of memory to read, "
        "over the limit (possibly a decompression bomb)."
    )
