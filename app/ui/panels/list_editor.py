"""The editor for a multi-valued field (the parties of an agreement): one row per value.

Values are edited as entries, added and removed, never split on a separator: a party's name
may itself contain ";" or ",". The dialog only returns the list; the fields panel asks for
the correction.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

EDITABLE = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled)


class ListEditor(QDialog):
    def __init__(self, title: str, values: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("listEditor")
        self.setWindowTitle(f"Edit {title}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(460, 320)
        self.list = QListWidget(objectName="listEntries")
        self.list.setWordWrap(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)  # reorder
        for v in values:
            self._item(v)
        self.add_btn = QPushButton("Add")
        self.remove_btn = QPushButton("Remove")
        self.add_btn.clicked.connect(self.add_entry)
        self.remove_btn.clicked.connect(self.remove_current)
        self.list.currentRowChanged.connect(lambda _row: self._buttons())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        side = QVBoxLayout()
        side.addWidget(self.add_btn)
        side.addWidget(self.remove_btn)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("One value per row · double-click or F2 to edit · drag to"
                                " reorder", objectName="muted", wordWrap=True))
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self._buttons()

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(EDITABLE)
        item.setToolTip(text)
        self.list.addItem(item)
        return item

    def add_entry(self, text: str = "") -> QListWidgetItem:
        item = self._item(text)
        self.list.setCurrentItem(item)
        if not text:
            self.list.editItem(item)  # a new, empty row is typed into at once
        return item

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
        self._buttons()

    def values(self) -> list[str]:
        """The entries, trimmed, empty ones dropped, in the order shown."""
        texts = (self.list.item(i).text().strip() for i in range(self.list.count()))
        return [t for t in texts if t]

    def _buttons(self) -> None:
        self.remove_btn.setEnabled(self.list.currentRow() >= 0)
