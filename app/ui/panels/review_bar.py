"""The redaction review bar above the document in review mode: what the export will remove,
how to change it, and the button that applies it (a redacted PDF, checked before it is
written). It only shows and asks; the document view and the window act."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

HINT = ("Drag on a page image to add a box · select text and right-click to redact every"
        " occurrence · click a mark to stop redacting it")


class ReviewBar(QWidget):
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewBar")
        self.summary = QLabel(objectName="reviewSummary", wordWrap=True)
        self.hint = QLabel(HINT, objectName="muted", wordWrap=True)
        self.apply = QPushButton("Apply and export redacted PDF…", objectName="applyRedactions")
        self.apply.setToolTip("Write a copy with every mark removed, text and pixels, checked"
                              " before it is saved (Ctrl+Shift+P)")
        self.apply.clicked.connect(self.export_requested)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.apply)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addLayout(top)
        layout.addWidget(self.hint)

    def set_counts(self, detected: int, kept: int, added_terms: int, boxes: int,
                   occurrences: int, can_export: bool) -> None:
        parts = [f"{detected} detected"]
        if kept:
            parts.append(f"{kept} kept by you")
        if added_terms:
            parts.append(f"{added_terms} term{'s' if added_terms != 1 else ''} added")
        if boxes:
            parts.append(f"{boxes} box{'es' if boxes != 1 else ''} drawn")
        self.summary.setText(" · ".join(parts) + f" — the export removes {occurrences}"
                             f" occurrence{'s' if occurrences != 1 else ''}.")
        self.apply.setEnabled(can_export)
        self.apply.setToolTip("" if can_export else "Only PDFs and scans can be exported as a"
                              " redacted PDF; export the redacted text instead.")
