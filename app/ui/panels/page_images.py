"""Page images for PDFs and scans, with identifier boxes drawn from `Page.words`.

Rendering runs on the "pdf" lane (one thread: PyMuPDF is not safe to use from several threads
at once) and returns plain data: a `QImage` per page (QImage, unlike QPixmap, may be built off
the GUI thread) and the matrix from page space to image pixels. Boxes are drawn on the GUI
thread from the findings' character ranges, so a list change or the redacted toggle repaints
without rendering again. The bytes were already parsed once by the ingest sandbox; pages are
capped so a huge document cannot eat the machine's memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from app.core.documents import Document, Finding, Page
from app.ui.pii_colors import color_for

ZOOM = 1.5  # 108 dpi: readable at laptop sizes, ~3 MB per A4 page in memory
MAX_PAGES = 40
KINDS = ("pdf", "image")

Matrix = tuple[float, float, float, float, float, float]  # PyMuPDF's (a, b, c, d, e, f)


class PageImageError(Exception):
    """The page images cannot be shown; `str()` is one sentence."""


@dataclass
class RenderedPage:
    number: int
    image: QImage
    matrix: Matrix  # unrotated page points → image pixels


def render_pages(original: bytes, kind: str, pages: int, zoom: float = ZOOM) -> list[RenderedPage]:
    """Render the first `pages` pages (at most MAX_PAGES); blocking, so run it in a worker."""
    import pymupdf

    src = pymupdf.open(stream=original, filetype="pdf") if kind == "pdf" else None
    if src is None:  # a scan: the same one-image-per-page PDF the ingest step OCR'd
        img = pymupdf.open(stream=original)
        src = pymupdf.open("pdf", img.convert_to_pdf())
        img.close()
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


def boxes(page: Page, findings: list[Finding], m: Matrix) -> list[tuple[QRectF, str]]:
    """Image-pixel rectangles of the words each finding covers, with the finding's type."""
    a, b, c, d, e, f = m
    out = []
    for fd in findings:
        for w in page.words:
            if w.start < fd.end and fd.start < w.end:
                xs = [a * x + c * y + e for x, y in ((w.x0, w.y0), (w.x1, w.y1))]
                ys = [b * x + d * y + f for x, y in ((w.x0, w.y0), (w.x1, w.y1))]
                out.append((QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)),
                            fd.type))
    return out


class PageImages(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageImages")
        self.setWidgetResizable(True)
        self.rendered: list[RenderedPage] = []
        self.drawn_boxes = 0  # how many boxes the last paint drew (tests, accessibility)
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
        while self._layout.count() > 1:
            item = self._layout.takeAt(1)
            if item.widget():
                item.widget().deleteLater()

    def show_pages(self, rendered: list[RenderedPage], doc: Document, findings: list[Finding],
                   masked: bool) -> None:
        self.clear()
        self.rendered = rendered
        if len(doc.pages) > len(rendered):
            self.message.setText(f"Showing the first {len(rendered)} of {len(doc.pages)} pages.")
            self.message.show()
        self.paint(doc, findings, masked)

    def paint(self, doc: Document, findings: list[Finding], masked: bool) -> None:
        """(Re)draw the boxes: translucent by type, or solid black in the redacted view."""
        self._drop_labels()
        pages = {p.number: p for p in doc.pages}
        self.drawn_boxes = 0
        for r in self.rendered:
            pix = QPixmap.fromImage(r.image)
            painter = QPainter(pix)
            mine = [f for f in findings if f.page == r.number]
            for rect, entity in boxes(pages[r.number], mine, r.matrix) if r.number in pages else []:
                color = QColor(0, 0, 0) if masked else color_for(entity, 110)
                painter.setPen(QPen(color_for(entity, 230), 1) if not masked else Qt.PenStyle.NoPen)
                painter.fillRect(rect, color)
                painter.drawRect(rect)
                self.drawn_boxes += 1
            painter.end()
            fit = self.viewport().width() - 24  # fit the column; never enlarge
            if 100 < fit < pix.width():
                pix = pix.scaledToWidth(fit, Qt.TransformationMode.SmoothTransformation)
            label = QLabel()
            label.setPixmap(pix)
            label.setToolTip(f"Page {r.number}")
            self._layout.addWidget(label)
