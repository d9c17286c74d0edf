"""Cancelling while the sandbox reads (OCR of a long fax): the worker and its Tesseract stop,
`Cancelled` is raised, and the same sandbox reads the next file."""

from __future__ import annotations

import os
import threading

import psutil
import pytest

from app.core import cancel as cancellation
from app.core.cancel import CancelToken
from app.core.documents import Document
from app.core.errors import Cancelled
from app.core.ingest.sandbox import Job, Sandbox
from tests.unit.ingest.factories import multipage_tiff

SLOW_TIFF = multipage_tiff([[f"Page {i} of a long fax"] for i in range(8)])


def test_cancel_while_reading_stops_the_worker_and_the_next_file_is_read() -> None:
    with Sandbox() as sandbox:
        token, reading = CancelToken(), []

        def cancel() -> None:
            reading.append(sandbox.pid)
            token.cancel()

        threading.Timer(0.5, cancel).start()
        with cancellation.scope(token), pytest.raises(Cancelled):
            sandbox.read(Job(SLOW_TIFF, "slow.tif"))
        assert sandbox.pid is None  # stopped; its late reply cannot answer the next request
        doc = sandbox.read(Job(b"next one", "next.txt"))
        assert isinstance(doc, Document) and doc.text == "next one"
    assert reading[0] is not None
    for proc in psutil.process_iter(["name"]):  # no Tesseract left from the stopped worker
        if proc.info["name"] == "tesseract":
            try:  # a zombie is dead already, waiting to be reaped
                assert os.getpgid(proc.pid) != reading[0] or proc.status() == psutil.STATUS_ZOMBIE
            except (ProcessLookupError, psutil.NoSuchProcess):
                pass
