"""Page images for PDFs and scans, with the redaction boxes drawn where the export puts them.

Rendering runs on the "pdf" lane (one thread: PyMuPDF is not safe to use from several threads
at once) and returns plain data: a `QImage` per page (QImage, unlike QPixmap, may be built off
the GUI thread) and the matrix from page space to image pixels. Boxes are drawn on the GUI
thread from plain `Mark`s in page points, so a list change, a reviewer's mark or the redacted
toggle repaints without rendering again. In review mode a drag on a page draws a new box
(`box_drawn`) and a click reports the point (`clicked`); the document view decides what a
click on a mark offers. The bytes were already parsed once by the ingest sandbox; pages are
capped so a huge document cannot eat the machine's memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QRubberBand, QScrollArea, QVBoxLayout, QWidget

from app.core.documents import Finding, Page
from app.core.errors import PageImageError
from app.ui.pii_colors import color_for

ZOOM = 1.5  # 108 dpi: readable at laptop sizes, ~3 MB per A4 page in memory
MAX_PAGES = 40
KINDS = ("pdf", "image")
_DRAG = 4  # pixels a press must move to be a drag, not a click

Matrix = tuple[float, float, float, float, float, float]  # PyMuPDF's (a, b, c, d, e, f)
Box = tuple[float, float, float, float]


@dataclass
class RenderedPage:
    number: int
    image: QImage
    matrix: Matrix  # unrotated page points → image pixels


@dataclass(frozen=True)
class Mark:
    """A box to draw: page points, its type, and how: "found" (detected), "manual" (added by
    the reviewer), "kept" (detected, but the reviewer keeps it: outline only)."""

    page: int
    rect: Box
    type: str
    style: str = "found"


def render_pages(original: bytes, kind: str, pages: int, zoom: float = ZOOM) -> list[RenderedPage]:
    """Render the first `pages` pages (at most MAX_PAGES); blocking, so run it in a worker."""
    # deferred: PyMuPDF (and the ingest that opens scans with it) only when pages are shown
    import pymupdf

    from app.core.ingest.image import open_scan

    # A scan: the same one-image-per-page PDF the ingest step OCR'd.
    src = pymupdf.open(stream=original, filetype="pdf") if kind == "pdf" else open_scan(original)
    try:
        if src.needs_pass:
            raise PageImageError("This PDF is password-protected, so only its text is shown.")
        out = []
        for i in range(min(pages, MAX_PAGES, src.page_count)):
            page = src[i]
            pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
            image = QImage(pix.samples, pix.width, pix.height, pix.stride,
                           QImage.Format.Format_RGB888).copy()  # own the pixels
            m = page.rotation_matrix * pymupdf.Matrix(zoom, zoom)
            out.append(RenderedPage(i + 1, image, (m.a, m.b, m.c, m.d, m.e, m.f)))
        return out
    finally:
        src.close()


def to_pixels(rect: Box, m: Matrix) -> QRectF:
    a, b, c, d, e, f = m
    corners = [(rect[0], rect[1]), (rect[2], rect[3])]
    xs = [a * x + c * y + e for x, y in corners]
    ys = [b * x + d * y + f for x, y in corners]
    return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def to_page(x: float, y: float, m: Matrix) -> tuple[float, float]:
    """Image pixel → unrotated page point (the inverse of `m`)."""
    a, b, c, d, e, f = m
    det = a * d - b * c
    return (d * (x - e) - c * (y - f)) / det, (-b * (x - e) + a * (y - f)) / det


def word_marks(page: Page, findings: list[Finding], style: str = "found") -> list[Mark]:
    """A mark per word each finding covers (the finding's type)."""
    out = []
    for fd in findings:
        for w in page.words:
            if w.start < fd.end and fd.start < w.end:
                out.append(Mark(page.number, (w.x0, w.y0, w.x1, w.y1), fd.type, style))
    return out


def boxes(page: Page, findings: list[Finding], m: Matrix) -> list[tuple[QRectF, str]]:
    """Image-pixel rectangles of the words each finding covers, with the finding's type."""
    return [(to_pixels(mk.rect, m), mk.type) for mk in word_marks(page, findings)]


class PageLabel(QLabel):
    """One page: a drag draws a box (review mode), a click reports where."""

    box_drawn = Signal(int, tuple)  # page, (x0, y0, x1, y1) in page points
    clicked = Signal(int, float, float, QPoint)  # page, x, y in page points, global position

    def __init__(self, page: RenderedPage, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page, self.scale = page, scale  # scale: shown pixels per rendered pixel
        self.reviewing = False
        self._origin: QPoint | None = None
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self)

    def _page_point(self, p: QPoint) -> tuple[float, float]:
        return to_page(p.x() / self.scale, p.y() / self.scale, self.page.matrix)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._origin = event.position().toPoint()
            if self.reviewing:
                self._band.setGeometry(QRect(self._origin, QSize()))
                self._band.show()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._origin is not None and self.reviewing:
            self._band.setGeometry(QRect(self._origin, event.position().toPoint()).normalized())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        origin, self._origin = self._origin, None
        self._band.hide()
        if origin is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(event)
        end = event.position().toPoint()
        if self.reviewing and (end - origin).manhattanLength() >= _DRAG:
            (x0, y0), (x1, y1) = self._page_point(origin), self._page_point(end)
            self.box_drawn.emit(self.page.number, (min(x0, x1), min(y0, y1),
                                                   max(x0, x1), max(y0, y1)))
        else:
            x, y = self._page_point(end)
            self.clicked.emit(self.page.number, x, y, event.globalPosition().toPoint())
        return None


class PageImages(QScrollArea):
    box_drawn = Signal(int, tuple)  # from any page: page, rect in page points
    clicked = Signal(int, float, float, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageImages")
        self.setWidgetResizable(True)
        self.rendered: list[RenderedPage] = []
        self.drawn_boxes = 0  # how many boxes the last paint drew (tests, accessibility)
        self.reviewing = False
        self.labels: list[PageLabel] = []
        self._box = QWidget()
        self._layout = QVBoxLayout(self._box)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(objectName="muted", wordWrap=True)
        self._layout.addWidget(self.message)
        self.setWidget(self._box)

    def clear(self, message: str = "") -> None:
        self.rendered = []
        self.drawn_boxes = 0
        self._drop_labels()
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def _drop_labels(self) -> None:
        self.labels = []
        while self._layout.count() > 1:
            item = self._layout.takeAt(1)
            if item.widget():
                item.widget().deleteLater()

    def set_reviewing(self, on: bool) -> None:
        self.reviewing = on
        for label in self.labels:
            label.reviewing = on
            label.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)

    def show_pages(self, rendered: list[RenderedPage], pages: int, marks: list[Mark],
                   masked: bool) -> None:
        self.clear()
        self.rendered = rendered
        if pages > len(rendered):
            self.message.setText(f"Showing the first {len(rendered)} of {pages} pages.")
            self.message.show()
        self.paint(marks, masked)

    def paint(self, marks: list[Mark], masked: bool) -> None:
        """(Re)draw the boxes: translucent by type, or solid black in the redacted view; a kept
        identifier as a dashed outline (shown, not redacted)."""
        self._drop_labels()
        self.drawn_boxes = 0
        for r in self.rendered:
            pix = QPixmap.fromImage(r.image)
            painter = QPainter(pix)
            for mk in marks:
                if mk.page != r.number:
                    continue
                rect = to_pixels(mk.rect, r.matrix)
                if mk.style == "kept":
                    if not masked:
                        pen = QPen(color_for(mk.type, 230), 1.5, Qt.PenStyle.DashLine)
                        painter.setPen(pen)
                        painter.setBrush(Qt.BrushStyle.NoBrush)
                        painter.drawRect(rect)
                    continue
                if masked:
                    painter.fillRect(rect, QColor(0, 0, 0))
                else:
                    painter.fillRect(rect, color_for(mk.type, 110))
                    width = 2 if mk.style == "manual" else 1
                    painter.setPen(QPen(color_for(mk.type, 230), width))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(rect)
                self.drawn_boxes += 1
            painter.end()
            fit = self.viewport().width() - 24  # fit the column; never enlarge
            if 100 < fit < pix.width():
                pix = pix.scaledToWidth(fit, Qt.TransformationMode.SmoothTransformation)
            label = PageLabel(r, pix.width() / r.image.width())
            label.setPixmap(pix)
            label.setToolTip(f"Page {r.number}" + (" · drag to add a redaction box"
                                                   if self.reviewing else ""))
            label.box_drawn.connect(self.box_drawn)
            label.clicked.connect(self.clicked)
            self._layout.addWidget(label)
            self.labels.append(label)
        self.set_reviewing(self.reviewing)
