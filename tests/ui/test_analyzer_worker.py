"""The app's analyzer runs in a worker process; when that worker fails, the document fails
closed: the queue shows one sentence for that file, nothing is stored, the window carries on."""

from __future__ import annotations

from pathlib import Path

from app.core.pipeline import PipelineOptions
from app.core.privacy.isolated import IsolatedAnalyzer, _Worker
from app.ui.queue import FAILED

from .conftest import PATIENT_TEXT, drop, make_pdf, make_window


def test_a_failing_analyzer_worker_is_a_per_document_error(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from app.ui.jobs import wait_for_lanes

    # Loading spaCy takes far longer than 0.3 s: to this worker, that is a hang.
    analyzer = IsolatedAnalyzer(worker=_Worker(timeout_s=0.3))
    window = make_window(tmp_path / "ws", llm=None, analyzer=analyzer)
    try:
        window.queue.options = PipelineOptions(profile="auto", store=True, use_model=False)
        drop(window.drop_zone, [make_pdf(tmp_path / "discharge.pdf", PATIENT_TEXT)])
        qtbot.waitUntil(lambda: window.queue.pending() == 0, timeout=60_000)
        item = next(iter(window.queue.items.values()))
        assert item.state == FAILED and not item.doc_id
        assert item.error.startswith("The identifier detector did not answer within 0.3 s")
        assert window.last_error == f"discharge.pdf: {item.error}"
        assert window.session.workspace.documents.count() == 0
        assert analyzer.pid is None  # the hung worker was stopped
    finally:
        window.close()
        wait_for_lanes()
        window.session.close()
        analyzer.close()
