"""The fields panel: value, confidence meter and source tier per field.

A click emits `field_activated` (the window then outlines the span in the document view).
Editing a value (double-click or F2) emits `correction_requested`; "Confirm" (Ctrl+Return)
emits `confirm_requested` to accept a value as it stands; the session stores and audits both.
Ungrounded or low-confidence fields carry a warning mark, an amber row tint and the router's
reason, and the title counts them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import FieldValue, TextSpan
from app.core.routing.router import field_reasons

LOW = 0.6  # the router's default threshold: below it a field needs a look
NAME, VALUE, CONF, SOURCE = range(4)
REVIEW_TINT = QColor(214, 158, 46, 45)  # translucent amber: reads on light and dark palettes


def display(value: str | list[str] | None) -> str:
    if value is None:
        return ""
    return "; ".join(value) if isinstance(value, list) else str(value)


def flat_spans(f: FieldValue) -> list[TextSpan]:
    out: list[TextSpan] = []
    for s in f.spans:
        out.extend(s if isinstance(s, list) else [s])
    return out


class FieldsPanel(QWidget):
    field_activated = Signal(object)  # FieldValue
    correction_requested = Signal(str, object)  # field name, new value (str or list[str])
    confirm_requested = Signal(str)  # field name: accept the value as it stands

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldsPanel")
        self.fields: dict[str, FieldValue] = {}
        self._filling = False
        self.title = QLabel("Fields", objectName="panelTitle")
        self.table = QTableWidget(0, 4, objectName="fieldsTable")
        self.table.setHorizontalHeaderLabels(["Field", "Value", "Confidence", "Source"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setWordWrap(True)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(CONF, QHeaderView.ResizeMode.Fixed)
        head.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(CONF, 96)
        self.table.currentCellChanged.connect(lambda row, *_: self._activate(row))
        self.table.cellClicked.connect(lambda row, _col: self._activate(row))
        self.table.itemChanged.connect(self._edited)
        self.table.currentCellChanged.connect(lambda *_: self._update_confirm())
        hint = QLabel("Click a field to see its source · double-click or F2 to correct",
                      objectName="muted", wordWrap=True)
        self.confirm = QPushButton("Confirm", objectName="confirmField")
        self.confirm.setToolTip("Accept the selected value as correct; stored and audited"
                                " (Ctrl+Return)")
        self.confirm.setEnabled(False)
        self.confirm.clicked.connect(self.confirm_current)
        foot = QHBoxLayout()
        foot.addWidget(hint, 1)
        foot.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(foot)

    def show_fields(self, fields: dict[str, FieldValue], profile: str = "") -> None:
        self._filling = True  # itemChanged fires for programmatic edits too
        try:
            self.fields = dict(fields)
            review = len(self.needs_review())
            parts = ["Fields", profile, f"⚠ {review} to review" if review else ""]
            self.title.setText(" · ".join(p for p in parts if p))
            self.table.setRowCount(0)
            self.table.setRowCount(len(fields))
            for row, f in enumerate(fields.values()):
                self._fill_row(row, f)
            self.table.resizeRowsToContents()
        finally:
            self._filling = False
        self._update_confirm()

    def _fill_row(self, row: int, f: FieldValue) -> None:
        reasons = field_reasons(f, LOW)
        name = QTableWidgetItem(("⚠ " if reasons else "") + f.name.replace("_", " "))
        name.setData(Qt.ItemDataRole.UserRole, f.name)
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        tip = reasons[0] if reasons else ("Grounded in the document" if f.grounded else "")
        name.setToolTip(tip)
        value = QTableWidgetItem(display(f.value))
        value.setToolTip(tip or display(f.value))
        if reasons:
            for it in (name, value):
                it.setForeground(self.palette().brush(self.palette().ColorRole.Link))
                font = it.font()
                font.setItalic(not f.grounded)
                it.setFont(font)
            name.setData(Qt.ItemDataRole.AccessibleDescriptionRole, "needs review")
            for it in (name, value):
                it.setBackground(REVIEW_TINT)
        source = QTableWidgetItem("you" if f.source == "user" else f.source)
        if reasons:
            source.setBackground(REVIEW_TINT)
        source.setFlags(source.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, NAME, name)
        self.table.setItem(row, VALUE, value)
        self.table.setItem(row, SOURCE, source)
        meter = QProgressBar(maximum=100, objectName="confidenceMeter")
        meter.setValue(round(f.confidence * 100))
        meter.setFormat(f"{f.confidence:.0%}")
        meter.setProperty("level", "low" if f.confidence < LOW else
                          "mid" if f.confidence < 0.85 else "high")
        self.table.setCellWidget(row, CONF, meter)

    def needs_review(self) -> list[str]:
        return [f.name for f in self.fields.values() if field_reasons(f, LOW)]

    def row_of(self, name: str) -> int:
        return list(self.fields).index(name)

    def current_field(self) -> FieldValue | None:
        row = self.table.currentRow()
        return list(self.fields.values())[row] if 0 <= row < len(self.fields) else None

    def _update_confirm(self) -> None:
        f = self.current_field()
        # Nothing to vouch for in an empty value; a value a person set is already vouched for.
        self.confirm.setEnabled(f is not None and f.value not in (None, "", [])
                                and f.source != "user")

    def confirm_current(self) -> None:
        f = self.current_field()
        if f is not None and self.confirm.isEnabled():
            self.confirm.setEnabled(False)  # one click, one audited confirmation
            self.confirm_requested.emit(f.name)

    def _activate(self, row: int) -> None:
        if 0 <= row < len(self.fields):
            self.field_activated.emit(list(self.fields.values())[row])

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != VALUE:
            return
        f = list(self.fields.values())[item.row()]
        text = item.text().strip()
        if text == display(f.value):
            return
        new: str | list[str] = ([v.strip() for v in text.split(";") if v.strip()]
                                if isinstance(f.value, list) else text)
        self.correction_requested.emit(f.name, new)
