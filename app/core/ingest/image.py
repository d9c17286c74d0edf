"""Images (PNG, JPEG, TIFF including multi-page, GIF, BMP): every page goes through OCR."""

from __future__ import annotations

import pymupdf

from app.core.documents import Document, Page
from app.core.errors import UnreadableDocument

from .limits import Limits
from .ocr import ocr_page
from .pdf import check_page_count, make_page

_DPI_RANGE = (70, 600)


def parse_image(
    data: bytes, name: str, sha256: str, subtype: str, *, ocr_language: str, limits: Limits
) -> Document:
    try:
        img = pymupdf.open(stream=data, filetype=subtype)
        check_page_count(img, name, limits)
        pixel_sizes = [_pixels(img[i]) for i in range(img.page_count)]
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise UnreadableDocument(
            f"'{name}' is a damaged or truncated {subtype.upper()} image "
            f"({str(exc)[:120] or type(exc).__name__})."
        ) from None
    for i, (w, h) in enumerate(pixel_sizes):
        # Checked before decoding: a 100,000 x 100,000 PNG is a few KB on disk and 30 GB in RAM.
        if w * h > limits.max_pixels:
            raise UnreadableDocument(
                f"'{name}' page {i + 1} is {w:,} x {h:,} pixels, "
                f"over the {limits.max_pixels // 1_000_000} MP limit."
            )
    try:
        # As a one-image-per-page PDF, both OCR engines and the page geometry work the same way.
        doc = scan_as_pdf(img)
    except Exception as exc:
        raise UnreadableDocument(
            f"'{name}' is a damaged {subtype.upper()} image and could not be decoded "
            f"({str(exc)[:120]})."
        ) from None
    pages: list[Page] = []
    for i in range(doc.page_count):
        page = doc[i]
        w_px = pixel_sizes[i][0]
        dpi = int(w_px / (page.rect.width / 72)) if page.rect.width else 150
        dpi = max(_DPI_RANGE[0], min(_DPI_RANGE[1], dpi))  # native resolution: no resampling
        words, conf = ocr_page(
            page, language=ocr_language, dpi=dpi, name=name, timeout_s=limits.timeout_s
        )
        pages.append(make_page(page, i, words, ocr=True, conf=conf))
    meta = {"format": subtype, "pixels": [list(s) for s in pixel_sizes]}
    return Document(
        name=name, kind="image", pages=pages, sha256=sha256, size=len(data), metadata=meta
    )


def scan_as_pdf(img: pymupdf.Document) -> pymupdf.Document:
    """A scan as the one-image-per-page PDF that OCR reads: OCR word boxes are in this PDF's
    page space, so page images and redaction open a stored scan the same way."""
    return pymupdf.open("pdf", img.convert_to_pdf())


def open_scan(data: bytes) -> pymupdf.Document:
    """`scan_as_pdf` of an image file's bytes (its decoded pages are not kept)."""
    img = pymupdf.open(stream=data)
    try:
        return scan_as_pdf(img)
    finally:
        img.close()


def _pixels(page: pymupdf.Page) -> tuple[int, int]:
    infos = page.get_image_info()
    if not infos:
        raise ValueError("no image data")
    return int(infos[0]["width"]), int(infos[0]["height"])
