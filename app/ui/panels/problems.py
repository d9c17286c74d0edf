"""The problems panel: every failure of this session, one row each, until the user clears it.

The status bar flashes a message for a few seconds; a batch of forty files that fails three
times must not depend on someone watching. Each row keeps the time, the file or document it
concerns and the sentence; rows can be copied (for a support ticket) and cleared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

TIME, CONCERNS, MESSAGE = range(3)


@dataclass(frozen=True)
class Problem:
    at: datetime
    concerns: str  # a file or document name; "" for the app itself
    message: str

    def line(self) -> str:
        return "\t".join((self.at.strftime("%Y-%m-%d %H:%M:%S"), self.concerns or "—",
                          self.message))


class ProblemsPanel(QWidget):

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self.problems: list[Problem] = []
        self.tree = QTreeWidget(objectName="problemsTree", rootIsDecorated=False)
        self.tree.setHeaderLabels(["Time", "File or document", "Problem"])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        head = self.tree.header()
        head.setStretchLastSection(True)
        head.setSectionResizeMode(TIME, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(CONCERNS, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(CONCERNS, 180)
        self.count = QLabel("No problems", objectName="muted")
        self.copy_btn = QPushButton("Copy")
        self.copy_btn.setToolTip("Copy the selected rows (or all of them) as text")
        self.clear_btn = QPushButton("Clear")
        self.copy_btn.clicked.connect(self.copy)
        self.clear_btn.clicked.connect(self.clear)
        QShortcut(QKeySequence.StandardKey.Copy, self.tree, self.copy,
                  context=Qt.ShortcutContext.WidgetShortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.copy_btn)
        buttons.addWidget(self.clear_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._update()

    def add(self, message: str, concerns: str = "", at: datetime | None = None) -> Problem:
        p = Problem(at or datetime.now(), concerns, message)
        self.problems.append(p)
        row = QTreeWidgetItem([p.at.strftime("%H:%M:%S"), p.concerns or "—", p.message])
        row.setToolTip(TIME, p.at.strftime("%Y-%m-%d %H:%M:%S"))
        row.setToolTip(MESSAGE, p.message)
        self.tree.addTopLevelItem(row)
        self.tree.scrollToItem(row)
        self._update()
        return p

    def text(self, selected_only: bool = True) -> str:
        """Tab-separated lines, oldest first: the selected rows, or all when none is."""
        rows = sorted(self.tree.indexOfTopLevelItem(i) for i in self.tree.selectedItems())
        chosen = [self.problems[r] for r in rows] if selected_only and rows else self.problems
        return "\n".join(p.line() for p in chosen)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())

    def clear(self) -> None:
        self.problems.clear()
        self.tree.clear()
        self._update()

    def _update(self) -> None:
        n = len(self.problems)
        self.count.setText(f"{n} problem(s) this session" if n else "No problems")
        self.copy_btn.setEnabled(bool(n))
        self.clear_btn.setEnabled(bool(n))
