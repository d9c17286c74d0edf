"""Two-column scans: find the gutter so each column is read on its own.

OCR reads a page in single-block mode (ocr.py) and `ocr_rows` joins whatever shares a row,
which is right for a receipt or a form (a label and its amount far to the right) and wrong for a
page set in two columns (a scanned brief, a journal reprint, a two-column lab report): each
printed row would read "left column's line + right column's line", and a sentence would never
be contiguous. So before rows are joined, the words are split at a gutter when there is one.

A gutter is a vertical band, in the middle part of the text, that almost no word crosses, with
*prose* on both sides: many rows hold several words left of it and several words right of it,
and both sides are wide. A receipt's right-hand amounts are narrow and its centred header lines
cross the middle, so a receipt never has one; a table's cells are short, so tables keep their
rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .layout import WordTuple

# Where a gutter may stand, as a share of the text's width from its left edge.
_SEARCH = (0.3, 0.7)
_STEPS = 80
# Words that may cross the gutter (a spanning title, a stray mark), as a share of all words.
_CROSSING = 0.02
# Rows with at least this many words on each side, and the share of the page's rows they are.
_SIDE_WORDS = 3
_TWO_SIDED_ROWS = 6
_TWO_SIDED_SHARE = 0.5
# Each side's typical line is at least this share of the text width: prose, not a number column.
_SIDE_WIDTH = 0.25


def find_gutter(words: Sequence[WordTuple]) -> float | None:
    """The x of the gutter between two text columns, or None for a single-column page."""
    if len(words) < 2 * _SIDE_WORDS * _TWO_SIDED_ROWS:
        return None
    left_edge = min(w[0] for w in words)
    right_edge = max(w[2] for w in words)
    width = right_edge - left_edge
    if width <= 0:
        return None
    lo, hi = _SEARCH
    best: tuple[float, float] | None = None  # (band width, its middle)
    for step in range(_STEPS + 1):
        x = left_edge + width * (lo + (hi - lo) * step / _STEPS)
        if sum(w[0] < x < w[2] for w in words) > _CROSSING * len(words):
            continue
        band = _band(words, x)  # the widest empty band wins: a gutter, not a word gap
        if best is None or band[0] > best[0]:
            best = band
    if best is None:
        return None
    return best[1] if _prose_on_both_sides(words, best[1], width) else None


def _band(words: Sequence[WordTuple], x: float) -> tuple[float, float]:
    """(width, middle) of the empty band around `x`, words crossing `x` aside."""
    left = max((w[2] for w in words if w[2] <= x), default=x)
    right = min((w[0] for w in words if w[0] >= x), default=x)
    return right - left, (left + right) / 2


def _prose_on_both_sides(words: Sequence[WordTuple], x: float, width: float) -> bool:
    rows: dict[tuple[int, int], list[WordTuple]] = defaultdict(list)
    for w in words:
        rows[(w[5], w[6])].append(w)
    two_sided = 0
    left_widths: list[float] = []
    right_widths: list[float] = []
    for row in rows.values():
        left = [w for w in row if w[2] <= x]
        right = [w for w in row if w[0] >= x]
        if left:
            left_widths.append(max(w[2] for w in left) - min(w[0] for w in left))
        if right:
            right_widths.append(max(w[2] for w in right) - min(w[0] for w in right))
        two_sided += len(left) >= _SIDE_WORDS and len(right) >= _SIDE_WORDS
    if two_sided < _TWO_SIDED_ROWS or two_sided < _TWO_SIDED_SHARE * len(rows):
        return False
    return (
        _median(left_widths) >= _SIDE_WIDTH * width and _median(right_widths) >= _SIDE_WIDTH * width
    )


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


def split_columns(words: Sequence[WordTuple], gutter: float) -> list[list[WordTuple]]:
    """The words of each column, left column first. A word crossing the gutter (a title over
    both columns) goes with the left column. Each column's rows are formed on their own
    (`ocr_rows`), so a line's two halves never join across the gutter."""
    left: list[WordTuple] = []
    right: list[WordTuple] = []
    for w in words:
        (left if w[2] <= gutter or w[0] < gutter else right).append(w)
    return [left, right]
