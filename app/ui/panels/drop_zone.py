"""The drop zone: drag files or folders in, or use Open… (files) and Open folder….

On first run (an empty workspace) it also offers the sample documents: a banner inside the
zone, not a dialog, so nothing stands between the user and their own files. The window decides
when to offer (`offer_samples`); the zone only reports the answer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


class DropZone(QFrame):
    paths_dropped = Signal(list)  # list[Path]
    samples_requested = Signal()  # "Try the samples" in the first-run banner
    samples_dismissed = Signal()  # "Not now": the banner is not offered again

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
        layout.addWidget(self._samples_banner())
        self.samples.hide()

    def _samples_banner(self) -> QFrame:
        self.samples = QFrame(objectName="samplesBanner")
        self.samples_text = QLabel("New here? Try Enclave on three fictional documents: a "
                                   "discharge summary, a receipt and a contract.", wordWrap=True)
        self.try_samples = QPushButton("Try the samples")
        self.not_now = QPushButton("Not now", flat=True)
        self.try_samples.clicked.connect(self.samples_requested)
        self.not_now.clicked.connect(self.samples_dismissed)
        for b in (self.try_samples, self.not_now):
            b.clicked.connect(lambda: self.offer_samples(False))
        row = QHBoxLayout(self.samples)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.samples_text, 1)
        row.addWidget(self.try_samples)
        row.addWidget(self.not_now)
        return self.samples

    def offer_samples(self, on: bool) -> None:
        self.samples.setVisible(on)

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
