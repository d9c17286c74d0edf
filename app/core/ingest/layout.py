"""Build `Page.text` from positioned words so every `Word` knows its character range.

Both the PDF text layer (PyMuPDF's "words" extraction) and OCR produce the same tuples:
(x0, y0, x1, y1, text, block, line, word_no). Words on a line are joined by one space, lines
by a newline, blocks by a blank line, so paragraphs survive for the extractor downstream.

This runs for every word of every page, so the per-word work is done by C-level builtins
(`zip`, `accumulate`, `str.join`, `array`) and Python only loops once per *line*: the bench
target is within 0.8x of PyMuPDF's bare `get_text()` (see docs/bench_ingest.md).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate, groupby
from typing import Any

from app.core.documents import Word

WordTuple = Sequence[Any]

# Set by the sandbox worker only: its pages are pickled straight back to the parent, so word
# boxes travel as six flat arrays (a few memcpy'd bytes objects instead of one pickled object
# per word) and become `Word` objects on the parent's side of the pipe.
PACK_WORDS = False


class PackedWords(list):  # type: ignore[type-arg]
    """Worker-side stand-in for `list[Word]` that unpickles into real `Word` objects."""

    def __init__(self, starts: array, ends: array, x0: array, y0: array, x1: array, y1: array):
        super().__init__()
        self.arrays = (starts, ends, x0, y0, x1, y1)

    def __reduce__(self) -> tuple[Any, tuple[bytes, ...]]:
        return unpack_words, tuple(a.tobytes() for a in self.arrays)


def unpack_words(*columns: bytes) -> list[Word]:
    """The parent's half of `PackedWords`: two int64 and four float64 columns -> `Word`s."""
    arrays = [array("q" if k < 2 else "d") for k in range(6)]
    for arr, raw in zip(arrays, columns, strict=True):
        arr.frombytes(raw)
    return list(map(Word, *arrays))


def words_to_text(words: Sequence[WordTuple]) -> tuple[str, list[Word]]:
    if not words:
        return "", []
    x0, y0, x1, y1, texts, blocks, lines = tuple(zip(*words, strict=True))[:7]
    # Separators: " " inside a line, "\n" between lines, "\n\n" between blocks. Runs of equal
    # (block, line) are the lines, so the Python loop below runs once per line, not per word.
    seps = [" "] * (len(texts) - 1)
    i, prev_block = 0, None
    for (block, _), run in groupby(zip(blocks, lines, strict=True)):
        if i:
            seps[i - 1] = "\n" if block == prev_block else "\n\n"
        prev_block = block
        i += len(list(run))
    parts: list[str] = [""] * (2 * len(texts) - 1)
    parts[0::2] = texts
    parts[1::2] = seps
    offsets = list(accumulate(map(len, parts), initial=0))
    starts, ends = offsets[0::2], offsets[1::2]
    text = "".join(parts)
    if PACK_WORDS:
        return text, PackedWords(
            array("q", starts), array("q", ends), *(array("d", c) for c in (x0, y0, x1, y1))
        )
    return text, list(map(Word, starts, ends, x0, y0, x1, y1))
