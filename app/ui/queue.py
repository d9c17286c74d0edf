"""The processing queue: files waiting, running, done or failed, with progress per item.

Plain model, no widgets: the queue panel renders it. Each item is one `Op` on the "model"
lane (one thread), so documents run one after another while the GUI stays free. Cancel shows
"Cancelling…" at once; the job's cancel token reaches the pipeline, which stops at the next
stage boundary, between two generated tokens or inside the model's prompt evaluation, and the
item turns Cancelled when the job has actually stopped (well within a second; bench.ui).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core.documents import ProcessResult
from app.core.errors import Cancelled, EnclaveError
from app.core.pipeline import PipelineOptions, Progress
from app.core.settings import DEFAULT_PROFILE
from app.ui.jobs import JobContext, JobHandle, Op
from app.ui.session import Session
from app.ui.wording import for_window

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "Queued", "Running", "Done", "Failed", "Cancelled"
CANCELLING = "Cancelling…"  # asked to stop, still running until its job reports back
STAGE_LABELS = {"ingest": "Reading", "pii": "Finding identifiers", "classify": "Classifying",
                "fields": "Extracting fields", "summary": "Summarizing", "route": "Routing",
                "store": "Saving", "done": "Done"}


@dataclass
class QueueItem:
    id: int
    path: Path
    state: str = QUEUED
    fraction: float = 0.0
    stage: str = ""
    error: str = ""
    doc_id: str = ""
    again: bool = False  # the same file was already in the workspace: processed again
    kept: int = 0  # fields a reviewer had corrected that the new run kept
    handle: JobHandle | None = None
    run: int = 0  # bumped on retry, so a stale job's late callbacks are ignored

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED, CANCELLED)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders walked recursively, hidden entries skipped, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if not p.is_dir():
            out.append(p)
            continue
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            out.extend(Path(root) / f for f in sorted(files) if not f.startswith("."))
    return out


def error_sentence(exc: BaseException) -> str:
    """One clear sentence: ours already are (in the app's words, not the command line's);
    anything else gets a short, honest wrapper."""
    if isinstance(exc, EnclaveError):
        return for_window(str(exc))
    return f"Processing failed unexpectedly ({type(exc).__name__}: {exc})."


def overall(items: Iterable[QueueItem]) -> float:
    """0..1 over the items not cancelled. A failed item is finished (nothing more will happen
    to it), so a batch where some files failed still reaches 100%."""
    live = [i for i in items if i.state != CANCELLED]
    done = sum(1.0 if i.state == FAILED else i.fraction for i in live)
    return done / len(live) if live else 0.0


class ProcessingQueue(QObject):
    item_added = Signal(int)
    item_changed = Signal(int)
    overall_changed = Signal(float)  # 0..1 over the items not cancelled

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.options = PipelineOptions(profile="auto", store=True)
        self.items: dict[int, QueueItem] = {}
        self._next = 1

    def add(self, paths: Iterable[Path]) -> list[int]:
        ids = []
        for path in expand(paths):
            item = QueueItem(self._next, path)
            self._next += 1
            self.items[item.id] = item
            self.item_added.emit(item.id)
            self._start(item)
            ids.append(item.id)
        return ids

    def cancel(self, item_id: int) -> None:
        item = self.items[item_id]
        if item.handle and not item.finished and item.state != CANCELLING:
            item.handle.cancel()
            if item.state == QUEUED:  # not started: mark now, the job exits at its first check
                self._set(item, state=CANCELLED, stage="")
            else:  # running: say so at once; Cancelled when the job has stopped
                self._set(item, state=CANCELLING, stage="")

    def cancel_all(self) -> None:
        for item_id in list(self.items):
            self.cancel(item_id)

    def retry(self, item_id: int) -> None:
        item = self.items[item_id]
        if item.state in (FAILED, CANCELLED):
            self._set(item, state=QUEUED, fraction=0.0, stage="", error="")
            self._start(item)

    def pending(self) -> int:
        return sum(not i.finished for i in self.items.values())

    # -- internals -------------------------------------------------------------------------
    def _start(self, item: QueueItem) -> None:
        pipeline, options, path = self.session.pipeline, self.options, item.path
        if options.profile == "auto":  # the workspace may name a profile for new documents
            chosen = DEFAULT_PROFILE.get(self.session.workspace)
            options = replace(options, profile=chosen or "auto")

        def work(ctx: JobContext) -> ProcessResult:
            ctx.check()
            ctx.report(("started", 0.0, ""))

            def progress(p: Progress) -> None:
                ctx.report((p.stage, p.fraction, p.detail))

            # The pipeline checks the token itself, up to the store (then finishing is cheaper
            # than undoing), and hands it to the model and the child processes.
            return pipeline.process(path, options, progress=progress, cancel=ctx.token)

        item.run += 1
        run = item.run

        def current(fn):  # type: ignore[no-untyped-def]
            return lambda value: fn(item, value) if item.run == run else None

        item.handle = Op(self, work, lane="model") \
            .progress(current(self._progress)) \
            .success(current(self._done)) \
            .failure(current(self._failed)) \
            .run_in_background()

    def _progress(self, item: QueueItem, value: tuple[str, float, str]) -> None:
        stage, fraction, _detail = value
        if item.state in (CANCELLING, CANCELLED):
            return
        self._set(item, state=RUNNING, stage=STAGE_LABELS.get(stage, ""),
                  fraction=max(item.fraction, fraction))

    def _done(self, item: QueueItem, result: ProcessResult) -> None:
        doc_id = result.document.id
        self._set(item, state=DONE, fraction=1.0, stage="Done", doc_id=doc_id,
                  again=result.stored_before, kept=result.kept_reviewed)
        self.session.notify_processed(doc_id)

    def _failed(self, item: QueueItem, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._set(item, state=CANCELLED, stage="")
        else:
            self._set(item, state=FAILED, stage="", error=error_sentence(exc))

    def _set(self, item: QueueItem, **changes: object) -> None:
        for k, v in changes.items():
            setattr(item, k, v)
        self.item_changed.emit(item.id)
        self.overall_changed.emit(overall(self.items.values()))
