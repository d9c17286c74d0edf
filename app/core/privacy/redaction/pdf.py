"""Apply a redaction plan to a PDF (or a scan, as a one-image-per-page PDF) with PyMuPDF.

The text under each box is removed, not covered, and so are the image pixels under it (a
scanned page, a signature). Then what else can carry identifiers is scrubbed: document and XMP
metadata, annotations, form fields, embedded files, links, the outline. The output is then
checked by `verify.check_output`, and nothing is returned unless it passes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pymupdf

from app.core.documents import Document, Finding, Page
from app.core.errors import RedactionError
from app.core.ingest.image import open_scan

from .geometry import Rows, overlaps
from .marks import RedactionMark
from .plan import Area, RedactionPlan, plan_redaction
from .verify import Leak, check_output, find_leaks


@dataclass(frozen=True)
class RedactedPdf:
    data: bytes
    counts: dict[str, int]  # redacted occurrences by type (for the audit entry)
    flattened: int = 0  # pages written as images: their text layer could not be redacted


def open_source(original: bytes, kind: str) -> pymupdf.Document:
    """The original as a PDF: a PDF as is; a scan as the one-image-per-page PDF that the
    ingest step OCR'd (so the OCR's word boxes are in this PDF's page space)."""
    try:
        if kind == "pdf":
            src = pymupdf.open(stream=original, filetype="pdf")
        elif kind == "image":
            src = open_scan(original)
        else:
            raise RedactionError("Only PDFs and scanned images can be exported as a redacted"
                                 " PDF; export the redacted text instead.")
    except RedactionError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parse failure means no redacted copy
        raise RedactionError("The original file could not be opened again.") from exc
    if src.needs_pass:
        src.close()
        raise RedactionError("The PDF is password-protected, so a redacted copy cannot be"
                             " written from it; save an unprotected copy and add that.")
    return src


def _narrow(page: pymupdf.Page, area: Area) -> list[pymupdf.Rect]:
    """The box for the covered piece of a word: where the text layer prints it, else the
    word's box cut by its share of characters, widened by one character on each side."""
    word = pymupdf.Rect(area.rect)
    if not area.part:
        return [word]
    lo, hi = area.share
    expected = word.x0 + word.width * (lo + hi) / 2
    hits = [r for r in page.search_for(area.part, clip=word + (-1, -1, 1, 1))
            if r.intersects(word)]
    if hits:
        # One match can come back as several rectangles (a word set in small capitals is
        # runs of two sizes), so a piece that occurs once in the word is all of them; one
        # that occurs twice ("1" of "EX-10.1") is the rectangle at its place.
        if area.word.casefold().count(area.part.casefold()) <= 1:
            r = pymupdf.Rect(hits[0])
            for h in hits[1:]:
                r |= h
        else:
            r = min(hits, key=lambda h: abs((h.x0 + h.x1) / 2 - expected))
        return [r | pymupdf.Rect(r.x0, word.y0, r.x1, word.y1)]
    n = max(1.0, len(area.part) / max(hi - lo, 1e-6))  # the word's length in characters
    pad = 1.0 / n
    x0 = word.x0 + word.width * max(0.0, lo - pad)
    x1 = word.x0 + word.width * min(1.0, hi + pad)
    return [pymupdf.Rect(x0, word.y0, x1, word.y1)]


def narrow(src: pymupdf.Document, plan: RedactionPlan) -> RedactionPlan:
    """The plan with every part-word area cut to the piece's own box on the page, so the
    boxes drawn and the boxes checked afterwards are the same."""
    out = RedactionPlan(absent=dict(plan.absent))
    for t in plan.targets:
        areas = []
        for a in t.areas:
            if a.part and 1 <= a.page <= src.page_count:
                areas += [Area(a.page, tuple(r)) for r in _narrow(src[a.page - 1], a)]
            else:
                areas.append(a)
        out.targets.append(replace(t, areas=areas))
    return out


def _scrub(doc: pymupdf.Document, plan: RedactionPlan) -> None:
    doc.set_metadata({})
    doc.del_xml_metadata()
    for name in list(doc.embfile_names()):
        doc.embfile_del(name)
    absent = list(plan.absent)
    if any(any(p in title.casefold() for p in absent) for _lvl, title, *_ in doc.get_toc()):
        doc.set_toc([])  # an outline entry naming the patient: the outline goes
    boxes: dict[int, list[pymupdf.Rect]] = {}
    for a in plan.areas:
        boxes.setdefault(a.page, []).append(pymupdf.Rect(a.rect))
    for page in doc:
        for widget in list(page.widgets() or []):
            page.delete_widget(widget)
        for annot in list(page.annots() or []):
            page.delete_annot(annot)
        mine = boxes.get(page.number + 1, [])
        for link in page.get_links():
            uri = str(link.get("uri") or "").casefold()
            if any(p.replace(" ", "") in uri.replace("%20", "") for p in absent) or any(
                    pymupdf.Rect(link["from"]).intersects(b) for b in mine):
                page.delete_link(link)


