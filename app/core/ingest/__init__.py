"""Ingestion: read any supported file into a `Document`, safely, in a sandboxed child process.

    read_document(path)     one file -> Document; raises UnreadableDocument / PasswordRequired
    read_bytes(data, name)  the same for bytes in memory (attachments, drag and drop)
    iter_documents(paths)   files and folders, recursively -> (path, Document | error)

Formats are recognised by content, not extension: PDF (text layer; OCR for pages without one),
images (PNG, JPEG, TIFF incl. multi-page, GIF, BMP; OCR), DOCX, EML (attachments become child
documents in `metadata["attachments"]`), HTML, and plain text / Markdown.

OCR pages carry `Page.ocr = True` and `Page.ocr_confidence` in 0..1 (Tesseract's mean word
confidence weighted by length; None with PyMuPDF's built-in OCR). PDF and OCR pages carry
`Page.words`: boxes in unrotated PDF points with their character range in `Page.text`.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterable, Iterator
from itertools import zip_longest
from pathlib import Path

from app.core.documents import Document
from app.core.errors import UnreadableDocument

from .limits import DEFAULT_LIMITS, Limits
from .sandbox import Job, Sandbox

__all__ = ["Limits", "Sandbox", "iter_documents", "read_bytes", "read_document"]

_shared: list[Sandbox] = []
_shared_lock = threading.Lock()


def read_document(
    path: Path,
    *,
    password: str | None = None,
    ocr_language: str = "eng",
    limits: Limits | None = None,
) -> Document:
    """Read one file in the shared sandbox worker; raises `UnreadableDocument` (one sentence)."""
    path = Path(path)
    return _read_shared(Job(path, path.name, password, ocr_language, limits or DEFAULT_LIMITS))


def read_bytes(
    data: bytes,
    name: str,
    *,
    password: str | None = None,
    ocr_language: str = "eng",
    limits: Limits | None = None,
) -> Document:
    """Read bytes already in memory; `name` is used for `Document.name` and in messages."""
    return _read_shared(Job(bytes(data), name, password, ocr_language, limits or DEFAULT_LIMITS))


def iter_documents(
    paths: Iterable[Path | str],
    *,
    password: str | None = None,
    ocr_language: str = "eng",
    limits: Limits | None = None,
    workers: int | None = None,
) -> Iterator[tuple[Path, Document | UnreadableDocument]]:
    """Read files and folders (recursively, hidden files skipped) in sandbox workers, in order.

    Unreadable files come back as the error, so a caller can list them with their reason while
    the batch goes on. `workers` defaults to min(2, CPUs): two parsers keep both cores of a
    small laptop busy while leaving the rest for the local model.
    """
    lim = limits or DEFAULT_LIMITS
    jobs = [Job(p, p.name, password, ocr_language, lim) for p in _walk(paths)]
    n = max(1, min(workers or min(2, os.cpu_count() or 1), len(jobs)))
    # The warm shared workers if nobody else is using them; else private ones for this batch.
    shared = _shared_lock.acquire(blocking=False)
    pool = _shared_pool(n) if shared else [Sandbox() for _ in range(n)]
    try:
        # Round-robin split, then interleave the results back: yields stay in input order.
        streams = [pool[k].read_many(jobs[k::n]) for k in range(n)]
        for batch in zip_longest(*streams):
            for item in batch:
                if item is not None:
                    job, result = item
                    assert isinstance(job.source, Path)
                    yield job.source, result
    finally:
        if shared:
            _shared_lock.release()
        else:
            for sandbox in pool:
                sandbox.close()


def _walk(paths: Iterable[Path | str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path  # a missing path is reported by the sandbox's precheck, not dropped
            continue
        # os.walk does not follow symlinked folders, so a link loop cannot trap us.
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if not f.startswith("."):
                    yield Path(root) / f


def _read_shared(job: Job) -> Document:
    with _shared_lock:
        return _shared_pool(1)[0].read(job)


def _shared_pool(n: int) -> list[Sandbox]:
    # Long-lived workers for the session: spawning one costs ~0.3 s, more than most files.
    while len(_shared) < n:
        sandbox = Sandbox()
        atexit.register(sandbox.close)
        _shared.append(sandbox)
    return _shared[:n]
