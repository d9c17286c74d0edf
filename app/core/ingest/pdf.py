"""PDFs: the text layer with word boxes, OCR for pages that have none, passwords, bombs."""

from __future__ import annotations

import time
from typing import Any

import pymupdf

from app.core.documents import Document, Page, Word
from app.core.errors import PasswordRequired, UnreadableDocument

from .layout import words_to_text
from .limits import Limits
from .ocr import ocr_page

# A page needs OCR when its text layer is this thin *and* it shows an image: a scan with a
# stamped page number still gets OCR'd, a nearly blank born-digital page does not.
_MIN_TEXT_CHARS = 20
_MAX_GARBAGE = 0.3  # share of U+FFFD: fonts without a Unicode map yield unusable text
_OCR_DPI_DEFAULT = 300
_OCR_DPI_RANGE = (150, 400)
_WORD_FLAGS = pymupdf.TEXTFLAGS_WORDS  # what page.get_text("words") uses


def open_pdf(
    data: bytes, name: str, password: str | None, filetype: str = "pdf"
) -> pymupdf.Document:
    try:
        doc = pymupdf.open(stream=data, filetype=filetype)
    except Exception as exc:  # MuPDF raises FileDataError/RuntimeError with its own wording
        raise UnreadableDocument(
            f"'{name}' is damaged or truncated and could not be opened ({_short(exc)})."
        ) from None
    if doc.needs_pass:
        if password is None:
            raise PasswordRequired(
                f"'{name}' is password-protected; give the password with --password."
            )
        if not doc.authenticate(password):
            raise PasswordRequired(
                f"The password given for '{name}' is wrong; try again with the right one."
            )
    return doc


def parse_pdf(
    data: bytes, name: str, sha256: str, *, password: str | None, ocr_language: str, limits: Limits
) -> Document:
    doc = open_pdf(data, name, password)
    started = time.monotonic()
    check_page_count(doc, name, limits)
    pages: list[Page] = []
    warnings: list[str] = []
    chars = 0
    for i in range(doc.page_count):
        try:
            page = doc[i]
            # One text page, its words extracted once: the text, offsets and boxes all come
            # from them (a second get_text() pass would cost as much as the baseline again).
            words = page.get_textpage(flags=_WORD_FLAGS).extractWORDS()
            text, boxes = words_to_text(words)
            if _needs_ocr(page, text):
                remaining = max(1.0, limits.timeout_s - (time.monotonic() - started))
                words, conf = ocr_page(
                    page,
                    language=ocr_language,
                    dpi=ocr_dpi(page, limits),
                    name=name,
                    timeout_s=remaining,
                )
                pages.append(make_page(page, i, words, ocr=True, conf=conf))
            else:
                pages.append(_page(page, i, text, boxes, ocr=False, conf=None))
        except UnreadableDocument:
            raise
        except Exception as exc:  # one broken page should not lose the rest of the document
            warnings.append(f"page {i + 1} could not be read ({_short(exc)})")
            pages.append(Page(number=i + 1, text=""))
        chars += len(pages[-1].text)
        if chars > limits.max_chars:
            raise UnreadableDocument(
                f"'{name}' holds more than {limits.max_chars:,} characters of text, over the limit."
            )
    if pages and len(warnings) == len(pages):
        raise UnreadableDocument(
            f"'{name}' is damaged: none of its {len(pages)} pages could be read."
        )
    meta: dict[str, Any] = {
        "encrypted": bool(doc.is_encrypted or password),
        "ocr_pages": [p.number for p in pages if p.ocr],
    }
    if doc.is_repaired:
        warnings.insert(
            0, "the file was damaged and has been repaired; some content may be missing"
        )
    if warnings:
        meta["warnings"] = warnings
    return Document(
        name=name, kind="pdf", pages=pages, sha256=sha256, size=len(data), metadata=meta
    )


def check_page_count(doc: pymupdf.Document, name: str, limits: Limits) -> None:
    if doc.page_count == 0:
        raise UnreadableDocument(f"'{name}' has no pages.")
    if doc.page_count > limits.max_pages:
        raise UnreadableDocument(
            f"'{name}' has {doc.page_count:,} pages, over the {limits.max_pages:,}-page limit."
        )


def make_page(
    page: pymupdf.Page, index: int, words: list[Any], *, ocr: bool, conf: float | None
) -> Page:
    text, boxes = words_to_text(words)
    return _page(page, index, text, boxes, ocr=ocr, conf=conf)


def _page(
    page: pymupdf.Page,
    index: int,
    text: str,
    boxes: list[Word],
    *,
    ocr: bool,
    conf: float | None,
) -> Page:
    # Boxes are in unrotated page space (PyMuPDF's text coordinates), so report that size too.
    box = page.rect * page.derotation_matrix
    return Page(
        number=index + 1,
        text=text,
        ocr=ocr,
        ocr_confidence=conf,
        width=box.width,
        height=box.height,
        words=boxes,
    )


def _needs_ocr(page: pymupdf.Page, text: str) -> bool:
    """`text` is the page text built from its words; separators are not counted as text."""
    chars = len(text) - text.count(" ") - text.count("\n")
    if chars and text.count("\ufffd") / chars > _MAX_GARBAGE:
        return True
    if chars >= 4 * _MIN_TEXT_CHARS:
        return False  # plainly enough text; skip the per-character count on busy pages
    useful = sum(1 for c in text if c.isalnum())
    return useful < _MIN_TEXT_CHARS and bool(page.get_images(full=False))


def ocr_dpi(page: pymupdf.Page, limits: Limits) -> int:
    """Render at the scan's own resolution (clamped), and never above the pixel limit."""
    dpi = _OCR_DPI_DEFAULT
    infos = page.get_image_info()
    if infos:
        big = max(infos, key=lambda i: abs(pymupdf.Rect(i["bbox"])))
        width_pt = pymupdf.Rect(big["bbox"]).width
        if width_pt > 0 and big.get("width"):
            dpi = int(big["width"] / (width_pt / 72))
    dpi = max(_OCR_DPI_RANGE[0], min(_OCR_DPI_RANGE[1], dpi))
    area_in2 = (page.rect.width / 72) * (page.rect.height / 72)
    if area_in2 * dpi * dpi > limits.max_pixels:
        dpi = max(36, int((limits.max_pixels / max(area_in2, 1e-6)) ** 0.5))
    return dpi


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
