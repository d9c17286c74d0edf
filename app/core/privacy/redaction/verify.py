"""The fail-closed check of a redacted PDF: read the output back as a stranger would.

The output's own text is extracted again (and, for pages that were scans, the rendered page is
read by OCR), independently of how the boxes were computed. The export is refused if

- any identifier's text is anywhere in it (on word boundaries, across line breaks, any case),
  in the page text, metadata, XMP, annotations, links or outline;
- any word is still under a redaction box (a box that drifted or was cut short);
- a word, or a piece of a word, of an identifier is still right beside one of its boxes ("rs.
  Oko" where "Mrs. Okonkwo-Hale" was: the defect this check exists for).

It checks the plan's promises, not the analyzer: an identifier that was never detected is not
its business (the property test over the dev sets measures detection beside it).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

import pymupdf

from app.core.documents import Document, Page
from app.core.errors import RedactionError
from app.core.ingest.layout import words_to_text
from app.core.ingest.limits import DEFAULT_LIMITS
from app.core.ingest.ocr import ocr_page
from app.core.ingest.pdf import ocr_dpi

from .geometry import Rows, inner, overlaps, side
from .plan import RedactionPlan, Target, bare_word, phrase_pattern

_WORD_FLAGS = pymupdf.TEXTFLAGS_WORDS
_OCR_MAX_DPI = 300


def texts_in(doc: pymupdf.Document) -> list[str]:
    """Every string a reader of the file can get at besides the page text."""
    out = [str(v) for v in (doc.metadata or {}).values() if v]
    out.append(doc.get_xml_metadata() or "")
    out += [str(title) for _lvl, title, *_ in doc.get_toc()]
    for page in doc:
        out += [a.info.get("content", "") for a in page.annots() or []]
        out += [str(w.field_value or "") for w in page.widgets() or []]
        out += [str(link.get("uri") or "") for link in page.get_links()]
    return [t for t in out if t]


def _page_words(page: pymupdf.Page, scanned: bool, ocr_language: str,
                name: str) -> tuple[list[Any], list[Any]]:
    """(text-layer words, OCR words): OCR only for a page that is an image."""
    words = list(page.get_textpage(flags=_WORD_FLAGS).extractWORDS())
    ocr: list[Any] = []
    if scanned:
        dpi = min(_OCR_MAX_DPI, ocr_dpi(page, DEFAULT_LIMITS))
        ocr, _conf = ocr_page(page, language=ocr_language, dpi=dpi, name=name,
                              timeout_s=DEFAULT_LIMITS.timeout_s)
    return words, ocr


def _legit_neighbours(target: Target, page: Page) -> set[str]:
    """What may stand right beside the target's boxes: the words before and after its
    characters in the original text, and the rest of a word it covers only in part ("EX-" of
    "EX-10.1" when "10.1" goes). Found by character position, not by the boxes: boxes that
    drifted would make the target's own words look like neighbours."""
    words = page.words
    starts = [w.start for w in words]
    out: set[str] = set()
    i = bisect_right(starts, target.start) - 1  # the word the target starts in, or before
    for w in words[max(0, i - 1):]:
        if w.start >= target.end:
            out.add(bare_word(page.text[w.start:w.end]))  # the next word
            break
        if w.end <= target.start:
            out.add(bare_word(page.text[w.start:w.end]))  # the word before
            continue
        out.add(bare_word(page.text[w.start:max(w.start, target.start)]))
        out.add(bare_word(page.text[min(w.end, target.end):w.end]))
    return out


def _like_token(bare: str, tokens: list[str]) -> bool:
    return len(bare) >= 3 and any(bare in t or t in bare for t in tokens if len(t) >= 3)


