"""Document exports from the window: pick a file, then `app.core.exports.export_document` off
the GUI thread (build, write atomically, audit kind, SHA-256 and redacted counts; never content).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from app.core.exports import export_document, export_sentence
from app.ui.export_formats import KINDS
from app.ui.jobs import JobContext, Op
from app.ui.session import Session


class ExportFlow(QObject):
    exported = Signal(str, object)  # kind, Path written
    message = Signal(str)  # one sentence for the status line
    failed = Signal(str)  # one sentence

    def __init__(self, session: Session, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.session = session
        self.parent_widget = parent_widget

    def choose(self, kind: str) -> None:
        doc_id = self.session.current
        if not doc_id:
            self.message.emit("Open a document first, then export it.")
            return
        doc = self.session.workspace.documents.info(doc_id)
        stem = Path(getattr(doc, "name", "") or doc_id).stem
        _label, suffix, filt = KINDS[kind]
        name, _ = QFileDialog.getSaveFileName(self.parent_widget, "Export",
                                              str(Path.home() / f"{stem}.{suffix}"), filt)
        if name:
            self.export(kind, Path(name), doc_id)

    def export(self, kind: str, out: Path, doc_id: str | None = None) -> None:
        """Build and write in the background; `exported` or `failed` reports back."""
        doc_id = doc_id or self.session.current
        ws = self.session.workspace

        def work(_ctx: JobContext) -> Path:
            export_document(ws, doc_id, kind, out)
            return out

        self.message.emit(f"Exporting {out.name}…")
        Op(self, work, lane="pdf" if kind == "redacted_pdf" else "io") \
            .success(lambda path: self._done(kind, path)) \
            .failure(lambda exc: self.failed.emit(export_sentence(exc))) \
            .run_in_background()

    def _done(self, kind: str, path: Path) -> None:
        self.session.audit_changed.emit()
        self.message.emit(f"Exported {path.name}; the export is recorded in the audit log.")
        self.exported.emit(kind, path)
