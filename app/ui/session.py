"""The unlocked session: the workspace, the pipeline, and the events views refresh from.

Panels never poke each other. They call the session (which talks to `app.core`) and listen
to its signals: `document_processed`, `document_changed`, `audit_changed`. All signals are
emitted on the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core import actions, review
from app.core.documents import FieldValue
from app.core.pipeline import Pipeline
from app.core.privacy.isolated import shared_isolated_analyzer
from app.core.privacy.lists import add_allow, add_deny, load_lists, remove_allow, remove_deny
from app.core.privacy.redaction import review as redaction_review
from app.ui.jobs import Op


class Session(QObject):
    document_processed = Signal(str)  # doc_id: a new or re-processed document is stored
    document_changed = Signal(str)  # doc_id: a field was corrected
    audit_changed = Signal()  # new audit entries exist
    selection_changed = Signal(str)  # doc_id the user opened ("" when none)
    corrected = Signal(str, object)  # doc_id, the stored FieldValue
    confirmed = Signal(str, object)  # doc_id, the FieldValue a reviewer accepted as it was
    failed = Signal(object)  # an exception from a background write, for the error line
    findings_changed = Signal(str)  # doc_id: its identifiers were found again (lists changed)
    list_changed = Signal(str, str, bool, bool)  # "allow" | "deny", term, added?, changed?
    marks_changed = Signal(str)  # doc_id: a reviewer's redaction marks changed

    def __init__(self, workspace: Any, pipeline: Pipeline | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        # The analyzer runs in its own process: spaCy/Presidio hold the GIL for long stretches
        # and would freeze the window from any thread of this process.
        self.pipeline = pipeline or Pipeline(workspace=workspace,
                                             analyzer=shared_isolated_analyzer())
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

    def request_confirmation(self, doc_id: str, name: str) -> None:
        """Accept a field as it stands: stored like a correction with the same value (source
        "user", confidence 1.0, audited), so a confirmed field no longer asks for review."""
        ws = self.workspace

        def work(_ctx: object) -> FieldValue:
            res = ws.results.get(doc_id)
            f = res.fields.get(name) if res else None
            if f is None or f.value in (None, "", []):
                raise KeyError(name)
            return self.correct_field(doc_id, name, f.value)

        Op(self, work).success(lambda f: self._corrected(doc_id, f, confirmed=True)) \
            .failure(self.failed.emit).run_in_background()

    def _corrected(self, doc_id: str, f: FieldValue, confirmed: bool = False) -> None:
        self.document_changed.emit(doc_id)
        self.audit_changed.emit()
        (self.confirmed if confirmed else self.corrected).emit(doc_id, f)

    def correct_field(self, doc_id: str, name: str, new_value: str | list[str]) -> FieldValue:
        """Plain and blocking (any thread); the GUI calls `request_correction`."""
        return review.correct_field(self.workspace, doc_id, name, new_value)

    def request_mark(self, doc_id: str, mark: Any) -> None:
        """Store a reviewer's redaction mark (audited) off the GUI thread; `marks_changed`."""
        ws = self.workspace
        Op(self, lambda _ctx: redaction_review.add_mark(ws, doc_id, mark)) \
            .success(lambda _id: self._marks_changed(doc_id)) \
            .failure(self.failed.emit).run_in_background()

    def request_unmark(self, doc_id: str, mark_id: int) -> None:
        ws = self.workspace
        Op(self, lambda _ctx: redaction_review.remove_mark(ws, doc_id, mark_id)) \
            .success(lambda _ok: self._marks_changed(doc_id)) \
            .failure(self.failed.emit).run_in_background()

    def _marks_changed(self, doc_id: str) -> None:
        self.audit_changed.emit()
        self.marks_changed.emit(doc_id)

    def request_list_change(self, doc_id: str, which: str, term: str, add: bool = True) -> None:
        """Add `term` to (or remove it from) the allow ("not PII") or deny ("always redact")
        list, then find the open document's identifiers again with both lists. On the model
        lane: the analyzer is shared with the pipeline and must not race it."""
        ws, pipeline = self.workspace, self.pipeline
        change = {("allow", True): add_allow, ("deny", True): add_deny,
                  ("allow", False): remove_allow, ("deny", False): remove_deny}[(which, add)]

        def work(_ctx: object) -> bool:
            changed = change(ws, term)
            if doc_id:
                reanalyze(ws, pipeline.analyzer, doc_id)
            return changed

        def done(changed: bool) -> None:
            self.audit_changed.emit()
            self.list_changed.emit(which, term, add, changed)
            if doc_id:
                self.findings_changed.emit(doc_id)

        Op(self, work, lane="model").success(done).failure(self.failed.emit).run_in_background()

    def notify_processed(self, doc_id: str) -> None:
        self.document_processed.emit(doc_id)
        self.audit_changed.emit()

    def close(self) -> None:
        self.workspace.close()


def reanalyze(workspace: Any, analyzer: Any, doc_id: str) -> int:
    """Find a stored document's identifiers again with the workspace's lists; store them."""
    doc = workspace.documents.get(doc_id)
    if doc is None:
        raise KeyError(doc_id)
    allow, deny = load_lists(workspace)
    findings = analyzer.with_lists(allow, deny).analyze_pages([p.text for p in doc.pages])
    return workspace.findings.replace(doc_id, findings)
