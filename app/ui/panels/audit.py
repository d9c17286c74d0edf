"""The audit view: the log as an auditor reads it (local time, who, the action and details in
words, the document's name beside its id; rows from `app.core.audit.rows`), Verify (green/red,
the chain's and the checkpoint's result, the first bad entry selected) and Export (CSV, JSON
Lines, PDF report, each with a signed manifest; document names only when the box is ticked).

Verification and export read the whole log, so they run off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.audit.report import Verification
from app.core.audit.rows import AuditRow
from app.ui.jobs import Op

COLUMNS = ("#", "Time", "Who", "Action", "Document", "Details")
FILTER_ROLE = Qt.ItemDataRole.UserRole + 1  # words and codes, so either finds a row
FAILED = QColor(192, 57, 43)
FORMATS = {"csv": "CSV (*.csv)", "jsonl": "JSON Lines (*.jsonl)", "pdf": "PDF report (*.pdf)"}


class AuditPanel(QWidget):
    verified = Signal(object)  # Verification (ok, entries, first_bad, reason, chain/checkpoint)
    exported = Signal(object)  # manifest Path
    failed = Signal(object)  # exception, for the window's error line

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditPanel")
        self.workspace = workspace
        self.model = QStandardItemModel(0, len(COLUMNS))
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.proxy = QSortFilterProxyModel(filterKeyColumn=0, filterRole=FILTER_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(placeholderText="Filter by action, document, person, details…",
                                clearButtonEnabled=True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(objectName="auditTable")
        self.table.setModel(self.proxy)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.status = QLabel("Not verified yet this session", objectName="verifyBanner",
                             wordWrap=True)
        self.status.setProperty("state", "idle")
        self.verify_btn = QPushButton("Verify")
        self.verify_btn.setToolTip("Check every entry's HMAC and the signed checkpoint"
                                   " (Ctrl+Shift+V)")
        self.verify_btn.clicked.connect(self.verify)
        self.export_btn = QPushButton("Export…")
        menu = QMenu(self.export_btn)
        for fmt, label in FORMATS.items():
            menu.addAction(label.split(" (")[0], lambda f=fmt: self.choose_export(f))
        self.export_btn.setMenu(menu)
        self.names_box = QCheckBox("Document names in exports", checked=True)
        self.names_box.setToolTip("Print each document's name beside its id in the PDF report"
                                  " and the CSV. Names often identify a patient or client:"
                                  " untick to export ids only.")
        top = QHBoxLayout()
        top.addWidget(QLabel("Audit log", objectName="panelTitle"))
        top.addWidget(self.filter, 1)
        top.addWidget(self.names_box)
        top.addWidget(self.verify_btn)
        top.addWidget(self.export_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        # Names come from the encrypted store now; the log itself holds only ids.
        rows = self.workspace.audit.rows(names=True)
        self.model.setRowCount(0)
        for r in rows:
            self.model.appendRow(_items(r))
        self.table.scrollToBottom()

    # -- verify ----------------------------------------------------------------------------
    def verify(self) -> None:
        self.verify_btn.setEnabled(False)
        self.status.setText("Verifying…")
        audit = self.workspace.audit
        Op(self, lambda _ctx: audit.check(record=True)) \
            .success(self._verified).failure(self.failed.emit) \
            .finally_(lambda: self.verify_btn.setEnabled(True)).run_in_background()

    def _verified(self, result: Verification) -> None:
        self.reload()
        self._state("ok" if result.ok else "bad")
        if result.ok:
            self.status.setText(f"✔ Intact — {result.entries} entries verified: every HMAC and"
                                " link holds, and the signed checkpoint matches.")
        else:
            at = f" First bad entry: #{result.first_bad}." if result.first_bad else ""
            reason = result.reason[:1].upper() + result.reason[1:]
            self.status.setText(f"✖ Verification failed. {result.headline()} {reason}.{at}")
            if result.first_bad:
                self.select_seq(result.first_bad)
        self.verified.emit(result)

    def _state(self, state: str) -> None:
        self.status.setProperty("state", state)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def select_seq(self, seq: int) -> None:
        for r in range(self.model.rowCount()):
            if self.model.item(r, 0).data(Qt.ItemDataRole.UserRole) == seq:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(r, 0)).row())
                self.table.scrollTo(self.proxy.mapFromSource(self.model.index(r, 0)))

    # -- export ----------------------------------------------------------------------------
    def choose_export(self, fmt: str) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export the audit log",
                                              str(Path.home() / f"enclave-audit.{fmt}"),
                                              FORMATS[fmt])
        if name:
            self.export(fmt, Path(name))

    def export(self, fmt: str, out: Path) -> None:
        audit, names = self.workspace.audit, self.names_box.isChecked()
        self.status.setText(f"Exporting {fmt.upper()}…")
        # The PDF report is drawn with PyMuPDF, which gets its own single-thread lane.
        Op(self, lambda _ctx: audit.export(fmt, out, names=names),
           lane="pdf" if fmt == "pdf" else "io") \
            .success(self._exported).failure(self._export_failed).run_in_background()

    def _export_failed(self, exc: BaseException) -> None:
        self.status.setText("Export failed; nothing was written.")
        self.failed.emit(exc)

    def _exported(self, manifest: Path) -> None:
        self.reload()
        self._state("idle")
        self.status.setText(f"Exported to {manifest.name.removesuffix('.manifest.json')}"
                            f" with its signed manifest.")
        self.exported.emit(manifest)


def _items(r: AuditRow) -> list[QStandardItem]:
    cells = (str(r.seq), r.time, r.who, r.action, r.document, r.details)
    items = [QStandardItem(x) for x in cells]
    items[0].setData(r.seq, Qt.ItemDataRole.UserRole)
    items[0].setData(" ".join((*cells, r.code, r.outcome)), FILTER_ROLE)
    tip = f"Entry #{r.seq}: {r.code} ({r.outcome})" + (f"\n{r.details}" if r.details else "")
    for item in items:
        item.setToolTip(tip)
    if r.failed:
        items[3].setForeground(QBrush(FAILED))
        font = QFont(items[3].font())
        font.setBold(True)
        items[3].setFont(font)
    return items
