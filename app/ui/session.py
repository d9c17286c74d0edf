"""The unlocked session: the workspace, the pipeline, and the events views refresh from.

Panels never poke each other. They call the session (which talks to `app.core`) and listen
to its signals: `document_processed`, `document_changed`, `audit_changed`. All signals are
emitted on the GUI thread.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.audit import actions
from app.core.documents import Document, FieldValue, TextSpan
from app.core.pipeline import Pipeline


def locate(doc: Document, value: str) -> list[TextSpan]:
    """Ground a corrected value: the first verbatim occurrence in the document, if any."""
    if not value:
        return []
    for page in doc.pages:
        i = page.text.find(value)
        if i >= 0:
            return [TextSpan(page.number, i, i + len(value))]
    return []


class Session(QObject):
    document_processed = Signal(str)  # doc_id: a new or re-processed document is stored
    document_changed = Signal(str)  # doc_id: a field was corrected
    audit_changed = Signal()  # new audit entries exist
    selection_changed = Signal(str)  # doc_id the user opened ("" when none)

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
            self.workspace.audit.record(actions.VIEW, "document", doc_id)
            self.audit_changed.emit()
        self.selection_changed.emit(doc_id)

    # -- writing ---------------------------------------------------------------------------
    def correct_field(self, doc_id: str, name: str, new_value: str | list[str]) -> FieldValue:
        """Store a user's correction, keep the old value in `corrections`, and audit it.

        The corrected value is re-grounded against the page text so a click still finds it;
        its confidence is 1.0 and its source "user": a person vouched for it.
        """
        ws = self.workspace
        stored = ws.results.get(doc_id)
        if stored is None:
            raise KeyError(doc_id)
        old = stored.fields.get(name) or FieldValue(name, None, 0.0)
        doc = ws.documents.get(doc_id)
        spans: list[Any] = []
        if doc and isinstance(new_value, list):
            spans = [locate(doc, v) for v in new_value]
        elif doc:
            spans = locate(doc, new_value)
        new = replace(old, value=new_value, confidence=1.0, spans=spans, source="user",
                      normalized=None, signals={**old.signals, "corrected": True})
        correction_id = ws.corrections.add(doc_id, name, old.value, new_value, ws.audit.actor)
        ws.results.set_field(doc_id, new)
        ws.audit.record(actions.CORRECT, "document", doc_id, field=name,
                        correction_id=correction_id, grounded=all(bool(s) for s in spans) and bool(spans))
        self.document_changed.emit(doc_id)
        self.audit_changed.emit()
        return new

    def notify_processed(self, doc_id: str) -> None:
        self.document_processed.emit(doc_id)
        self.audit_changed.emit()

    def close(self) -> None:
        self.workspace.close()
