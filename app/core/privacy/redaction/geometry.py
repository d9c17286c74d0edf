"""Boxes on a page as plain tuples, and a row index to find the words near a box quickly.

The checks compare every redaction box with the words around it; with PyMuPDF `Rect` objects
and a scan of the whole page per box, a 20-page agreement took seconds. Tuples and rows of
12 points bring each lookup down to the words of one or two lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

Box = tuple[float, float, float, float]
T = TypeVar("T")

_ROW = 12.0  # points: about one line of body text


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inner(r: Box) -> Box:
    """The inner part of a box: glyph boxes of adjacent lines and words overlap a box's edges
    by a point or two without being under it."""
    dx, dy = min(1.0, (r[2] - r[0]) * 0.1), (r[3] - r[1]) * 0.25
    return (r[0] + dx, r[1] + dy, r[2] - dx, r[3] - dy)


def side(w: Box, r: Box) -> int:
    """-1 if `w` is the word right before box `r` on its line (a word space away), 1 if right
    after it, 0 otherwise."""
    h = r[3] - r[1]
    if min(w[3], r[3]) - max(w[1], r[1]) < 0.5 * min(h, w[3] - w[1]):
        return 0
    if 0 <= r[0] - w[2] <= 0.5 * h or (w[2] > r[0] > w[0]):
        return -1
    if 0 <= w[0] - r[2] <= 0.5 * h or (w[0] < r[2] < w[2]):
        return 1
    return 0


class Rows(Generic[T]):
    """Items with boxes, indexed by the 12-point rows they span."""

    def __init__(self, items: Iterable[tuple[Box, T]]) -> None:
        self._rows: dict[int, list[tuple[Box, T]]] = {}
        for item in items:
            box = item[0]
            for k in range(int(box[1] // _ROW), int(box[3] // _ROW) + 1):
                self._rows.setdefault(k, []).append(item)

    def near(self, r: Box) -> list[tuple[Box, T]]:
        """The items whose rows meet box `r`'s rows (each once)."""
        lo, hi = int(r[1] // _ROW), int(r[3] // _ROW)
        if lo == hi:
            return self._rows.get(lo, [])
        seen: set[int] = set()
        out = []
        for k in range(lo, hi + 1):
            for item in self._rows.get(k, ()):
                if id(item) not in seen:
                    seen.add(id(item))
                    out.append(item)
        return out
