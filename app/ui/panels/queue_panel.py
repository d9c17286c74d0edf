"""The queue panel: one row per file with its stage and progress bar, an overall bar, and
cancel / retry for the selected row (or everything)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.queue import CANCELLED, CANCELLING, DONE, FAILED, ProcessingQueue

NAME, STATUS, PROGRESS = range(3)


class QueuePanel(QWidget):
    def __init__(self, queue: ProcessingQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self.queue = queue
        self.rows: dict[int, QTreeWidgetItem] = {}
        self.bars: dict[int, QProgressBar] = {}
        self.overall = QProgressBar(objectName="overallProgress", maximum=1000, textVisible=False)
        self.summary = QLabel("Nothing in the queue", objectName="muted")
        self.tree = QTreeWidget(objectName="queueTree", rootIsDecorated=False)
        self.tree.setHeaderLabels(["File", "Status", "Progress"])
        head = self.tree.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Fixed)
        head.setSectionResizeMode(PROGRESS, QHeaderView.ResizeMode.Fixed)
        self.tree.setColumnWidth(STATUS, 120)
        self.tree.setColumnWidth(PROGRESS, 80)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.currentItemChanged.connect(lambda *_: self._buttons())
        self.cancel_btn = QPushButton("Cancel")
        self.retry_btn = QPushButton("Retry")
        self.cancel_all_btn = QPushButton("Cancel all")
        self.cancel_btn.clicked.connect(self.cancel_selected)
        self.retry_btn.clicked.connect(self.retry_selected)
        self.cancel_all_btn.clicked.connect(queue.cancel_all)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for b in (self.cancel_btn, self.retry_btn, self.cancel_all_btn):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Queue", objectName="panelTitle"))
        layout.addWidget(self.overall)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        queue.item_added.connect(self._added)
        queue.item_changed.connect(self._changed)
        queue.overall_changed.connect(lambda f: self.overall.setValue(round(f * 1000)))
        self._buttons()

    def _added(self, item_id: int) -> None:
        item = self.queue.items[item_id]
        row = QTreeWidgetItem([item.path.name, item.state, ""])
        row.setData(NAME, Qt.ItemDataRole.UserRole, item_id)
        row.setToolTip(NAME, str(item.path))
        self.tree.addTopLevelItem(row)
        bar = QProgressBar(maximum=1000, textVisible=False, objectName="itemProgress")
        self.tree.setItemWidget(row, PROGRESS, bar)
        self.rows[item_id], self.bars[item_id] = row, bar
        self._changed(item_id)

    def _changed(self, item_id: int) -> None:
        item = self.queue.items[item_id]
        row = self.rows.get(item_id)
        if row is None:
            return
        row.setText(STATUS, item.stage if item.state == "Running" and item.stage else item.state)
        row.setToolTip(STATUS, item.error or item.stage or item.state)
        if item.state == FAILED:
            row.setText(STATUS, "Failed — hover for why")
        elif item.state == DONE and item.again:
            row.setText(STATUS, "Done · already here")
            kept = (f"; {item.kept} field(s) you corrected were kept" if item.kept
                    else "")
            row.setToolTip(STATUS, f"These exact bytes were already in the workspace: processed "
                                   f"again{kept}.")
        self.bars[item_id].setValue(round(item.fraction * 1000))
        self.bars[item_id].setProperty("state", item.state)
        done = sum(i.state == DONE for i in self.queue.items.values())
        failed = sum(i.state == FAILED for i in self.queue.items.values())
        pending = self.queue.pending()
        parts = [f"{done} of {len(self.queue.items)} done"]
        if failed:
            parts.append(f"{failed} failed")
        if pending:
            parts.append(f"{pending} to go")
        self.summary.setText(" · ".join(parts))
        self._buttons()

    def selected_id(self) -> int | None:
        row = self.tree.currentItem()
        return None if row is None else int(row.data(NAME, Qt.ItemDataRole.UserRole))

    def cancel_selected(self) -> None:
        if (i := self.selected_id()) is not None:
            self.queue.cancel(i)

    def retry_selected(self) -> None:
        if (i := self.selected_id()) is not None:
            self.queue.retry(i)

    def _buttons(self) -> None:
        i = self.selected_id()
        item = self.queue.items.get(i) if i is not None else None
        self.cancel_btn.setEnabled(bool(item and not item.finished
                                        and item.state != CANCELLING))
        self.retry_btn.setEnabled(bool(item and item.state in (FAILED, CANCELLED)))
        self.cancel_all_btn.setEnabled(self.queue.pending() > 0)
