"""From findings and a reviewer's marks to the rectangles to black out, and what must be gone.

Everything is computed on the ingested `Document` (its `Page.text` and the `Word` boxes built
from the same text layer or OCR): a finding's character range names words, and the words carry
their boxes. No offset is ever applied to a differently built string (the defect of issue 17:
offsets into the ingest's text were applied to `page.get_text()`, which lays out blank lines
differently, so every box drifted and names were published).

Each identifier's text is also searched in every page (case-insensitive, across line breaks, on
word boundaries): a name printed in the header and again in the signature is redacted twice, and
the fail-closed check can then demand that the text is nowhere in the output. Texts with fewer
than two letters or digits (an initial "J") are redacted where found only: every standalone "J"
of a document is not an identifier.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

from app.core.documents import Document, Finding, Page
from app.core.errors import RedactionError

from .marks import BOX, KEEP, MANUAL, TERM, RedactionMark, normalize

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Area:
    """A rectangle to black out on a page. `part` is the piece of the word's text to remove
    when the identifier covers only part of a word ("MRN:00123456"), else "", and `share` the
    covered fraction of the word's characters (the fallback where no text layer can say where
    the piece is, as on an OCR'd scan)."""

    page: int
    rect: Rect
    part: str = ""
    share: tuple[float, float] = (0.0, 1.0)
    word: str = ""  # the whole word, where `part` is a piece of it


@dataclass
class Target:
    """One occurrence of something that must be gone: an identifier's text at a place, or a
    drawn box (text "")."""

    type: str
    text: str
    page: int
    areas: list[Area]
    start: int = -1  # its characters in `Page.text` (-1 for a drawn box)
    end: int = -1

    def tokens(self) -> list[str]:
        """Its words as the check compares them: case-folded, punctuation stripped, >= 2 chars."""
        return [t for t in (bare_word(w) for w in self.text.split()) if len(t) >= 2]


@dataclass
class RedactionPlan:
    targets: list[Target] = field(default_factory=list)
    # Texts that must appear nowhere in the output (case-folded, normalized) → their type.
    absent: dict[str, str] = field(default_factory=dict)

    @property
    def areas(self) -> list[Area]:
        seen: dict[tuple[int, Rect, str], Area] = {}
        for t in self.targets:
            for a in t.areas:
                seen.setdefault((a.page, a.rect, a.part), a)
        return sorted(seen.values(), key=lambda a: (a.page, a.rect[1], a.rect[0], a.part))

    def counts(self) -> dict[str, int]:
        """Redacted occurrences by type: what the export's audit entry lists."""
        out: dict[str, int] = {}
        for t in self.targets:
            out[t.type] = out.get(t.type, 0) + 1
        return dict(sorted(out.items()))


def bare_word(word: str) -> str:
    return "".join(ch for ch in word.casefold() if ch.isalnum())


def _searchable(text: str) -> bool:
    return sum(ch.isalnum() for ch in text) >= 2


def phrase_pattern(text: str) -> regex.Pattern[str]:
    """`text` anywhere, whatever white space separates its words, not inside a longer word."""
    words = normalize(text).split(" ")
    body = r"\s+".join(regex.escape(w) for w in words)
    head = r"(?<![\w])" if words[0][:1].isalnum() else ""
    tail = r"(?![\w])" if words[-1][-1:].isalnum() else ""
    return regex.compile(head + body + tail, regex.IGNORECASE | regex.V1)


def _areas(page: Page, start: int, end: int) -> list[Area]:
    """The word boxes covering characters [start, end) of the page; a word covered in part
    carries the covered piece so the PDF side can narrow its box."""
    out = []
    for w in page.words:
        if w.start < end and start < w.end:
            lo, hi = max(start, w.start), min(end, w.end)
            piece = page.text[lo:hi].strip()
            if not piece:
                continue
            rect = (w.x0, w.y0, w.x1, w.y1)
            if lo <= w.start and hi >= w.end:
                out.append(Area(page.number, rect))
            else:
                n = max(1, w.end - w.start)
                out.append(Area(page.number, rect, piece, ((lo - w.start) / n, (hi - w.start) / n),
                                page.text[w.start:w.end]))
    return out


