"""Build `Page.text` from positioned words so every `Word` knows its character range.

Both the PDF text layer (PyMuPDF's "words" extraction) and OCR produce the same tuples:
(x0, y0, x1, y1, text, block, line, word_no). Words on a line are joined by one space, lines
by a newline, blocks by a blank line, so paragraphs survive for the extractor downstream.

This runs for every word of every page, so it is written as list comprehensions rather than
one loop: the bench target is within 0.8x of PyMuPDF's bare `get_text()`.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from app.core.documents import Word

WordTuple = Sequence[Any]

# Set by the sandbox worker only: its pages are pickled straight back to the parent, so word
# boxes travel as three arrays and become `Word` objects on the parent's side of the pipe.
PACK_WORDS = False


class PackedWords(list):  # type: ignore[type-arg]
    """Worker-side stand-in for `list[Word]` that unpickles into real `Word` objects."""

    def __init__(self, starts: array, ends: array, boxes: array) -> None:
        super().__init__()
        self.arrays = (starts, ends, boxes)

    def __reduce__(self) -> tuple[Any, tuple[bytes, bytes, bytes]]:
        starts, ends, boxes = self.arrays
        return unpack_words, (starts.tobytes(), ends.tobytes(), boxes.tobytes())


def unpack_words(starts_b: bytes, ends_b: bytes, boxes_b: bytes) -> list[Word]:
    starts, ends, boxes = array("l"), array("l"), array("d")
    starts.frombytes(starts_b)
    ends.frombytes(ends_b)
    boxes.frombytes(boxes_b)
    return list(map(Word, starts, ends, boxes[0::4], boxes[1::4], boxes[2::4], boxes[3::4]))


def words_to_text(words: Sequence[WordTuple]) -> tuple[str, list[Word]]:
    if not words:
        return "", []
    texts = [w[4] for w in words]
    blocks = [w[5] for w in words]
    lines = [w[6] for w in words]
    seps = [
        (" " if ln == pln else "\n") if b == pb else "\n\n"
        for b, pb, ln, pln in zip(blocks[1:], blocks, lines[1:], lines, strict=False)
    ]
    parts: list[str] = [""] * (2 * len(texts) - 1)
    parts[0::2] = texts
    parts[1::2] = seps
    offsets = list(accumulate(map(len, parts), initial=0))
    starts, ends = offsets[0::2], offsets[1::2]
    text = "".join(parts)
    if PACK_WORDS:
        boxes = array("d", [c for w in words for c in w[:4]])
        return text, PackedWords(array("l", starts), array("l", ends), boxes)
    x0, y0, x1, y1 = ([w[i] for w in words] for i in range(4))
    return text, list(map(Word, starts, ends, x0, y0, x1, y1))
