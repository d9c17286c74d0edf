"""The unlocked session: the workspace, the pipeline, and the events views refresh from.

Panels never poke each other. They call the session (which talks to `app.core`) and listen
to its signals: `document_processed`, `document_changed`, `audit_changed`. All signals are
emitted on the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core import review
from app.core.audit import actions
from app.core.documents import FieldValue
from app.core.pipeline import Pipeline
from app.ui.jobs import Op


class Session(QObject):
    document_processed = Signal(str)  # doc_id: a new or re-processed document is stored
    document_changed = Signal(str)  # doc_id: a field was corrected
    audit_changed = Signal()  # new audit entries exist
    selection_changed = Signal(str)  # doc_id the user opened ("" when none)
    corrected = Signal(str, object)  # doc_id, the stored FieldValue
    failed = Signal(object)  # an exception from a background write, for the error line

    def __init__(self, workspace: Any, pipeline: Pipeline | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.pipeline = pipeline or Pipeline(workspace=workspace)
        self.current: str = ""

    # -- reading ---------------------------------------------------------------------------
    def open_document(self, doc_id: str) -> None:
        """Select a document; the view is an access to personal data, so it is audited."""
        if doc_id == self.current:
            return
        self.current = doc_id
        if doc_id:
            # Written off the GUI thread: a durable (fsync'd) write must not stall a click.
            audit = self.workspace.audit
            Op(self, lambda _ctx: audit.record(actions.VIEW, "document", doc_id)) \
                .success(lambda _seq: self.audit_changed.emit()) \
                .failure(self.failed.emit).run_in_background()
        self.selection_changed.emit(doc_id)

    # -- writing ---------------------------------------------------------------------------
    def request_correction(self, doc_id: str, name: str, new_value: str | list[str]) -> None:
        """Store a correction in the background; `corrected` or `failed` reports back."""
        Op(self, lambda _ctx: self.correct_field(doc_id, name, new_value)) \
            .success(lambda f: self._corrected(doc_id, f)) \
            .failure(self.failed.emit).run_in_background()

    def _corrected(self, doc_id: str, f: FieldValue) -> None:
        self.document_changed.emit(doc_id)
        self.audit_changed.emit()
        self.corrected.emit(doc_id, f)

    def correct_field(self, doc_id: str, name: str, new_value: str | list[str]) -> FieldValue:
        """Plain and blocking (any thread); the GUI calls `request_correction`."""
        return review.correct_field(self.workspace, doc_id, name, new_value)

    def notify_processed(self, doc_id: str) -> None:
        self.document_processed.emit(doc_id)
        self.audit_changed.emit()

    def close(self) -> None:
        self.workspace.close()
