"""Reading order for OCR words: Tesseract's lines regrouped into the page's physical rows.

A receipt or a form is one column whose rows pair a label with a value far to its right
("TOTAL ........ RM 60.31"). Tesseract's layout analysis may return the two halves as separate
lines, even in separate blocks, so the extractors would find the amount lines away from its
label; a transcript has them on one line. So lines that share a row become one line, and rows
are read top to bottom.

Rows are also where paragraphs come back: in single-block mode (`--psm 6`, see ocr.py)
Tesseract reports one block per page, so a vertical gap taller than a typical row starts a new
block, which `words_to_text` writes as a blank line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from statistics import median

from .layout import WordTuple
from .ocr_columns import find_gutter, split_columns

# A gap between rows wider than this many typical row heights separates paragraphs.
PARAGRAPH_GAP = 1.0
# Rows compared with a new line: a row further up than this is finished. Bounds the work on
# dense pages while leaving room for a value printed slightly above or below its label.
_OPEN_ROWS = 4


@dataclass
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float
    words: list[WordTuple] = field(default_factory=list)
    parts: list[_Box] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def take(self, part: _Box) -> None:
        self.x0, self.y0 = min(self.x0, part.x0), min(self.y0, part.y0)
        self.x1, self.y1 = max(self.x1, part.x1), max(self.y1, part.y1)
        self.parts.append(part)


def rows_in_reading_order(
    words: Sequence[WordTuple], paragraph_gap: float = PARAGRAPH_GAP
) -> list[WordTuple]:
    """OCR word tuples renumbered so each physical row is one line, rows top to bottom, words
    left to right; a gap above a row taller than `paragraph_gap` rows starts a new block. A page
    set in two columns is read column by column (ocr_columns.py)."""
    lines = _tesseract_lines(words)
    if _mostly_vertical(lines):
        return list(words)  # a sideways scan read as it lies: its rows are columns here
    gutter = find_gutter(words)
    if gutter is None:
        return _rows(lines, paragraph_gap)
    out: list[WordTuple] = []
    for column in split_columns(words, gutter):
        part = _rows(_tesseract_lines(column), paragraph_gap)
        block0, row0 = (out[-1][5] + 1, out[-1][6] + 1) if out else (0, 0)
        out.extend((*w[:5], w[5] + block0, w[6] + row0, w[7]) for w in part)
    return out


def _rows(lines: list[_Box], paragraph_gap: float) -> list[WordTuple]:
    lines.sort(key=lambda b: (b.y0 + b.y1) / 2)
    rows: list[_Box] = []
    for line in lines:
        row = next((r for r in reversed(rows[-_OPEN_ROWS:]) if _same_row(r, line)), None)
        if row is None:
            row = _Box(line.x0, line.y0, line.x1, line.y1)
            rows.append(row)
        row.take(line)
    rows.sort(key=lambda b: (b.y0 + b.y1) / 2)
    typical = median(r.height for r in rows) if rows else 0.0
    out: list[WordTuple] = []
    block = 0
    for n, row in enumerate(rows):
        if n and row.y0 - rows[n - 1].y1 > paragraph_gap * typical:
            block += 1
        ordered = sorted((w for part in row.parts for w in part.words), key=lambda w: w[0])
        out.extend((*w[:5], block, n, k) for k, w in enumerate(ordered))
    return out


def _tesseract_lines(words: Sequence[WordTuple]) -> list[_Box]:
    """The boxes of Tesseract's lines: runs of words with the same (block, line) numbers."""
    return [_line_box(list(run)) for _, run in groupby(words, key=lambda w: (w[5], w[6]))]


def _line_box(words: list[WordTuple]) -> _Box:
    return _Box(
        min(w[0] for w in words),
        min(w[1] for w in words),
        max(w[2] for w in words),
        max(w[3] for w in words),
        words,
    )


def _mostly_vertical(lines: list[_Box]) -> bool:
    """More lines of two or more words run down the page than across it."""
    multi = [b for b in lines if len(b.words) > 1]
    return sum(b.height > b.x1 - b.x0 for b in multi) * 2 > len(multi)


def _same_row(row: _Box, line: _Box) -> bool:
    """Overlapping by half the shorter height (a slight skew still shares a row), and beside,
    not on top of, the row's lines: two lines of a column never merge."""
    overlap = min(row.y1, line.y1) - max(row.y0, line.y0)
    if overlap < 0.5 * min(row.height, line.height):
        return False
    return all(p.x1 <= line.x0 or p.x0 >= line.x1 for p in row.parts)
