"""Document exports from the window: pick a file, build the bytes off the GUI thread, write them
atomically, audit the export (kind and SHA-256 of what was written, never the content).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from app.core.audit import actions
from app.core.store.fsutil import write_atomic
from app.ui.export_formats import BUILDERS, KINDS, export_sentence
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
            data = BUILDERS[kind](ws, doc_id)
            write_atomic(out, data)
            ws.audit.record(actions.EXPORT, "document", doc_id, kind=kind,
                            sha256=hashlib.sha256(data).hexdigest())
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
