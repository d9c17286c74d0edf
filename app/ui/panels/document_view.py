"""The document view: page text with identifiers highlighted by type, a legend, a redacted
toggle, and `highlight(spans)` for the fields panel ("show me where this came from").

Offsets: core spans are Python code-point offsets into `Page.text`; Qt positions count UTF-16
units, and every page sits after its own heading. `_pos()` does both conversions, so a span
always lands on the exact characters it names.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import Document, Finding, TextSpan
from app.ui.panels.legend import Legend
from app.ui.pii_colors import color_for, pretty

# Characters QTextDocument turns into block breaks or drops: replace 1:1 to keep offsets.
_BREAKERS = str.maketrans({"\r": " ", "\f": " ", "\v": " ", "\u2028": " ", "\u2029": " ",
                           "\x00": " "})
MASK = "█"


def _u16(text: str, i: int) -> int:
    """Code-point index → UTF-16 index (differs only past characters outside the BMP)."""
    prefix = text[:i]
    return i + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


class DocumentView(QWidget):
    redacted_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.doc: Document | None = None
        self.findings: list[Finding] = []
        self._base: dict[int, int] = {}  # page number → Qt position of its first character
        self._texts: dict[int, str] = {}
        self.highlighted: list[TextSpan] = []

        self.title = QLabel("No document selected", objectName="panelTitle")
        self.redacted = QCheckBox("Redacted view")
        self.redacted.setToolTip("Show the text as it would leave this machine (Ctrl+Shift+R)")
        self.redacted.toggled.connect(self._rerender)
        self.legend = Legend()
        self.text = QTextEdit(readOnly=True, objectName="pageText")
        self.text.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.text.setPlaceholderText("Drop a document, or pick one from the list.")

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.redacted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.legend)
        layout.addWidget(self.text, 1)

    # -- content ---------------------------------------------------------------------------
    def show_document(self, doc: Document | None, findings: list[Finding]) -> None:
        self.doc, self.findings = doc, findings
        self.highlighted = []
        self.title.setText(doc.name if doc else "No document selected")
        counts: dict[str, int] = {}
        for f in findings:
            counts[f.type] = counts.get(f.type, 0) + 1
        self.legend.set_counts(counts)
        self._rerender()

    def _rerender(self) -> None:
        self.text.clear()
        self._base.clear()
        self._texts.clear()
        if self.doc is None:
            return
        masked = self.redacted.isChecked()
        by_page: dict[int, list[Finding]] = {}
        for f in self.findings:
            by_page.setdefault(f.page, []).append(f)
        cur = QTextCursor(self.text.document())
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.DemiBold)
        heading.setForeground(self.palette().placeholderText())
        plain = QTextCharFormat()
        for i, page in enumerate(self.doc.pages):
            if i:
                cur.insertBlock()
            cur.insertText(f"Page {page.number}", heading)
            cur.insertBlock()
            text = page.text.translate(_BREAKERS)
            if masked:
                chars = list(text)
                for f in by_page.get(page.number, []):
                    for k in range(max(f.start, 0), min(f.end, len(chars))):
                        if not chars[k].isspace():
                            chars[k] = MASK
                text = "".join(chars)
            self._base[page.number] = cur.position()
            self._texts[page.number] = text
            cur.insertText(text, plain)
        for f in self.findings:
            fmt = QTextCharFormat()
            fmt.setBackground(color_for(f.type))
            fmt.setToolTip(f"{pretty(f.type)} · score {f.score:.2f}")
            self._select(f.page, f.start, f.end).mergeCharFormat(fmt)
        self.text.moveCursor(QTextCursor.MoveOperation.Start)
        if self.highlighted:
            self.highlight(self.highlighted)
        self.redacted_toggled.emit(masked)

    def _pos(self, page: int, offset: int) -> int:
        text = self._texts.get(page, "")
        return self._base[page] + _u16(text, max(0, min(offset, len(text))))

    def _select(self, page: int, start: int, end: int) -> QTextCursor:
        cur = QTextCursor(self.text.document())
        if page not in self._base:
            return cur
        cur.setPosition(self._pos(page, start))
        cur.setPosition(self._pos(page, end), QTextCursor.MoveMode.KeepAnchor)
        return cur

    # -- field → span ----------------------------------------------------------------------
    def highlight(self, spans: list[TextSpan]) -> None:
        """Outline the given spans and scroll the first into the middle of the view."""
        self.highlighted = [s for s in spans if s.page in self._base]
        selections = []
        for s in self.highlighted:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self._select(s.page, s.start, s.end)
            sel.format.setBackground(self.palette().highlight())
            sel.format.setForeground(self.palette().highlightedText())
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
            selections.append(sel)
        self.text.setExtraSelections(selections)
        if self.highlighted:
            first = self.highlighted[0]
            cur = self._select(first.page, first.start, first.start)
            self.text.setTextCursor(cur)
            rect = self.text.cursorRect(cur)
            bar = self.text.verticalScrollBar()
            bar.setValue(bar.value() + rect.center().y() - self.text.viewport().height() // 2)

    def highlighted_text(self) -> list[str]:
        """What the outlined spans cover, as shown (for tests and accessibility)."""
        return [self._select(s.page, s.start, s.end).selectedText() for s in self.highlighted]

    def scroll_to_page(self, page: int) -> None:
        if page in self._base:
            cur = QTextCursor(self.text.document())
            cur.setPosition(self._base[page])
            self.text.setTextCursor(cur)
            self.text.ensureCursorVisible()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Escape:
            self.highlight([])
        super().keyPressEvent(event)
