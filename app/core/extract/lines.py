"""A document seen as lines with page offsets: the unit deterministic extractors work on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.documents import Document, TextSpan


@dataclass(frozen=True)
class Line:
    index: int  # position in the document's line list
    page: int
    start: int  # offset of the line's first non-space character in the page text
    text: str  # the line, stripped

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def span(self, start: int = 0, end: int | None = None) -> TextSpan:
        """The span of `text[start:end]` on the page."""
        end = len(self.text) if end is None else end
        return TextSpan(self.page, self.start + start, self.start + end)


def document_lines(doc: Document) -> list[Line]:
    lines: list[Line] = []
    for page in doc.pages:
        for m in re.finditer(r"[^\n]+", page.text):
            raw = m.group(0)
            stripped = raw.strip()
            if not stripped:
                continue
            lead = len(raw) - len(raw.lstrip())
            lines.append(Line(len(lines), page.number, m.start() + lead, stripped))
    return lines


def find_span(doc: Document, value: str) -> TextSpan | None:
    """Ground a value: the first place it stands in the document, exactly or up to whitespace
    and case. None means ungrounded."""
    if not value or not value.strip():
        return None
    for page in doc.pages:
        i = page.text.find(value)
        if i >= 0:
            return TextSpan(page.number, i, i + len(value))
    # Whitespace- and case-insensitive: OCR and models re-flow spaces and line breaks.
    tokens = [re.escape(t) for t in value.split()]
    if not tokens:
        return None
    pattern = re.compile(r"\s*".join(tokens), re.IGNORECASE)
    for page in doc.pages:
        m = pattern.search(page.text)
        if m:
            return TextSpan(page.number, m.start(), m.end())
    return None


def span_text(doc: Document, span: TextSpan) -> str:
    return doc.pages[span.page - 1].text[span.start : span.end]
