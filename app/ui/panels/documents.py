"""The document list: every stored document with its status, profile and review flag.

A table model over plain rows read from the workspace; it reloads on session events. The
status is the stored route's: a correction or an accepted escalation decides it again in the
core (`refresh_route`), so a field a person vouched for never makes a document "Needs review",
now or after the workspace is reopened. In the redacted view names are masked too: a file is
often named after the person it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.privacy.masking import mask_terms
from app.core.routing.router import RoutePolicy, field_reasons

Index = QModelIndex | QPersistentModelIndex
REVIEW_THRESHOLD = RoutePolicy.threshold  # the fields panel's too: the counts agree


@dataclass(frozen=True)
class DocRow:
    id: str
    name: str
    status: str  # "Ready" | "Needs review" | "Not processed"
    profile: str
    pages: int
    review: int  # fields awaiting a look


def load_rows(workspace: Any) -> list[DocRow]:
    rows = []
    for info in workspace.documents.list():
        res = workspace.results.get(info.id)
        if res is None:
            rows.append(DocRow(info.id, info.name, "Not processed", "", info.page_count, 0))
            continue
        review = sum(bool(field_reasons(f, REVIEW_THRESHOLD)) for f in res.fields.values())
        status = "Needs review" if review or res.route.decision != "local" else "Ready"
        rows.append(DocRow(info.id, info.name, status, res.profile, info.page_count, review))
    return rows


class DocumentModel(QAbstractTableModel):
    HEADERS = ("Document", "Status", "Profile")  # page count lives in the name's tooltip

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DocRow] = []
        self.terms: list[str] | None = None  # the redacted view's terms; None: not redacted

    def set_terms(self, terms: list[str] | None) -> None:
        self.terms = None if terms is None else list(terms)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))

    def _name(self, r: DocRow) -> str:
        return r.name if self.terms is None else mask_terms(r.name, self.terms)

    def set_rows(self, rows: list[DocRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 1:
                return f"● {r.status}"
            return (self._name(r), r.status, r.profile)[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{self._name(r)} · {r.pages} page(s)"
        if role == Qt.ItemDataRole.ToolTipRole and col == 1 and r.review:
            return f"{r.review} field(s) are ungrounded or low-confidence; open to review"
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QColor("#c77700") if r.status == "Needs review" else QColor("#2e8b57")
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None


class DocumentList(QWidget):
    document_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentList")
        self.model = DocumentModel()
        self._quiet = False
        self.view = QTableView(objectName="documentTable")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows may be selected (Ctrl/Shift-click) for a batch action such as
        # "Ask a larger model…"; the current row is still the open document.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        head = self.view.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Documents", objectName="panelTitle"))
        layout.addWidget(self.view, 1)

    def reload(self, workspace: Any, keep: str = "") -> None:
        keep = keep or self.current_id()
        self.model.set_rows(load_rows(workspace))
        if keep:
            self.select(keep, emit=False)

    def set_redacted(self, terms: list[str] | None) -> None:
        """Mask the names with `terms` (None: show them as they are)."""
        self.model.set_terms(terms)

    def current_id(self) -> str:
        idx = self.view.currentIndex()
        return self.model.rows[idx.row()].id if idx.isValid() else ""

    def selected_ids(self) -> list[str]:
        """The selected documents, top to bottom (one when nothing else is selected)."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.rows[r].id for r in rows if r < len(self.model.rows)]

    def select(self, doc_id: str, emit: bool = True) -> None:
        for i, r in enumerate(self.model.rows):
            if r.id == doc_id:
                self._quiet = True  # selecting must not echo back as a user selection
                try:
                    self.view.selectRow(i)
                finally:
                    self._quiet = False
                if emit:
                    self.document_selected.emit(doc_id)
                return

    def _current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet:
            self.document_selected.emit(self.model.rows[current.row()].id)
