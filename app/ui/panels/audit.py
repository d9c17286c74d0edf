"""The audit view: a filterable table of the log, Verify (green/red, with the first bad
entry selected) and Export (CSV, JSON Lines, PDF report, each with a signed manifest).

Verification and export read the whole log, so they run off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from app.ui.jobs import Op

COLUMNS = ("#", "Time (UTC)", "Actor", "Action", "Object", "Outcome", "Details")
FORMATS = {"csv": "CSV (*.csv)", "jsonl": "JSON Lines (*.jsonl)", "pdf": "PDF report (*.pdf)"}


class AuditPanel(QWidget):
    verified = Signal(object)  # VerifyReport
    exported = Signal(object)  # manifest Path
    failed = Signal(object)  # exception, for the window's error line

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditPanel")
        self.workspace = workspace
        self.model = QStandardItemModel(0, len(COLUMNS))
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.proxy = QSortFilterProxyModel(filterKeyColumn=-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(placeholderText="Filter by action, object, actor…",
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
        self.status = QLabel("Not verified yet this session", objectName="verifyBanner")
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
        top = QHBoxLayout()
        top.addWidget(QLabel("Audit log", objectName="panelTitle"))
        top.addWidget(self.filter, 1)
        top.addWidget(self.verify_btn)
        top.addWidget(self.export_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        entries = self.workspace.audit.entries()
        self.model.setRowCount(0)
        for e in entries:
            obj = f"{e.object_type} {e.object_id}".strip()
            details = "" if e.details in ("{}", "") else e.details
            row = [QStandardItem(x) for x in (str(e.seq), e.ts[:19].replace("T", " "), e.actor,
                                               e.action, obj, e.outcome, details)]
            row[0].setData(e.seq, Qt.ItemDataRole.UserRole)
            self.model.appendRow(row)
        self.table.scrollToBottom()

    # -- verify ----------------------------------------------------------------------------
    def verify(self) -> None:
        self.verify_btn.setEnabled(False)
        self.status.setText("Verifying…")
        audit = self.workspace.audit
        Op(self, lambda _ctx: audit.verify(record=True)) \
            .success(self._verified).failure(self.failed.emit) \
            .finally_(lambda: self.verify_btn.setEnabled(True)).run_in_background()

    def _verified(self, report: Any) -> None:
        self.reload()
        self.status.setProperty("state", "ok" if report.ok else "bad")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        if report.ok:
            self.status.setText(f"✔ Intact — {report.entries} entries verified, chain and"
                                " signed checkpoint match.")
        else:
            at = f" First bad entry: #{report.first_bad}." if report.first_bad else ""
            self.status.setText(f"✖ Verification failed: {report.reason}.{at}")
            if report.first_bad:
                self.select_seq(report.first_bad)
        self.verified.emit(report)

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
        audit = self.workspace.audit
        self.status.setText(f"Exporting {fmt.upper()}…")
        # The PDF report is drawn with PyMuPDF, which gets its own single-thread lane.
        Op(self, lambda _ctx: audit.export(fmt, out), lane="pdf" if fmt == "pdf" else "io") \
            .success(self._exported).failure(self._export_failed).run_in_background()

    def _export_failed(self, exc: BaseException) -> None:
        self.status.setText("Export failed; nothing was written.")
        self.failed.emit(exc)

    def _exported(self, manifest: Path) -> None:
        self.reload()
        self.status.setProperty("state", "idle")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(f"Exported to {manifest.name.removesuffix('.manifest.json')}"
                            f" with its signed manifest.")
        self.exported.emit(manifest)