def apply_plan(src: pymupdf.Document, plan: RedactionPlan) -> bytes:
    """Black out the (narrowed) plan's areas in `src`, modified in place; the saved bytes."""
    by_page: dict[int, list[Area]] = {}
    for a in plan.areas:
        by_page.setdefault(a.page, []).append(a)
    for number, areas in sorted(by_page.items()):
        if not 1 <= number <= src.page_count:
            raise RedactionError(f"A redaction points at page {number}, which the PDF lacks.")
        page = src[number - 1]
        for area in areas:
            page.add_redact_annot(pymupdf.Rect(area.rect), fill=(0, 0, 0))
        # Text under the boxes is removed; image pixels under them too (a scan, a signature).
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS)
    _scrub(src, plan)
    # garbage=4 drops the objects that held the removed text; no_new_id keeps the output a
    # function of its input, so every front end writes the same bytes for the same document.
    return src.tobytes(garbage=4, deflate=True, clean=True, no_new_id=True)


_FLATTEN_DPI = 200


def _moved(before: Page, after: pymupdf.Page, areas: list[Area]) -> bool:
    """Did removing text move the text that stayed? MuPDF sometimes re-sets the rest of a line
    after the glyphs it removed (PyMuPDF #2957, #3278; still in 1.28): words then sit under the
    boxes or off their place. Every word clear of the boxes must be where it was."""
    boxes = Rows((tuple(a.rect), None) for a in areas)
    placed: dict[str, list[tuple[float, float]]] = {}
    for w in after.get_textpage(flags=pymupdf.TEXTFLAGS_WORDS).extractWORDS():
        placed.setdefault(str(w[4]), []).append((w[0], w[1]))
    for w in before.words:
        box = (w.x0 - 0.5, w.y0 - 0.5, w.x1 + 0.5, w.y1 + 0.5)
        text = before.text[w.start:w.end]
        if not text.strip() or any(overlaps(box, b) for b, _ in boxes.near(box)):
            continue
        if not any(abs(x - w.x0) < 1 and abs(y - w.y0) < 1 for x, y in placed.get(text, ())):
            return True
    return False


def flatten_pages(original: bytes, kind: str, data: bytes, plan: RedactionPlan,
                  pages: set[int]) -> bytes:
    """Replace `pages` of the redacted `data` by images of the original pages with the plan's
    boxes burnt in: no text layer left to get wrong. The fallback where MuPDF's text removal
    cannot be shown to have worked on a page."""
    src = open_source(original, kind)
    out = pymupdf.open(stream=data, filetype="pdf")
    try:
        zoom = pymupdf.Matrix(_FLATTEN_DPI / 72, _FLATTEN_DPI / 72)
        for number in sorted(pages):
            page = src[number - 1]
            rotation = page.rotation
            page.set_rotation(0)  # render in the space the word boxes are in
            pix = page.get_pixmap(matrix=zoom, alpha=False, annots=False)  # as scrubbed
            for a in plan.areas:
                if a.page == number:
                    box = (pymupdf.Rect(a.rect) * zoom + (-1, -1, 1, 1)).irect & pix.irect
                    if not box.is_empty:
                        pix.set_rect(box, (0, 0, 0))
            out.delete_page(number - 1)
            flat = out.new_page(number - 1, width=page.rect.width, height=page.rect.height)
            flat.insert_image(flat.rect, pixmap=pix)
            flat.set_rotation(rotation)
        return out.tobytes(garbage=4, deflate=True, clean=True, no_new_id=True)
    finally:
        out.close()
        src.close()


def redact_document(original: bytes, doc: Document, findings: Sequence[Finding],
                    marks: Iterable[RedactionMark] = (), *,
                    ocr_language: str = "eng") -> RedactedPdf:
    """The redacted PDF of an ingested document: the one path every front end takes.

    `doc` must be the ingest of exactly `original` (its page text and word boxes are what the
    findings' offsets index). Raises RedactionError, writing nothing, if any identifier, any
    word of one, or anything under a drawn box is still readable in the output.
    """
    if Document.digest(original) != doc.sha256:
        raise RedactionError("The stored page text does not belong to this file, so the"
                             " redaction boxes cannot be placed; process the file again.")
    marks = list(marks)
    plan = plan_redaction(doc, findings, marks)
    src = open_source(original, doc.kind)
    try:
        if src.page_count != len(doc.pages):
            raise RedactionError("The file's pages differ from the stored ones; process the"
                                 " file again.")
        plan = narrow(src, plan)
        data = apply_plan(src, plan)
    finally:
        src.close()
    leaks = find_leaks(data, plan, doc, ocr=False)
    flat = _pages_to_flatten(data, plan, doc, leaks)
    if flat:
        data = flatten_pages(original, doc.kind, data, plan, flat)
    if flat or any(p.ocr for p in doc.pages) or leaks:
        # Read again, by OCR where pages are images now; a text layer that held and has no
        # scans in it was read in full above.
        check_output(data, plan, doc, ocr_language=ocr_language, scanned=flat)
    return RedactedPdf(data, plan.counts(), len(flat))


def _pages_to_flatten(data: bytes, plan: RedactionPlan, doc: Document,
                      leaks: list[Leak]) -> set[int]:
    """Pages whose text layer still shows something (`leaks`, read without OCR), or whose
    remaining text moved."""
    pages = {leak.page for leak in leaks if leak.page}
    out = pymupdf.open(stream=data, filetype="pdf")
    try:
        by_page: dict[int, list[Area]] = {}
        for a in plan.areas:
            by_page.setdefault(a.page, []).append(a)
        for number, areas in by_page.items():
            if number not in pages and not doc.pages[number - 1].ocr and _moved(
                    doc.pages[number - 1], out[number - 1], areas):
                pages.add(number)
    finally:
        out.close()
    return pages


