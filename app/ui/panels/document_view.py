"""The document view: page text with identifiers highlighted by type, a legend, a redacted
toggle, and `highlight(spans)` for the fields panel ("show me where this came from").
Clicking a highlight (or right-clicking it, or a selection) offers "Not PII" and "Always
redact"; the view only asks (`list_change_requested`), the session stores and re-analyses.

Review mode ("Review redactions") is the Acrobat-style pass before a redacted export: the
page images show every box the export will black out (`ReviewState`, the export's own plan);
a drag adds a box, a selected phrase is redacted wherever it occurs, a click on a mark stops
redacting it. The view asks (`mark_requested`, `unmark_requested`, `export_requested`); the
session stores and audits the marks. The redacted view masks what the export removes.

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
    QPushButton,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import Document, Finding, TextSpan
from app.core.errors import PageImageError
from app.core.privacy.masking import mask_terms, masking_terms
from app.core.privacy.redact_types import for_redaction
from app.core.privacy.redaction.marks import BOX, KEEP, MANUAL, TERM, RedactionMark
from app.core.privacy.redaction.review import ReviewState
from app.ui.jobs import Op
from app.ui.panels.legend import Legend
from app.ui.panels.page_images import (
    KINDS,
    Mark,
    PageImages,
    render_pages,
    word_marks,
)
from app.ui.panels.review_bar import ReviewBar
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
    mark_requested = Signal(object)  # a RedactionMark to store for this document
    unmark_requested = Signal(int)  # the id of a stored mark to remove
    export_requested = Signal()  # "Apply and export redacted PDF…"
    review_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.doc: Document | None = None
        self.findings: list[Finding] = []
        self.marks: list[RedactionMark] = []
        self.state: ReviewState | None = None
        # The workspace's choice of types to mask in the redacted view (None: all of them).
        self.redact_types: frozenset[str] | None = None
        self._base: dict[int, int] = {}  # page number → Qt position of its first character
        self._texts: dict[int, str] = {}
        self.highlighted: list[TextSpan] = []

        self.title = QLabel("No document selected", objectName="panelTitle")
        self.redacted = QCheckBox("Redacted view")
        self.redacted.setToolTip("Show the text as it would leave this machine (Ctrl+Shift+R)")
        self.redacted.toggled.connect(self._rerender)
        self.review = QPushButton("Review redactions", objectName="reviewToggle", checkable=True)
        self.review.setToolTip("Check and change what a redacted export removes, then apply")
        self.review.toggled.connect(self._review_toggled)
        self.review_bar = ReviewBar()
        self.review_bar.hide()
        self.review_bar.export_requested.connect(self.export_requested)
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
        self.images.box_drawn.connect(
            lambda page, rect: self.mark_requested.emit(RedactionMark(BOX, page=page, rect=rect)))
        self.images.clicked.connect(self._image_clicked)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.review)
        head.addWidget(self.redacted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.legend)
        layout.addWidget(self.review_bar)
        layout.addWidget(self.views, 1)

    # -- content ---------------------------------------------------------------------------
    def show_document(self, doc: Document | None, findings: list[Finding],
                      marks: list[RedactionMark] | None = None) -> None:
        self.doc, self.findings = doc, findings
        self.marks = list(marks or [])
        self.state = (ReviewState(doc, for_redaction(findings, self.redact_types), self.marks)
                      if doc is not None else None)
        self.highlighted = []
        self.title.setText(doc.name if doc else "No document selected")
        counts: dict[str, int] = {}
        for f in findings:
            counts[f.type] = counts.get(f.type, 0) + 1
        self.legend.set_counts(counts)
        has_images = doc is not None and doc.kind in KINDS
        self.review.setEnabled(doc is not None)
        self._update_review_bar()
        self.views.setTabEnabled(1, has_images)
        if not has_images:
            self.views.setCurrentIndex(0)
        if doc is None or doc.id != self._images_for:
            self._images_for = ""
            self.images.clear()
        self._rerender()
        self._maybe_render()

    def masked_findings(self) -> list[Finding]:
        """What the redacted view masks: what the export removes from the text (every
        occurrence of the chosen types and of the reviewer's terms, less what was kept)."""
        return self.state.masked() if self.state is not None else []

    def masked_terms(self) -> list[str]:
        """The reviewer's own terms (the other panes mask them too)."""
        return [m.text for m in self.marks if m.kind == TERM]

    def image_marks(self, masked: bool) -> list[Mark]:
        """The boxes the page images show: the export's, the reviewer's kept identifiers
        as outlines, and (not in the redacted view) findings of types not redacted."""
        state, doc = self.state, self.doc
        if state is None or doc is None:
            return []
        out = [Mark(a.page, a.rect, t.type, "manual" if t.type == MANUAL else "found")
               for t in state.box_plan.targets for a in t.areas]
        pages = {p.number: p for p in doc.pages}
        chosen = {id(f) for f in state.findings}
        for f in self.findings:
            page = pages.get(f.page)
            if page is None:
                continue
            if state.is_kept(f):
                out += word_marks(page, [f], "kept")
            elif id(f) not in chosen and not masked:
                out += word_marks(page, [f])
        return out

    def hidden_terms(self) -> list[str]:
        """The texts the redacted view hides, for every pane that shows text derived from the
        document: the reviewer's terms, and the masked findings' original texts with each word
        of a person's name."""
        doc = self.doc
        if doc is None:
            return []
        pages = {p.number: p.text for p in doc.pages}
        found = [(f.type, pages.get(f.page, "")[f.start:f.end]) for f in self.masked_findings()]
        return self.masked_terms() + masking_terms(found)

    def _masked_name(self) -> str:
        """The file name with what the redacted view hides masked ("Okonkwo referral.pdf")."""
        return mask_terms(self.doc.name, self.hidden_terms()) if self.doc else ""

    # -- review mode -----------------------------------------------------------------------
    def _review_toggled(self, on: bool) -> None:
        self.review_bar.setVisible(on)
        self.images.set_reviewing(on)
        if on and self.views.isTabEnabled(1):
            self.views.setCurrentIndex(1)  # where boxes can be drawn
        self._update_review_bar()
        self.review_toggled.emit(on)

    def _update_review_bar(self) -> None:
        state = self.state
        if state is None or not self.review.isChecked():
            return  # the counts need the export's plan: only while the bar is shown
        c = state.counts()
        self.review_bar.set_counts(c["detected"], c["kept"], c["terms"], c["boxes"],
                                   c["occurrences"], self.doc is not None
                                   and self.doc.kind in KINDS and not state.box_error)
        if state.box_error:
            self.review_bar.summary.setText(f"The redacted PDF cannot be made: {state.box_error}")

    def _image_clicked(self, page: int, x: float, y: float, where: QPoint) -> None:
        menu = self.image_menu(page, x, y)
        if menu is not None:
            if self.menu is not None:
                self.menu.deleteLater()
            self.menu = menu
            menu.popup(where)

    def image_menu(self, page: int, x: float, y: float) -> QMenu | None:
        """In review mode, the menu for a click on a page image at page point (x, y)."""
        if not self.images.reviewing or self.state is None:
            return None
        menu = QMenu(self)
        kept = self.state.kept_at_point(page, x, y)
        hit = self.state.at_point(page, x, y)
        if kept is not None:
            menu.addAction(f"Redact {_quoted(kept.text)} again",
                           lambda: self.unmark_requested.emit(kept.id))
        elif hit is not None:
            self._offer(menu, *hit)
        if not menu.actions():
            menu.deleteLater()
            return None
        return menu

    def _offer(self, menu: QMenu, what: str, thing: RedactionMark | str) -> None:
        """The menu entry that undoes a mark: remove a box or a term, keep an identifier."""
        if what == "box" and isinstance(thing, RedactionMark):
            menu.addAction("Remove this box", lambda: self.unmark_requested.emit(thing.id))
        elif what == "term" and isinstance(thing, RedactionMark):
            menu.addAction(f"Stop redacting {_quoted(thing.text)}",
                           lambda: self.unmark_requested.emit(thing.id))
        elif isinstance(thing, str):
            menu.addAction(f"Don't redact {_quoted(thing)} in this document",
                           lambda: self.mark_requested.emit(RedactionMark(KEEP, text=thing)))

    def _rerender(self) -> None:
        self.text.clear()
        self._base.clear()
        self._texts.clear()
        if self.doc is None:
            return
        masked = self.redacted.isChecked()
        self.title.setText(self._masked_name() if masked else self.doc.name)
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
        state = self.state
        for f in self.findings:
            fmt = QTextCharFormat()
            if state is not None and state.is_kept(f):
                fmt.setFontStrikeOut(True)
                fmt.setToolTip(f"{pretty(f.type)} · kept by you: not redacted · click to"
                               " redact it again")
            else:
                fmt.setBackground(color_for(f.type))
                fmt.setToolTip(f"{pretty(f.type)} · score {f.score:.2f} · click for options")
            self._select(f.page, f.start, f.end).mergeCharFormat(fmt)
        for t in state.text_plan.targets if state is not None and state.terms else []:
            if t.type == MANUAL:
                fmt = QTextCharFormat()
                fmt.setBackground(color_for(MANUAL))
                fmt.setToolTip("Redacted by you wherever it occurs · click for options")
                self._select(t.page, t.start, t.end).mergeCharFormat(fmt)
        self.text.moveCursor(QTextCursor.MoveOperation.Start)
        if self.highlighted:
            self.highlight(self.highlighted)
        if self.images.rendered:
            self.images.paint(self.image_marks(masked), masked)
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
                self.images.show_pages(rendered, len(self.doc.pages),
                                       self.image_marks(masked), masked)

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
        state, loc = self.state, self.location(position)
        if f is not None:
            term = self._source(f.page, f.start, f.end).strip()
            menu.addSection(pretty(f.type))
            kept = state.kept.get(state.text_of(f).casefold()) if state else None
            if kept is not None:
                menu.addAction(f"Redact {_quoted(term)} again in this document",
                               lambda: self.unmark_requested.emit(kept.id))
            elif state is not None and f in state.findings:
                self._offer(menu, "found", " ".join(term.split()))
            menu.addAction(f"Not PII: {_quoted(term)}",
                           lambda: self.list_change_requested.emit("allow", term))
            menu.addAction(f"Always redact {_quoted(term)}",
                           lambda: self.list_change_requested.emit("deny", term))
        term_mark = state.term_at(*loc) if state is not None and loc else None
        if term_mark is not None:
            self._offer(menu, "term", term_mark)
        if selection is not None:
            a, b = self.location(selection[0]), self.location(selection[1])
            term = self._source(a[0], a[1], b[1]).strip() if a and b and a[0] == b[0] else ""
            if term and (f is None or term != self._source(f.page, f.start, f.end).strip()):
                phrase = " ".join(term.split())
                menu.addSection("Redaction")
                menu.addAction(f"Redact all occurrences of {_quoted(phrase)} in this document",
                               lambda: self.mark_requested.emit(RedactionMark(TERM, text=phrase)))
                if "\n" not in term:
                    menu.addAction(f"Always redact {_quoted(term)} in this workspace",
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