def _left_behind(target: Target, words: Rows[tuple[str, bool]], page: Page) -> str:
    """Something of `target` is still readable: a word under one of its boxes, or right beside
    one its first or last word or a piece of it (a box that drifted or fell short: "Oko"
    before a box where "Okonkwo-Hale" was). The words that stood beside it on the original
    `page` are the text's own: "Contractor or" keeps its "or"."""
    rects = [a.rect for a in target.areas]
    legit: set[str] | None = None  # worked out only when a suspect word is found
    tokens = target.tokens()
    first, last = (tokens[0], tokens[-1]) if tokens else ("", "")
    for r in rects:
        core = inner(r)
        for box, (bare, read) in words.near(r):
            if overlaps(box, core) and (not read or _like_token(bare, tokens)):
                # OCR reads a black bar as a stray "ee" or "|": only a word of the target counts.
                return "under a box"
            if len(bare) < 2 or not tokens:
                continue
            where = side(box, r)
            if (where < 0 and first.startswith(bare)) or (where > 0 and last.endswith(bare)):
                if legit is None:
                    legit = _legit_neighbours(target, page) if target.start >= 0 else set()
                if bare not in legit:
                    return "beside a box"
    return ""


@dataclass(frozen=True)
class Leak:
    """Something the output still shows (kept in memory only: it holds document text)."""

    page: int  # 0: not on a page (metadata, outline, links)
    type: str
    text: str
    why: str  # "text" | "under a box" | "beside a box"


def _output_leaks(out: pymupdf.Document, plan: RedactionPlan, doc: Document,
                  ocr_language: str, scanned: set[int] | None) -> list[Leak]:
    patterns = {text: phrase_pattern(text) for text in plan.absent}
    by_page: dict[int, list[Target]] = {}
    for t in plan.targets:
        by_page.setdefault(t.page, []).append(t)
    leaks: list[Leak] = []
    for page, source in zip(out, doc.pages, strict=True):
        ocr = scanned is not None and (source.ocr or source.number in scanned)
        layer, read = _page_words(page, ocr, ocr_language, doc.name)
        words = layer + read
        text = words_to_text(words)[0] if words else ""
        leaks += [Leak(source.number, plan.absent[t], t, "text")
                  for t, p in patterns.items() if p.search(text)]
        boxes = Rows(((float(w[0]), float(w[1]), float(w[2]), float(w[3])),
                      (bare_word(str(w[4])), k >= len(layer))) for k, w in enumerate(words)
                     if bare_word(str(w[4])))
        for t in by_page.get(source.number, []):
            why = _left_behind(t, boxes, source)
            if why:
                leaks.append(Leak(source.number, t.type, t.text, why))
    extra = "\n".join(texts_in(out))
    leaks += [Leak(0, plan.absent[t], t, "text") for t, p in patterns.items() if p.search(extra)]
    return leaks


def find_leaks(data: bytes, plan: RedactionPlan, doc: Document, *, ocr_language: str = "eng",
               ocr: bool = True, scanned: set[int] = frozenset()) -> list[Leak]:
    """What of `plan` the redacted `data` still shows; [] when the redaction held. Pages that
    were scans, and the pages in `scanned` (flattened to images), are also read by OCR unless
    `ocr` is False (a first, quick look at the text layer only)."""
    try:
        out = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # noqa: BLE001
        raise RedactionError("The redacted PDF could not be read back to check it.") from exc
    try:
        if out.page_count != len(doc.pages) or out.embfile_count():
            raise RedactionError("The redacted PDF does not have the expected structure.")
        return _output_leaks(out, plan, doc, ocr_language, set(scanned) if ocr else None)
    finally:
        out.close()


def check_output(data: bytes, plan: RedactionPlan, doc: Document, *, ocr_language: str = "eng",
                 scanned: set[int] = frozenset()) -> None:
    """Raise RedactionError if the redacted `data` still shows anything `plan` removes. The
    message names pages and types, never the text."""
    leaks = find_leaks(data, plan, doc, ocr_language=ocr_language, scanned=scanned)
    if leaks:
        pages = sorted({leak.page for leak in leaks if leak.page})
        types = sorted({leak.type for leak in leaks})
        where = (f"on page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages))}"
                 if pages else "in the file's metadata")
        raise RedactionError(f"identifiers ({', '.join(types)}) would still be readable {where};"
                             " nothing was written.")
