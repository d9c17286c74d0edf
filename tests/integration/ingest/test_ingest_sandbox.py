"""The sandbox: timeouts, crashes and memory blow-ups cost one document, never the batch."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import psutil
import pytest

from app.core.documents import Document
from app.core.errors import PasswordRequired, UnreadableDocument
from app.core.ingest import Limits, iter_documents, read_document
from app.core.ingest.sandbox import Job, Sandbox
from tests.unit.ingest.factories import docx_bytes, encrypted_pdf, multipage_tiff, text_pdf

SLOW_TIFF = multipage_tiff([[f"Page {i} of a long fax"] for i in range(8)])


def test_folder_is_read_recursively_with_reasons_for_skips(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.pdf").write_bytes(text_pdf([["Alpha"]]))
    (tmp_path / "sub" / "b.docx").write_bytes(docx_bytes(["Bravo"]))
    (tmp_path / "sub" / "deeper" / "c.md").write_text("Charlie")
    (tmp_path / "sub" / "empty.pdf").write_bytes(b"")
    (tmp_path / "sub" / "locked.pdf").write_bytes(encrypted_pdf("pw", ["Delta"]))
    (tmp_path / ".hidden").write_text("skip me")
    results = {p.relative_to(tmp_path).as_posix(): r for p, r in iter_documents([tmp_path])}
    assert list(results) == [
        "a.pdf",
        "sub/b.docx",
        "sub/empty.pdf",
        "sub/locked.pdf",
        "sub/deeper/c.md",
    ]
    assert results["a.pdf"].text == "Alpha" and results["sub/deeper/c.md"].text == "Charlie"
    assert str(results["sub/empty.pdf"]) == "'empty.pdf' is empty (0 bytes)."
    assert isinstance(results["sub/locked.pdf"], PasswordRequired)


def test_password_through_the_sandbox(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf("pw", ["Delta"]))
    with pytest.raises(PasswordRequired, match="give the password with --password"):
        read_document(path)
    assert read_document(path, password="pw").text == "Delta"


def test_missing_file_and_oversize(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="'nope.pdf' could not be opened"):
        read_document(tmp_path / "nope.pdf")
    (tmp_path / "big.txt").write_bytes(b"x" * 2048)
    with pytest.raises(UnreadableDocument, match="'big.txt' is 0.0 MB, over the 0.0 MB limit"):
        read_document(tmp_path / "big.txt", limits=Limits(max_bytes=1024))


def test_timeout_stops_the_worker_and_its_tesseract_and_the_batch_goes_on() -> None:
    with Sandbox() as sandbox:
        jobs = [
            Job(SLOW_TIFF, "slow.tif", limits=Limits(timeout_s=0.5)),
            Job(b"next one", "next.txt"),
        ]
        results = list(sandbox.read_many(jobs))
        first_pid = None
        assert "'slow.tif' took longer than 0.5 s to read and was stopped" in str(results[0][1])
        assert isinstance(results[1][1], Document) and results[1][1].text == "next one"
        first_pid = sandbox.pid
    assert first_pid is not None
    # No Tesseract left running from the killed worker's process group.
    for proc in psutil.process_iter(["name"]):
        if proc.info["name"] == "tesseract":
            try:
                assert os.getpgid(proc.pid) != first_pid
            except ProcessLookupError:
                pass


def test_crash_of_the_parser_is_one_clear_error() -> None:
    with Sandbox() as sandbox:
        sandbox.read(Job(b"warm up", "w.txt"))
        pid = sandbox.pid
        assert pid is not None
        killer = threading.Timer(0.3, os.kill, (pid, signal.SIGSEGV))
        killer.start()
        results = list(sandbox.read_many([Job(SLOW_TIFF, "evil.tif"), Job(b"after", "after.txt")]))
        killer.join()
    err = results[0][1]
    assert isinstance(err, UnreadableDocument)
    assert (
        str(err)
        == "'evil.tif' crashed the document reader (SIGSEGV); it was skipped and the batch went on."
    )
    assert results[1][1].text == "after"


def test_memory_cap_becomes_a_clear_error() -> None:
    with Sandbox() as sandbox:
        big = Job(b"a" * 150_000_000, "huge.txt", limits=Limits(memory_mb=400, max_bytes=10**9))
        results = list(sandbox.read_many([big, Job(b"small", "small.txt")]))
    assert str(results[0][1]).startswith("'huge.txt' needs more than 400 MB of memory to read")
    assert results[1][1].text == "small"


def test_pipelined_batch_keeps_order(tmp_path: Path) -> None:
    paths = []
    for i in range(9):
        p = tmp_path / f"{i}.pdf"
        p.write_bytes(text_pdf([[f"Document {i}"]]) if i != 4 else b"%PDF-1.7 broken")
        paths.append(p)
    results = list(iter_documents(paths, workers=2))
    assert [p for p, _ in results] == paths
    assert [r.text for _, r in results if isinstance(r, Document)] == [
        f"Document {i}" for i in range(9) if i != 4
    ]
    assert "'4.pdf'" in str(results[4][1])
