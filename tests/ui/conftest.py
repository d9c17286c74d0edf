"""UI fixtures: a fast-KDF workspace, a main window on the real pipeline and model, and a
session-scoped batch that is processed once (the model is slow on a 2-core machine) while the
event loop's longest stall is measured."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.ui.diagnostics import StallMeter

PASSPHRASE = "amber falcon quietly orbits 42 lanterns"
PATIENT_TEXT = (
    "RIVERBEND GENERAL HOSPITAL\nDISCHARGE SUMMARY\n\nPatient: Marguerite Okonkwo-Hale\n"
    "DOB: 04/17/1958\nMRN: 00482913\nAdmission Date: 02/03/2026\nDischarge Date: 02/08/2026\n"
    "Attending: Dr. Tobias Lindqvist, MD\nAllergies: Penicillin (hives)\n\nDiagnoses:\n"
    "1. Community-acquired pneumonia, right lower lobe\n\nDischarge Medications:\n"
    "- Amoxicillin-clavulanate 875 mg twice daily for 5 days\n\n"
    "Follow-up: Dr. Priya Ramaswamy on 02/15/2026.\nContact: (503) 555-0192\n"
)


def make_pdf(path: Path, text: str) -> Path:
    """A one-page text PDF written with PyMuPDF (what a scanner-less clinic produces)."""
    import fitz

    doc = fitz.open()
    page = doc.new_page()
    page.insert_textbox(fitz.Rect(56, 56, 540, 800), text, fontsize=10)
    doc.save(str(path))
    doc.close()
    return path


def drop(widget: object, paths: list[Path]) -> None:
    """A real drop event (as the window manager delivers it), not a direct method call."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    # Qt only delivers a drop to a widget that accepted the drag entering it.
    QApplication.sendEvent(widget, QDragEnterEvent(QPoint(10, 10), *args))  # int pos: 6.11 too
    QApplication.sendEvent(widget, QDropEvent(QPointF(10, 10), *args))


def make_window(data_dir: Path, llm: object, analyzer: object = None):  # -> MainWindow
    from app.core.pipeline import Pipeline
    from app.core.workspace import KdfParams, Workspace
    from app.ui.main_window import MainWindow
    from app.ui.session import Session

    ws = Workspace.create(data_dir, PASSPHRASE, kdf=KdfParams.fast())
    pipeline = Pipeline(llm=llm, analyzer=analyzer, workspace=ws)
    window = MainWindow(Session(ws, pipeline), warm_model=False)
    window.show()
    return window


def spin_until(condition, timeout: float) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop until `condition()` (session fixtures cannot use qtbot)."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("condition not reached")
        QApplication.processEvents()
        time.sleep(0.005)


@dataclass
class Processed:
    window: object
    pdf: Path
    stall: StallMeter
    seconds: float


@pytest.fixture(scope="session")
def processed(qapp, llm, tmp_path_factory) -> Iterator[Processed]:  # noqa: ANN001
    """A batch (the test PDF plus two samples) dropped on the window and processed, with the
    event loop's longest stall measured throughout. The analyzer runs in its worker process,
    as in the app."""
    from app.core.paths import SAMPLES_DIR
    from app.core.privacy.isolated import shared_isolated_analyzer
    from app.ui.jobs import wait_for_lanes

    tmp = tmp_path_factory.mktemp("ui")
    pdf = make_pdf(tmp / "discharge.pdf", PATIENT_TEXT)
    batch = [pdf, SAMPLES_DIR / "receipt-harbor-hardware.txt",
             SAMPLES_DIR / "services-contract.pdf"]
    window = make_window(tmp / "ws", llm, analyzer=shared_isolated_analyzer())
    meter = StallMeter()
    timer = meter.start()
    t0 = time.perf_counter()
    drop(window.drop_zone, batch)
    spin_until(lambda: window.queue.pending() == 0, timeout=900)
    seconds = time.perf_counter() - t0
    timer.stop()
    print(f"\n[ui] batch of {len(batch)} processed in {seconds:.1f} s; longest event-loop stall"
          f" {meter.max_gap_ms:.0f} ms over {meter.ticks} ticks ({meter.max_blocked_ms:.0f} ms net of"
          " waiting for a CPU)")
    yield Processed(window, pdf, meter, seconds)
    window.close()
    wait_for_lanes()
    window.session.close()


@dataclass
class Quick:
    window: object
    doc_id: str


@pytest.fixture
def quick(qtbot, pii_analyzer, tmp_path) -> Iterator[Quick]:  # noqa: ANN001
    """The test PDF dropped on a fresh window and processed without the model (seconds, not
    minutes): real analyzer, fields from patterns, extractive summary. The document is open."""
    from app.core.pipeline import PipelineOptions
    from app.ui.jobs import wait_for_lanes

    window = make_window(tmp_path / "ws", llm=None, analyzer=pii_analyzer)
    window.queue.options = PipelineOptions(profile="auto", store=True, use_model=False)
    drop(window.drop_zone, [make_pdf(tmp_path / "discharge.pdf", PATIENT_TEXT)])
    qtbot.waitUntil(lambda: window.queue.pending() == 0, timeout=60_000)
    item = next(iter(window.queue.items.values()))
    assert item.doc_id, item.error
    window.documents.select(item.doc_id)
    qtbot.waitUntil(lambda: window.session.current == item.doc_id)
    yield Quick(window, item.doc_id)
    window.close()
    wait_for_lanes()
    window.session.close()


@pytest.fixture(scope="session", autouse=True)
def styled(qapp) -> None:  # noqa: ANN001
    """The real palette and style sheet, so tests exercise what users see."""
    from app.ui import theme

    theme.apply(qapp)


def mock_cloud_tier(window, analyzer: object) -> list[bytes]:  # noqa: ANN001
    """Give the window's escalation a cloud tier served in-process (httpx MockTransport) that
    answers `attending` with the pseudonym it was sent; returns the list of request bodies."""
    import json
    import re

    import httpx

    from app.core.llm.openai_compat import OpenAICompatLLM
    from app.core.routing.egress import Escalator
    from app.core.routing.tiers import Tier, TierRegistry

    sent: list[bytes] = []

    def handle(req: httpx.Request) -> httpx.Response:
        sent.append(req.content)
        content = json.loads(req.content)["messages"][1]["content"]
        token = re.search(r"Attending: Dr\. (<[A-Z_]+_\d+>)", content)
        value = f"Dr. {token.group(1)}, MD" if token else "unknown"
        answer = json.dumps({"attending": value})
        return httpx.Response(200, content=json.dumps({
            "choices": [{"message": {"role": "assistant", "content": answer},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 10}}).encode())

    ws = window.session.workspace
    reg = TierRegistry(ws)
    if not reg.all():
        reg.add(Tier("cloud", "http://127.0.0.1:9/v1", "big", external=True))
    window.escalation.escalator = Escalator(
        ws, analyzer, reg, client_factory=lambda t: OpenAICompatLLM(
            t.url, t.model, source=t.source, transport=httpx.MockTransport(handle)))
    return sent
