"""The document view: page text with identifiers highlighted by type, a legend, a redacted
toggle, and `highlight(spans)` for the fields panel ("show me where this came from").
Clicking a highlight (or right-clicking it, or a selection) offers "Not PII" and "Always
redact"; the view only asks (`list_change_requested`), the session stores and re-analyses.

Offsets: core spans are Python code-point offsets into `Page.text`; Qt positions count UTF-16
units, and every page sits after its own heading. `_pos()` does both conversions, so a span
always lands on the exact characters it names.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import Document, Finding, TextSpan
from app.core.privacy.redact_types import for_redaction
from app.ui.jobs import Op
from app.ui.panels.legend import Legend
from app.ui.panels.page_images import KINDS, PageImageError, PageImages, render_pages
from app.ui.pii_colors import color_for, pretty

# Characters QTextDocument turns into block breaks or drops: replace 1:1 to keep offsets.
_BREAKERS = str.maketrans({"\r": " ", "\f": " ", "\v": " ", "\u2028": " ", "\u2029": " ",
                           "\x00": " "})
MASK = "█"


def _u16(text: str, i: int) -> int:
    """Code-point index → UTF-16 index (differs only past characters outside the BMP)."""
    prefix = text[:i]
    return i + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def _from_u16(text: str, u: int) -> int:
    """UTF-16 index → code-point index (the inverse of `_u16`)."""
    units = 0
    for i, ch in enumerate(text):
        if units >= u:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _quoted(term: str, limit: int = 40) -> str:
    term = " ".join(term.split())
    return f"“{term if len(term) <= limit else term[:limit - 1] + '…'}”"


class DocumentView(QWidget):
    redacted_toggled = Signal(bool)
    list_change_requested = Signal(str, str)  # "allow" (not PII) | "deny" (always redact), term

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.doc: Document | None = None
        self.findings: list[Finding] = []
        # The workspace's choice of types to mask in the redacted view (None: all of them).
        self.redact_types: frozenset[str] | None = None
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
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._context_menu)
        self.text.viewport().installEventFilter(self)
        self.menu: QMenu | None = None
        # doc_id → original bytes; set by the window, called on a worker thread.
        self.load_original: Callable[[str], bytes | None] | None = None
        self.images = PageImages()
        self._images_for = ""  # doc id whose pages are rendered (or being rendered)
        self.views = QTabWidget(objectName="pageTabs", documentMode=True)
        self.views.addTab(self.text, "Text")
        self.views.addTab(self.images, "Page images")
        self.views.currentChanged.connect(lambda _i: self._maybe_render())

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.redacted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.legend)
        layout.addWidget(self.views, 1)

    # -- content ---------------------------------------------------------------------------
    def show_document(self, doc: Document | None, findings: list[Finding]) -> None:
        self.doc, self.findings = doc, findings
        self.highlighted = []
        self.title.setText(doc.name if doc else "No document selected")
        counts: dict[str, int] = {}
        for f in findings:
            counts[f.type] = counts.get(f.type, 0) + 1
        self.legend.set_counts(counts)
        has_images = doc is not None and doc.kind in KINDS
        self.views.setTabEnabled(1, has_images)
        if not has_images:
            self.views.setCurrentIndex(0)
        if doc is None or doc.id != self._images_for:
            self._images_for = ""
            self.images.clear()
        self._rerender()
        self._maybe_render()

    def masked_findings(self) -> list[Finding]:
        """What the redacted view masks: the findings of the chosen types."""
        return for_redaction(self.findings, self.redact_types)

    def _rerender(self) -> None:
        self.text.clear()
        self._base.clear()
        self._texts.clear()
        if self.doc is None:
            return
        masked = self.redacted.isChecked()
        by_page: dict[int, list[Finding]] = {}
        for f in self.masked_findings():
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
            fmt.setToolTip(f"{pretty(f.type)} · score {f.score:.2f} · click for options")
            self._select(f.page, f.start, f.end).mergeCharFormat(fmt)
        self.text.moveCursor(QTextCursor.MoveOperation.Start)
        if self.highlighted:
            self.highlight(self.highlighted)
        if self.images.rendered:
            self.images.paint(self.doc, self.masked_findings() if masked else self.findings,
                              masked)
        self.redacted_toggled.emit(masked)

    # -- page images -----------------------------------------------------------------------
    def _maybe_render(self) -> None:
        """Render page images once per document, and only when the tab is looked at."""
        doc, load = self.doc, self.load_original
        if (doc is None or load is None or self.views.currentIndex() != 1
                or doc.kind not in KINDS or self._images_for == doc.id):
            return
        self._images_for = doc.id
        self.images.clear("Rendering pages…")

        def work(_ctx: object) -> list:
            original = load(doc.id)
            if not original:
                raise PageImageError("The original file is not stored, so only its text is"
                                     " shown.")
            return render_pages(original, doc.kind, len(doc.pages))

        def done(rendered: list) -> None:
            if self.doc is not None and self.doc.id == doc.id:
                masked = self.redacted.isChecked()
                self.images.show_pages(rendered, self.doc,
                                       self.masked_findings() if masked else self.findings,
                                       masked)

        def failed(exc: BaseException) -> None:
            if self.doc is not None and self.doc.id == doc.id:
                self.images.clear(str(exc) if isinstance(exc, PageImageError) else
                                  "The page images could not be drawn; the text is unaffected.")

        Op(self, work, lane="pdf").success(done).failure(failed).run_in_background()

    def _pos(self, page: int, offset: int) -> int:
        text = self._texts.get(page, "")
        return self._base[page] + _u16(text, max(0, min(offset, len(text))))

    def position(self, page: int, offset: int) -> int:
        """The Qt text position of code-point `offset` on `page`."""
        return self._pos(page, offset)

    def location(self, position: int) -> tuple[int, int] | None:
        """(page, code-point offset) of a Qt text position; None outside page text."""
        for page, base in self._base.items():
            text = self._texts[page]
            if base <= position <= base + _u16(text, len(text)):
                return page, _from_u16(text, position - base)
        return None

    def finding_at(self, position: int) -> Finding | None:
        loc = self.location(position)
        if loc is None:
            return None
        page, off = loc
        return next((f for f in self.findings
                     if f.page == page and f.start <= off < f.end), None)

    def _source(self, page: int, start: int, end: int) -> str:
        """The original characters (not the masked ones of the redacted view)."""
        pages = {p.number: p.text for p in self.doc.pages} if self.doc else {}
        return pages.get(page, "")[start:end]

    def menu_at(self, position: int, selection: tuple[int, int] | None = None) -> QMenu | None:
        """The "Not PII / Always redact" menu for a highlight at `position`, or for a selected
        range (Qt positions) on one page. None when there is nothing to offer."""
        menu = QMenu(self)
        f = self.finding_at(position)
        if f is not None:
            term = self._source(f.page, f.start, f.end).strip()
            menu.addSection(pretty(f.type))
            menu.addAction(f"Not PII: {_quoted(term)}",
                           lambda: self.list_change_requested.emit("allow", term))
            menu.addAction(f"Always redact {_quoted(term)}",
                           lambda: self.list_change_requested.emit("deny", term))
        if selection is not None:
            a, b = self.location(selection[0]), self.location(selection[1])
            term = self._source(a[0], a[1], b[1]).strip() if a and b and a[0] == b[0] else ""
            if term and "\n" not in term and (f is None or term != self._source(
                    f.page, f.start, f.end).strip()):
                menu.addAction(f"Always redact {_quoted(term)}",
                               lambda: self.list_change_requested.emit("deny", term))
        if not menu.actions():
            menu.deleteLater()
            return None
        return menu

    def _popup(self, point: QPoint, selection: tuple[int, int] | None) -> None:
        pos = self.text.cursorForPosition(point).position()
        menu = self.menu_at(pos, selection)
        if menu is None:
            return
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = menu
        menu.popup(self.text.viewport().mapToGlobal(point))

    def _context_menu(self, point: QPoint) -> None:
        cur = self.text.textCursor()
        sel = (cur.selectionStart(), cur.selectionEnd()) if cur.hasSelection() else None
        self._popup(point, sel)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # A plain left click on a highlight (not the end of a drag-selection) offers the menu.
        if (obj is self.text.viewport() and event.type() == QEvent.Type.MouseButtonRelease
                and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton
                and not self.text.textCursor().hasSelection()):
            self._popup(event.position().toPoint(), None)
        return super().eventFilter(obj, event)

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
