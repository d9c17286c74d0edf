"""The fields panel: value, confidence meter and source tier per field.

A click emits `field_activated` (the window then outlines the span in the document view).
Editing a value (double-click or F2) emits `correction_requested`; a multi-valued field (the
parties) is edited entry by entry in a `ListEditor`, never split on a separator. "Confirm"
(Ctrl+Return) emits `confirm_requested` to accept a value as it stands; the session stores and
audits both. Ungrounded or low-confidence fields carry a warning mark, an amber row tint and
the router's reason, and the title counts them; a value a person corrected or confirmed reads
as confirmed (✓), whatever the page says. Values wrap and their tooltip holds them whole.

In the redacted view (`set_redacted`) every value and tooltip is masked by the findings' texts
and editing is off: a masked cell must not be committed as a correction.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
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
from app.core.privacy.masking import mask_terms
from app.core.routing.router import RoutePolicy, field_reasons
from app.ui.panels.list_editor import ListEditor

LOW = RoutePolicy.threshold  # the router's default: below it a field needs a look
NAME, VALUE, CONF, SOURCE = range(4)
REVIEW_TINT = QColor(214, 158, 46, 45)  # translucent amber: reads on light and dark palettes
EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.DoubleClicked
                 | QAbstractItemView.EditTrigger.EditKeyPressed)
CONFIRMED = "Confirmed by you · stored and audited"
ITEM_PADDING = 12  # the style sheet's 4 px item padding on both sides, and a frame's margin


def display(value: str | list[str] | None) -> str:
    if value is None:
        return ""
    return "; ".join(value) if isinstance(value, list) else str(value)


def shown(value: str | list[str] | None) -> str:
    """The cell's text: a list one value per line, so each entry reads whole."""
    return "\n".join(value) if isinstance(value, list) else display(value)


