"""The main window: composes the panels and wires session events between them.

It holds no business logic. Panels talk upward through signals; the window routes them to
the session (which talks to `app.core`) and refreshes panels from the session's events.
Menus and shortcuts live in `app.ui.menus`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.privacy.redact_types import load_redact_types
from app.ui import about, menus
from app.ui.escalation import EscalationFlow
from app.ui.exports import ExportFlow
from app.ui.jobs import Op
from app.ui.panels.audit import AuditPanel
from app.ui.panels.document_view import DocumentView
from app.ui.panels.documents import DocRow, DocumentList, load_rows
from app.ui.panels.drop_zone import DropZone
from app.ui.panels.fields import FieldsPanel, flat_spans
from app.ui.panels.problems import ProblemsPanel
from app.ui.panels.queue_panel import QueuePanel
from app.ui.panels.summary import SummaryPanel
from app.ui.queue import ProcessingQueue, error_sentence
from app.ui.session import Session
from app.ui.startup import after_first_paint

REVIEW, AUDIT = 0, 1


def _column(*widgets: QWidget, sizes: list[int]) -> QSplitter:
    split = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
    for w in widgets:
        split.addWidget(w)
    split.setSizes(sizes)
    return split


class MainWindow(QMainWindow):
    lock_requested = Signal()

    def __init__(self, session: Session, warm_model: bool = True) -> None:
        super().__init__()
        self.session = session
        self.setObjectName("mainWindow")
        self.setWindowTitle("Enclave")
        self.resize(1400, 860)
        self.queue = ProcessingQueue(session, self)

        self.drop_zone = DropZone()
        self.queue_panel = QueuePanel(self.queue)
        self.documents = DocumentList()
        self.document_view = DocumentView()
        self.document_view.load_original = session.workspace.documents.original
        self.fields = FieldsPanel()
        self.summary = SummaryPanel()
        self.audit = AuditPanel(session.workspace)

        left = _column(self.drop_zone, self.queue_panel, self.documents, sizes=[130, 220, 420])
        right = _column(self.fields, self.summary, sizes=[480, 300])
        review = QSplitter(Qt.Orientation.Horizontal, childrenCollapsible=False)
        for w in (left, self.document_view, right):
            review.addWidget(w)
        review.setSizes([340, 620, 460])
        review.setStretchFactor(1, 1)
        self.tabs = QTabWidget(objectName="mainTabs", documentMode=True)
        self.tabs.addTab(_padded(review), "Review")
        self.tabs.addTab(_padded(self.audit), "Audit log")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)

        self.last_error = ""
        # Every failure stays listed here; the status bar only flashes it.
        self.problems = ProblemsPanel()
        self.problems_dock = QDockWidget("Problems", self, objectName="problemsDock")
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()  # shown by the first problem; View › Problems toggles it
        self._problems_shown = False
        self.model_status = QLabel("Model: not loaded", objectName="muted")
        self.statusBar().addPermanentWidget(self.model_status)
        self.exports = ExportFlow(session, self)
        self.actions = menus.install(self)
        self._audit_dirty = True

        self._wire(session)

        self.exports.message.connect(self.notify)
        self.exports.failed.connect(self.show_error)
        self.escalation = EscalationFlow(session, self)
        self.escalation.message.connect(self.notify)
        self.escalation.failed.connect(self.show_error)
        about.offer_samples(self)  # first run: the samples, offered in the drop zone
        # Painted first, filled in after (the window within 200 ms of Unlock; bench.ui): the
        # list reads every stored result, the tier check builds an escalator, the model loads.
        stages = [self._load_documents, self._check_tiers] + ([self.warm_up] if warm_model else [])
        after_first_paint(self, *stages)

    def _wire(self, session: Session) -> None:
        """The signals between the panels and the session, both ways."""
        # Panels → session
        self.drop_zone.paths_dropped.connect(self.queue.add)
        self.documents.document_selected.connect(session.open_document)
        self.fields.field_activated.connect(self._field_activated)
        self.fields.correction_requested.connect(self._correct)
        self.fields.confirm_requested.connect(
            lambda name: session.request_confirmation(session.current, name))
        self.document_view.list_change_requested.connect(self._change_list)
        self.document_view.mark_requested.connect(
            lambda mark: session.request_mark(session.current, mark))
        self.document_view.unmark_requested.connect(
            lambda mark_id: session.request_unmark(session.current, mark_id))
        self.document_view.export_requested.connect(lambda: self.exports.choose("redacted_pdf"))
        self.document_view.redacted_toggled.connect(self._redacted)
        self.summary.page_requested.connect(self.document_view.scroll_to_page)
        self.summary.escalate_requested.connect(self.escalate)
        self.audit.failed.connect(self.show_error)
        self.queue.item_changed.connect(self._queue_item_changed)
        # Session → panels
        session.selection_changed.connect(self._show)
        session.document_processed.connect(self._processed)
        session.document_changed.connect(self._changed)
        session.audit_changed.connect(self._audit_changed)
        session.corrected.connect(self._corrected)
        session.confirmed.connect(self._confirmed)
        session.findings_changed.connect(self._findings_changed)
        session.marks_changed.connect(self._findings_changed)  # the view re-plans its boxes
        session.list_changed.connect(self._list_changed)
        session.failed.connect(self._write_failed)

    # -- after the first paint ------------------------------------------------------------
    def _load_documents(self) -> None:
        ws = self.session.workspace
        Op(self, lambda _ctx: load_rows(ws)).success(self._listed) \
            .failure(self.show_error).run_in_background()

    def _listed(self, rows: list[DocRow]) -> None:
        if not self.documents.model.rows:  # else a document processed meanwhile reloaded it
            self.documents.model.set_rows(rows)

    def _check_tiers(self) -> None:
        """Offer escalation where a tier is configured; the summary shown follows at once."""
        self.summary.escalation_available = self.escalation.available()
        if self.summary.shown is not None:
            self.summary.show_summary(*self.summary.shown)

    # -- background warm-up: the window is up before the model is ---------------------------
    def warm_up(self) -> None:
        def load(_ctx: object) -> str:
            # The analyzer's worker process (when isolated) loads spaCy beside the model.
            getattr(self.session.pipeline.analyzer, "warm", lambda: None)()
            llm = self.session.pipeline.llm
            llm.load()
            return llm.name

        self.model_status.setText("Model: loading…")
        Op(self, load, lane="model") \
            .success(lambda name: self.model_status.setText(f"Model: {name} · ready")) \
            .failure(self._model_failed).run_in_background()

    def _model_failed(self, exc: BaseException) -> None:
        self.model_status.setText("Model: unavailable")
        self.show_error(exc)

    # -- reactions -------------------------------------------------------------------------
    def _show(self, doc_id: str) -> None:
        ws = self.session.workspace
        doc = ws.documents.get(doc_id) if doc_id else None
        res = ws.results.get(doc_id) if doc_id else None
        self.document_view.redact_types = load_redact_types(ws)
        self.document_view.show_document(doc, ws.findings.for_document(doc_id) if doc else [],
                                         ws.marks.for_document(doc_id) if doc else [])
        self.fields.show_fields(res.fields if res else {}, res.profile if res else "")
        if res:
            self.summary.show_summary(res.summary, res.route)
        else:
            self.summary.clear()

    def _processed(self, doc_id: str) -> None:
        self.documents.reload(self.session.workspace)
        if not self.session.current or self.session.current == doc_id:
            self.session.current = ""  # re-show a re-processed document too
            self.documents.select(doc_id)

    def _changed(self, doc_id: str) -> None:
        self.documents.reload(self.session.workspace)
        if doc_id == self.session.current:
            row = self.fields.table.currentRow()
            res = self.session.workspace.results.get(doc_id)
            if res:
                self.fields.show_fields(res.fields, res.profile)
                self.fields.table.selectRow(row)
                self.summary.show_summary(res.summary, res.route)

    def _field_activated(self, f: object) -> None:
        spans = flat_spans(f)  # type: ignore[arg-type]
        self.document_view.highlight(spans)
        if not spans and getattr(f, "source", "") != "user":  # a reviewer's own value
            self.notify("This value was not found verbatim in the document; check it by hand.")

    def _correct(self, name: str, value: object) -> None:
        self.session.request_correction(self.session.current, name, value)  # type: ignore[arg-type]

    def _corrected(self, doc_id: str, f: object) -> None:
        name = f.name.replace("_", " ")  # type: ignore[attr-defined]
        self.notify(f"Corrected “{name}”; the change is stored and audited.")
        if doc_id == self.session.current:
            self.document_view.highlight(flat_spans(f))  # type: ignore[arg-type]

    def _confirmed(self, doc_id: str, f: object) -> None:
        name = f.name.replace("_", " ")  # type: ignore[attr-defined]
        self.notify(f"Confirmed “{name}”; your confirmation is stored and audited.")

    def _change_list(self, which: str, term: str) -> None:
        self.notify("Updating the privacy lists and finding identifiers again…")
        self.session.request_list_change(self.session.current, which, term)

    def _list_changed(self, which: str, term: str, add: bool, changed: bool) -> None:
        if not add:
            listed = "“not PII”" if which == "allow" else "“always redact”"
            self.notify(f"“{term}” was removed from the {listed} list.")
            return
        what = "is not treated as an identifier" if which == "allow" else "is always redacted"
        note = "" if changed else " (it already was)"
        self.notify(f"“{term}” {what} in this workspace from now on{note}.")

    def _findings_changed(self, doc_id: str) -> None:
        if doc_id != self.session.current:
            return
        ws, view = self.session.workspace, self.document_view
        bar = view.text.verticalScrollBar()
        keep, spans = bar.value(), view.highlighted
        view.show_document(ws.documents.get(doc_id), ws.findings.for_document(doc_id),
                           ws.marks.for_document(doc_id))
        view.highlight(spans)
        bar.setValue(keep)  # the reader stays where they clicked

    def _write_failed(self, exc: BaseException) -> None:
        self.show_error(exc)
        if self.session.current:
            self._changed(self.session.current)  # put the stored values back in the table

    def _queue_item_changed(self, item_id: int) -> None:
        item = self.queue.items[item_id]
        if item.state == "Failed":
            self.show_error(item.error, concerns=item.path.name)

    def masked_terms(self) -> list[str]:
        """The texts the redacted view hides (the document view's own list)."""
        return self.document_view.hidden_terms()

    def _redacted(self, on: bool) -> None:
        terms = self.masked_terms() if on else None
        for pane in (self.fields, self.summary, self.documents):
            pane.set_redacted(terms)

    def _audit_changed(self) -> None:
        self._audit_dirty = True
        if self.tabs.currentIndex() == AUDIT:
            self._tab_changed(AUDIT)

    def _tab_changed(self, index: int) -> None:
        if index == AUDIT and self._audit_dirty:
            self._audit_dirty = False
            self.audit.reload()

    # -- actions ---------------------------------------------------------------------------
    def escalate(self, fields: list[str] | None = None) -> None:
        selected = self.documents.selected_ids()
        if len(selected) > 1:  # a listed batch under one consent
            self.escalation.start_batch(selected, fields)
        else:
            self.escalation.start(self.session.current, fields)

    def open_settings(self) -> None:
        # deferred: Settings' pages and their core modules load when it first opens (first paint)
        from app.ui.settings_dialog import SettingsDialog

        pipeline = self.session.pipeline
        dialog = SettingsDialog(self.session.workspace, self,
                                entities=lambda: pipeline.analyzer.entities)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A model chosen there loads now, on the model lane; the next document uses it.
        dialog.models.model_chosen.connect(lambda _name: self.warm_up())
        dialog.tiers.changed.connect(self._check_tiers)  # tiers are saved as they are edited
        accepted = dialog.exec() == SettingsDialog.DialogCode.Accepted
        if accepted and self.session.current:
            self._show(self.session.current)  # the redacted view follows the new choice

    def open_privacy_lists(self) -> None:
        from app.ui.privacy_lists_dialog import PrivacyListsDialog  # deferred: as Settings

        dialog = PrivacyListsDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exec()

    def show_error(self, error: BaseException | str, concerns: str = "") -> None:
        """One clear sentence in the status bar and a row in the problems panel (which keeps
        it); the app keeps running. `concerns` names the file or document, if any."""
        msg = error if isinstance(error, str) else error_sentence(error)
        self.problems.add(msg, concerns)
        if not self._problems_shown:  # once: a user who closes it keeps it closed
            self._problems_shown = True
            self.problems_dock.show()
        self.last_error = f"{concerns}: {msg}" if concerns else msg
        self.notify(self.last_error, error=True)

    def notify(self, msg: str, error: bool = False) -> None:
        bar = self.statusBar()
        bar.setProperty("error", error)  # the style sheet turns error messages red
        bar.style().unpolish(bar)
        bar.style().polish(bar)
        bar.showMessage(msg, 12000 if error else 6000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.queue.cancel_all()
        super().closeEvent(event)


def _padded(w: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(10, 10, 10, 10)
    layout.addWidget(w)
    return box
