"""The analyzer in its worker process (what the desktop app runs): the same findings as the
in-process analyzer, the workspace's lists applied there, and failing closed — an error, a
crash or a hang in the worker is one `AnalyzerUnavailable` sentence, never a partial result,
and nothing is stored."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.errors import AnalyzerUnavailable
from app.core.pipeline import Pipeline, PipelineOptions
from app.core.privacy.isolated import IsolatedAnalyzer, _Worker

TEXT = ("Patient: Marguerite Okonkwo-Hale, DOB 04/17/1958, MRN 00482913, phone (503) 555-0192. "
        "Diagnosis: pneumonia.")
PAGES = [TEXT, "Seen by Dr. Tobias Lindqvist at Riverbend General Hospital on 02/08/2026."]


@pytest.fixture(scope="module")
def isolated() -> Iterator[IsolatedAnalyzer]:
    analyzer = IsolatedAnalyzer()
    yield analyzer
    analyzer.close()


def _dead(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A killed child stays a zombie until joined. Its main thread turns "Z" while its other
    # threads (BLAS, spaCy) are still exiting, and until they are gone the process can neither
    # be reaped nor has it closed its pipe: only a lone zombie thread is a dead worker.
    status = dict(
        line.split(":\t", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if ":\t" in line
    )
    return status.get("State", "").startswith("Z") and status.get("Threads", "").strip() == "1"


def test_same_findings_as_in_process(isolated, pii_analyzer) -> None:  # noqa: ANN001
    assert isolated.analyze_pages(PAGES) == pii_analyzer.analyze_pages(PAGES)
    assert isolated.analyze(TEXT, page=3) == pii_analyzer.analyze(TEXT, page=3)
    assert isolated.analyze_batch(PAGES) == pii_analyzer.analyze_batch(PAGES)
    assert sorted(isolated.entities) == sorted(pii_analyzer.entities)
    assert isolated.analyze_pages(PAGES)  # not vacuous: the text has identifiers
    assert isolated.pid not in (None, os.getpid())


def test_lists_apply_in_the_worker(isolated, pii_analyzer) -> None:  # noqa: ANN001
    allow, deny = ["Marguerite Okonkwo-Hale"], ["pneumonia"]
    got = isolated.with_lists(allow, deny).analyze(TEXT)
    assert got == pii_analyzer.with_lists(allow, deny).analyze(TEXT)
    spans = {TEXT[f.start:f.end] for f in got}
    assert "pneumonia" in spans and "Marguerite Okonkwo-Hale" not in spans
    plain = {TEXT[f.start:f.end] for f in isolated.analyze(TEXT)}  # the base is unchanged
    assert "pneumonia" not in plain and "Marguerite Okonkwo-Hale" in plain


def test_an_error_in_the_worker_is_one_sentence_and_the_worker_lives_on(isolated) -> None:  # noqa: ANN001
    pid = isolated.pid
    with pytest.raises(AnalyzerUnavailable, match=r"^Finding identifiers failed .*nothing was"):
        isolated.analyze(12345)  # type: ignore[arg-type]
    assert isolated.pid == pid and isolated.analyze(TEXT)


def test_a_worker_killed_between_documents_is_restarted(isolated) -> None:  # noqa: ANN001
    assert isolated.analyze(TEXT)
    pid = isolated.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    end = time.monotonic() + 10
    while not _dead(pid) and time.monotonic() < end:
        time.sleep(0.05)
    assert isolated.analyze(TEXT) == isolated.analyze(TEXT)  # a fresh worker answers
    assert isolated.pid != pid


def test_a_worker_dying_mid_request_fails_closed() -> None:
    analyzer = IsolatedAnalyzer()
    analyzer.warm()
    pid = analyzer.pid
    assert pid is not None
    # Still importing spaCy 0.5 s after the start: the request below is in flight.
    threading.Timer(0.5, os.kill, (pid, signal.SIGKILL)).start()
    try:
        with pytest.raises(AnalyzerUnavailable, match="stopped unexpectedly"):
            analyzer.analyze(TEXT)
        assert analyzer.pid is None
    finally:
        analyzer.close()


def test_a_hung_worker_is_stopped_and_the_document_not_stored(workspace, tmp_path) -> None:  # noqa: ANN001
    # Loading spaCy takes far longer than 0.3 s, so to this worker it hangs.
    analyzer = IsolatedAnalyzer(worker=_Worker(timeout_s=0.3))
    note = tmp_path / "note.txt"
    note.write_text(TEXT)
    pipeline = Pipeline(llm=None, analyzer=analyzer, workspace=workspace)
    try:
        with pytest.raises(AnalyzerUnavailable, match="did not answer within 0.3 s"):
            pipeline.process(note, PipelineOptions(use_model=False, store=True))
        assert analyzer.pid is None  # killed, not left running
        assert workspace.documents.count() == 0
    finally:
        analyzer.close()
