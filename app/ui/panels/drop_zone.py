"""The drop zone: drag files or folders in, or use Open… (files) and Open folder…."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


class DropZone(QFrame):
    paths_dropped = Signal(list)  # list[Path]

    def __init__(self, parent: QFrame | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAcceptDrops(True)
        self.setProperty("hover", False)
        label = QLabel("Drop documents or folders here", objectName="dropTitle",
                       alignment=Qt.AlignmentFlag.AlignCenter)
        sub = QLabel("PDF, scans, Word, e-mail, HTML or text — processed on this machine",
                     objectName="muted", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.open_files = QPushButton("Open files…")
        self.open_folder = QPushButton("Open folder…")
        self.open_files.clicked.connect(self.choose_files)
        self.open_folder.clicked.connect(self.choose_folder)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_files)
        buttons.addWidget(self.open_folder)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(sub)
        layout.addLayout(buttons)

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open documents")
        if files:
            self.paths_dropped.emit([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of documents")
        if folder:
            self.paths_dropped.emit([Path(folder)])

    def _hover(self, on: bool) -> None:
        self.setProperty("hover", on)
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
            self._hover(True)

    def dragLeaveEvent(self, event: object) -> None:
        self._hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._hover(False)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.paths_dropped.emit(paths)
