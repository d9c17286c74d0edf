"""Drawing primitives for the PDF report (PyMuPDF): wrapped text, boxes, and a table whose
rows wrap, are ruled, and whose header row is repeated on every page.

Drawn rather than laid out by `fitz.Story`: a Story cannot repeat a table's header row on each
page or tell us where a row will break, and an auditor reading page 7 needs the headings.
Text goes through `TextWriter` with MuPDF's built-in Helvetica/Courier, so typographic quotes
and dashes survive; fonts are subset when the document is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import fitz

REGULAR = fitz.Font("helv")
BOLD = fitz.Font("hebo")
MONO = fitz.Font("cour")

Color = tuple[float, float, float]
INK: Color = (0.12, 0.14, 0.17)
MUTED: Color = (0.42, 0.45, 0.50)
RULE: Color = (0.80, 0.82, 0.85)
STRIPE: Color = (0.965, 0.97, 0.975)
HEAD_FILL: Color = (0.20, 0.24, 0.30)
WHITE: Color = (1.0, 1.0, 1.0)
RED: Color = (0.70, 0.16, 0.13)
GREEN: Color = (0.12, 0.45, 0.25)
BAD_FILL: Color = (0.99, 0.90, 0.89)


def wrap(text: str, font: fitz.Font, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the column (a hash, a file name) is cut."""
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if font.text_length(trial, fontsize=size) <= width:
                line = trial
                continue
            if line:
                out.append(line)
            while font.text_length(word, fontsize=size) > width:
                cut = max(1, _fit(word, font, size, width))
                out.append(word[:cut])
                word = word[cut:]
            line = word
        out.append(line)
    return out


def _fit(word: str, font: fitz.Font, size: float, width: float) -> int:
    n = len(word)
    while n > 1 and font.text_length(word[:n], fontsize=size) > width:
        n -= 1
    return n


class Canvas:
    """One page being drawn. Shapes go down at once; text is collected per colour and written
    by `finish()`, so it always sits on top of the fills beneath it."""

    def __init__(self, page: fitz.Page) -> None:
        self.page = page
        self._writers: dict[Color, fitz.TextWriter] = {}

    def text(self, x: float, y: float, s: str, font: fitz.Font = REGULAR, size: float = 9,
             color: Color = INK) -> None:
        """`y` is the baseline."""
        if s:
            writer = self._writers.setdefault(color, fitz.TextWriter(self.page.rect))
            writer.append((x, y), s, font=font, fontsize=size)

    def text_right(self, right: float, y: float, s: str, font: fitz.Font = REGULAR,
                   size: float = 9, color: Color = INK) -> None:
        self.text(right - font.text_length(s, fontsize=size), y, s, font, size, color)

    def paragraph(self, x: float, y: float, width: float, s: str, font: fitz.Font = REGULAR,
                  size: float = 9, color: Color = INK, leading: float = 1.3) -> float:
        """Wrapped text from top `y`; returns the y below it."""
        for line in wrap(s, font, size, width):
            y += size * leading
            self.text(x, y - size * 0.25, line, font, size, color)
        return y

    def rect(self, r: fitz.Rect, fill: Color | None = None, stroke: Color | None = None,
             width: float = 0.5) -> None:
        self.page.draw_rect(r, color=stroke, fill=fill, width=width if stroke else 0)

    def line(self, x0: float, y0: float, x1: float, y1: float, color: Color = RULE,
             width: float = 0.5) -> None:
        self.page.draw_line((x0, y0), (x1, y1), color=color, width=width)

    def finish(self) -> None:
        for color, writer in self._writers.items():
            writer.write_text(self.page, color=color)
        self._writers.clear()


@dataclass(frozen=True)
class Run:
    """One paragraph inside a cell: text, and how it is set."""

    text: str
    font: fitz.Font = REGULAR
    color: Color = INK
    size: float = 7.5


@dataclass(frozen=True)
class Column:
    title: str
    width: float


@dataclass(frozen=True)
class Laid:
    """A row wrapped to its columns: per cell, (line, run) pairs; and its height."""

    cells: list[list[tuple[str, Run]]]
    height: float


class Table:
    PAD = 3.0
    LEADING = 1.28

    def __init__(self, columns: Sequence[Column], x: float, size: float = 7.5) -> None:
        self.columns = list(columns)
        self.x = x
        self.size = size
        self.width = sum(c.width for c in self.columns)

    @property
    def header_height(self) -> float:
        return self.size * self.LEADING + 2 * self.PAD + 1

    def draw_header(self, c: Canvas, y: float) -> float:
        h = self.header_height
        c.rect(fitz.Rect(self.x, y, self.x + self.width, y + h), fill=HEAD_FILL)
        x = self.x
        for col in self.columns:
            c.text(x + self.PAD, y + self.PAD + self.size, col.title, BOLD, self.size, WHITE)
            x += col.width
        return y + h

    def lay(self, cells: Sequence[Sequence[Run]], max_height: float) -> Laid:
        laid: list[list[tuple[str, Run]]] = []
        tallest = 0.0
        for col, runs in zip(self.columns, cells, strict=True):
            lines = [(line, r) for r in runs
                     for line in wrap(r.text, r.font, r.size, col.width - 2 * self.PAD)]
            # A row never outgrows a page: the rest of an over-long cell is cut, and says so.
            while lines and self._height(lines) > max_height - 2 * self.PAD:
                lines = lines[:-2] + [("…", lines[-1][1])]
            laid.append(lines)
            tallest = max(tallest, self._height(lines))
        return Laid(laid, tallest + 2 * self.PAD)

    def _height(self, lines: list[tuple[str, Run]]) -> float:
        return sum(r.size * self.LEADING for _line, r in lines)

    def draw_row(self, c: Canvas, y: float, row: Laid, fill: Color | None = None) -> float:
        bottom = y + row.height
        if fill:
            c.rect(fitz.Rect(self.x, y, self.x + self.width, bottom), fill=fill)
        x = self.x
        for col, lines in zip(self.columns, row.cells, strict=True):
            ty = y + self.PAD
            for line, r in lines:
                ty += r.size * self.LEADING
                c.text(x + self.PAD, ty - r.size * 0.28, line, r.font, r.size, r.color)
            x += col.width
        c.line(self.x, bottom, self.x + self.width, bottom)
        return bottom