def _one_bar(areas: list[Area]) -> list[Area]:
    """Whole words of one identifier on one line, one word space apart, become one bar, as
    redaction tools draw it (the gaps between word boxes would only restate the word lengths).
    A wider gap is left alone: it is often a run of space glyphs set in another font size, and
    MuPDF shifts the rest of the line when it removes those (PyMuPDF #2957, still in 1.28)."""
    out: list[Area] = []
    for a in areas:
        prev = out[-1] if out else None
        gap = a.rect[0] - prev.rect[2] if prev is not None else 0.0
        if (prev is not None and not a.part and not prev.part
                and -1 <= gap <= 0.5 * (a.rect[3] - a.rect[1])
                and _overlap(prev.rect, a.rect) >= 0.5):
            p, r = prev.rect, a.rect
            out[-1] = Area(a.page, (p[0], min(p[1], r[1]), max(p[2], r[2]), max(p[3], r[3])))
        else:
            out.append(a)
    return out


def _overlap(a: Rect, b: Rect) -> float:
    """Vertical overlap of two boxes as a share of the shorter one's height."""
    inter = min(a[3], b[3]) - max(a[1], b[1])
    return inter / max(1e-6, min(a[3] - a[1], b[3] - b[1]))


def plan_redaction(doc: Document, findings: Sequence[Finding],
                   marks: Iterable[RedactionMark] = (), *, boxes: bool = True) -> RedactionPlan:
    """What to black out in `doc`. Raises RedactionError when an identifier cannot be placed
    on its page (no word boxes under it): the export must fail rather than leave it.
    `boxes=False` plans text only (a redacted text export; documents without page geometry)."""
    marks = list(marks)
    pages = {p.number: p for p in doc.pages}
    kept = {normalize(m.text).casefold() for m in marks if m.kind == KEEP}
    plan = RedactionPlan()
    # (type, text, page, start, end): each finding's own place, then every other occurrence.
    spots: dict[tuple[int, int, int], tuple[str, str]] = {}
    phrases: dict[str, str] = {}  # case-folded text → type, in first-seen order
    for f in sorted(findings, key=lambda f: (f.page, f.start, f.end, f.type)):
        page = pages.get(f.page)
        if page is None:
            raise RedactionError(f"An identifier points at page {f.page}, which the document"
                                 " lacks.")
        text = normalize(page.text[f.start:f.end])
        if not text or text.casefold() in kept:
            continue
        spots.setdefault((f.page, f.start, f.end), (f.type, text))
        if _searchable(text):
            phrases.setdefault(text.casefold(), f.type)
    for m in marks:
        if m.kind == TERM and normalize(m.text).casefold() not in kept:
            phrases.setdefault(normalize(m.text).casefold(), m.type or MANUAL)
    for phrase, kind in phrases.items():
        pattern = phrase_pattern(phrase)
        found = False
        for page in doc.pages:
            for hit in pattern.finditer(page.text):
                found = True
                spots.setdefault((page.number, hit.start(), hit.end()),
                                 (kind, normalize(hit.group())))
        if found or kind != MANUAL:  # a typed term the document lacks has nothing to check
            plan.absent[phrase] = kind
    for (number, start, end), (kind, text) in sorted(spots.items()):
        areas = _one_bar(_areas(pages[number], start, end)) if boxes else []
        if boxes and not areas:
            raise RedactionError(f"An identifier on page {number} could not be placed on the"
                                 " page, so the redacted export was not written.")
        plan.targets.append(Target(kind, text, number, areas, start, end))
    for m in marks:
        if m.kind == BOX and boxes:
            if m.page not in pages:
                raise RedactionError(f"A drawn box points at page {m.page}, which the document"
                                     " lacks.")
            x0, y0, x1, y1 = m.rect  # type: ignore[misc]
            rect = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            plan.targets.append(Target(m.type or MANUAL, "", m.page, [Area(m.page, rect)]))
    return plan