def rich_tip(text: str) -> str:
    # Rich text, so Qt wraps a long value instead of drawing one line wider than the screen.
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


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
        self.profile = ""
        self.terms: list[str] | None = None  # the redacted view's terms; None: not redacted
        self.list_editor: ListEditor | None = None
        self._filling = False
        self._quiet = False
        self.title = QLabel("Fields", objectName="panelTitle")
        self.table = QTableWidget(0, 4, objectName="fieldsTable")
        self.table.setHorizontalHeaderLabels(["Field", "Value", "Confidence", "Source"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(EDIT_TRIGGERS)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)  # rows grow to the whole value
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(CONF, QHeaderView.ResizeMode.Fixed)
        head.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(CONF, 96)
        # A narrower value column wraps into more lines: the rows follow.
        head.sectionResized.connect(lambda col, *_: col == VALUE and self._fit_rows())
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.table.installEventFilter(self)  # F2 on a list opens its editor
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
        self.edit_list = QPushButton("Edit list…", objectName="editList")
        self.edit_list.setToolTip("Add, remove or change the values of a field that has several")
        self.edit_list.clicked.connect(self.edit_current_list)
        foot = QHBoxLayout()
        foot.addWidget(hint, 1)
        foot.addWidget(self.edit_list)
        foot.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(foot)
        self._update_confirm()

    def show_fields(self, fields: dict[str, FieldValue], profile: str = "") -> None:
        self._filling = True  # itemChanged fires for programmatic edits too
        try:
            self.fields, self.profile = dict(fields), profile
            review = len(self.needs_review())
            parts = ["Fields", profile, f"⚠ {review} to review" if review else "",
                     "redacted view" if self.terms is not None else ""]
            self.title.setText(" · ".join(p for p in parts if p))
            self.table.setRowCount(0)
            self.table.setRowCount(len(fields))
            for row, f in enumerate(fields.values()):
                self._fill_row(row, f)
            self._fit_rows()
        finally:
            self._filling = False
        self._update_confirm()

    def _fit_rows(self) -> None:
        """Rows tall enough for their whole value, wrapped at the value column's width. Qt's
        own `resizeRowsToContents` does not wrap once the style sheet pads items."""
        t = self.table
        t.resizeRowsToContents()
        width = max(40, t.columnWidth(VALUE) - ITEM_PADDING)
        metrics = t.fontMetrics()
        for row in range(t.rowCount()):
            item = t.item(row, VALUE)
            if item is None or not item.text():
                continue
            box = metrics.boundingRect(QRect(0, 0, width, 1 << 20),
                                       Qt.TextFlag.TextWordWrap, item.text())
            t.setRowHeight(row, max(t.rowHeight(row), box.height() + ITEM_PADDING))

    def set_redacted(self, terms: list[str] | None) -> None:
        """Mask values and tooltips with `terms` (None: show them as they are). Editing is off
        while masked; the row the reviewer was on stays selected."""
        self.terms = None if terms is None else list(terms)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers
                                   if self.terms is not None else EDIT_TRIGGERS)
        if self.list_editor is not None and self.terms is not None:
            self.list_editor.reject()  # its entries are unmasked text
        row = self.table.currentRow()
        self._quiet = True  # the same rows again: not a click (the document may be another)
        try:
            self.show_fields(self.fields, self.profile)
            if 0 <= row < self.table.rowCount():
                self.table.selectRow(row)
        finally:
            self._quiet = False

    def _mask(self, text: str) -> str:
        return text if self.terms is None else mask_terms(text, self.terms)

    def _fill_row(self, row: int, f: FieldValue) -> None:
        reasons = field_reasons(f, LOW)
        confirmed = f.source == "user"  # corrected or confirmed: a person vouched for it
        mark = "⚠ " if reasons else "✓ " if confirmed else ""
        name = QTableWidgetItem(mark + f.name.replace("_", " "))
        name.setData(Qt.ItemDataRole.UserRole, f.name)
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        tip = (reasons[0] if reasons else CONFIRMED if confirmed
               else "Grounded in the document" if f.grounded else "")
        name.setToolTip(tip)
        text = self._mask(shown(f.value))
        value = QTableWidgetItem(text)
        value.setToolTip(rich_tip("\n\n".join(t for t in (text, tip) if t)))
        if isinstance(f.value, list):  # edited entry by entry in the list editor
            value.setFlags(value.flags() & ~Qt.ItemFlag.ItemIsEditable)
        if reasons:
            for it in (name, value):
                it.setForeground(self.palette().brush(self.palette().ColorRole.Link))
                font = it.font()
                font.setItalic(not f.grounded)
                it.setFont(font)
            name.setData(Qt.ItemDataRole.AccessibleDescriptionRole, "needs review")
            for it in (name, value):
                it.setBackground(REVIEW_TINT)
        elif confirmed:
            name.setData(Qt.ItemDataRole.AccessibleDescriptionRole, "confirmed by you")
        source = QTableWidgetItem("you" if confirmed else f.source)
        source.setToolTip(CONFIRMED if confirmed else "")
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
        # Nothing to vouch for in an empty value; a value a person set is already vouched for;
        # a masked value is not one a reviewer can see to vouch for.
        open_ = self.terms is None
        self.confirm.setEnabled(open_ and f is not None and f.value not in (None, "", [])
                                and f.source != "user")
        self.edit_list.setVisible(f is not None and isinstance(f.value, list))
        self.edit_list.setEnabled(open_ and f is not None and isinstance(f.value, list))

    def confirm_current(self) -> None:
        f = self.current_field()
        if f is not None and self.confirm.isEnabled():
            self.confirm.setEnabled(False)  # one click, one audited confirmation
            self.confirm_requested.emit(f.name)

    def _activate(self, row: int) -> None:
        if 0 <= row < len(self.fields) and not self._quiet:
            self.field_activated.emit(list(self.fields.values())[row])

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Every event of the table passes here: look at the field only for F2.
        if (obj is self.table and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_F2):  # type: ignore[attr-defined]
            f = self.current_field()
            if f is not None and isinstance(f.value, list):
                self.edit_current_list()
                return True
        return super().eventFilter(obj, event)

    def _double_clicked(self, row: int, col: int) -> None:
        if col == VALUE:
            self.edit_current_list()

    def edit_current_list(self) -> None:
        """Open the list editor on the selected multi-valued field; OK asks for a correction
        when the entries changed."""
        f = self.current_field()
        if f is None or not isinstance(f.value, list) or self.terms is not None:
            return
        editor = self.list_editor = ListEditor(f.name.replace("_", " "), list(f.value), self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(code: int) -> None:
            self.list_editor = None
            new = editor.values()
            if code == ListEditor.DialogCode.Accepted and new != f.value:
                self.correction_requested.emit(f.name, new)

        editor.finished.connect(done)
        editor.open()  # window-modal, not blocking: the queue keeps running

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != VALUE or self.terms is not None:
            return
        f = list(self.fields.values())[item.row()]
        if isinstance(f.value, list):
            return  # lists change in the list editor only
        text = item.text().strip()
        if text == display(f.value):
            return
        self.correction_requested.emit(f.name, text)
