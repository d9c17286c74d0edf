"""Page text and word offsets built from word tuples, and their compact trip across the pipe."""

from __future__ import annotations

import pickle

import pytest

from app.core.documents import Word
from app.core.ingest import layout
from app.core.ingest.layout import words_to_text

# (x0, y0, x1, y1, text, block, line, word_no) as PyMuPDF and the OCR parser produce them.
# OCR numbers words from 1 and skips some; block 1002 starts on the same line number as the
# block before it ends on, so only the block number tells the two lines apart.
WORDS = [
    (10.0, 20.0, 30.0, 32.0, "Invoice", 1001, 1, 1),
    (35.0, 20.0, 52.5, 32.0, "4711", 1001, 1, 2),
    (10.0, 40.0, 28.0, 52.0, "Total", 1001, 2, 1),
    (30.0, 40.0, 44.0, 52.0, "€99.50", 1001, 2, 3),
    (10.0, 80.0, 40.0, 92.0, "Signed", 1002, 2, 1),
    (10.0, 99.0, 40.0, 111.0, "x", 1003, 0, 0),
]
TEXT = "Invoice 4711\nTotal €99.50\n\nSigned\n\nx"


def test_words_join_by_space_line_and_block_with_offsets() -> None:
    text, words = words_to_text(WORDS)
    assert text == TEXT
    assert [text[w.start : w.end] for w in words] == [w[4] for w in WORDS]
    assert words[3] == Word(19, 25, 30.0, 40.0, 44.0, 52.0)
    assert all(type(w) is Word for w in words)


def test_no_words_no_text() -> None:
    assert words_to_text([]) == ("", [])


def test_packed_words_unpickle_into_the_same_words(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = words_to_text(WORDS)
    monkeypatch.setattr(layout, "PACK_WORDS", True)
    text, packed = words_to_text(WORDS)
    assert isinstance(packed, layout.PackedWords)
    restored = pickle.loads(pickle.dumps((text, packed)))
    assert restored == expected
    assert type(restored[1]) is list and all(type(w) is Word for w in restored[1])
    assert all(type(w.start) is int and type(w.x0) is float for w in restored[1])
