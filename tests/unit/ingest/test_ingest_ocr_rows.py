"""OCR reading order: Tesseract lines regrouped into physical rows, paragraphs from gaps."""

from __future__ import annotations

import subprocess
from typing import Any

import pymupdf
import pytest

from app.core.ingest import ocr
from app.core.ingest.layout import words_to_text
from app.core.ingest.ocr_rows import rows_in_reading_order


def text_of(words: list[Any]) -> str:
    return words_to_text(rows_in_reading_order(words))[0]


def test_a_label_and_its_amount_in_separate_blocks_share_one_line() -> None:
    # Tesseract's automatic layout puts the right-hand amounts of a receipt in a block of their
    # own, after the labels; the row joins them again.
    words = [
        (10, 100, 50, 112, "TOTAL", 1001, 1, 1),
        (10, 116, 50, 128, "CASH", 1001, 2, 1),
        (150, 101, 180, 113, "9.00", 2001, 1, 1),
        (150, 117, 180, 129, "10.00", 2001, 2, 1),
    ]
    assert text_of(words) == "TOTAL 9.00\nCASH 10.00"


def test_rows_read_top_to_bottom_and_left_to_right() -> None:
    words = [
        (60, 40, 90, 52, "two", 1, 2, 2),
        (10, 40, 50, 52, "row", 1, 2, 1),
        (10, 20, 50, 32, "first", 1, 1, 1),
    ]
    assert text_of(words) == "first\nrow two"


def test_a_slightly_skewed_value_still_joins_its_label() -> None:
    # 5 of 12 points lower: more than half the height still overlaps.
    words = [(10, 100, 50, 112, "TOTAL", 1, 1, 1), (150, 105, 180, 117, "9.00", 2, 1, 1)]
    assert text_of(words) == "TOTAL 9.00"


def test_lines_of_one_column_never_merge() -> None:
    # Overlapping in height (tight leading) but on top of each other: two lines, not one.
    words = [(10, 100, 80, 112, "upper", 1, 1, 1), (10, 105, 80, 117, "lower", 1, 2, 1)]
    assert text_of(words) == "upper\nlower"


def test_a_gap_taller_than_a_row_starts_a_paragraph() -> None:
    words = [
        (10, 20, 60, 32, "Dear", 1, 1, 1),
        (10, 36, 60, 48, "Sir,", 1, 2, 1),
        (10, 70, 60, 82, "Regards", 1, 3, 1),  # 22 pt below a 12 pt row
    ]
    assert text_of(words) == "Dear\nSir,\n\nRegards"


def test_no_words() -> None:
    assert rows_in_reading_order([]) == []


def test_a_sideways_page_read_as_it_lies_keeps_tesseracts_order() -> None:
    # Two vertical lines side by side (text running down the page): merging them as one row
    # would interleave their words.
    words = [
        (100, 10, 112, 40, "Rotated", 1, 1, 1),
        (100, 45, 112, 70, "scan", 1, 1, 2),
        (80, 10, 92, 40, "second", 1, 2, 1),
        (80, 45, 92, 70, "line", 1, 2, 2),
    ]
    assert rows_in_reading_order(words) == words


def tsv_of(*rows: tuple[int, str, int]) -> bytes:
    """Tesseract TSV: (block, text, confidence) per word, one word per block, one row each."""
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    body = "".join(
        f"5\t1\t{b}\t1\t1\t1\t{10 + 60 * i}\t100\t40\t12\t{c}\t{t}\n"
        for i, (b, t, c) in enumerate(rows)
    )
    return (head + body).encode()


def fake_tesseract(monkeypatch: pytest.MonkeyPatch, by_psm: dict[str, bytes]) -> list[str]:
    psms: list[str] = []

    def run(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[bytes]:
        psm = cmd[cmd.index("--psm") + 1]
        psms.append(psm)
        return subprocess.CompletedProcess(cmd, 0, by_psm[psm], b"")

    monkeypatch.setattr(ocr.shutil, "which", lambda _: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr, "check_language", lambda *_: "/tessdata")
    monkeypatch.setattr(ocr.subprocess, "run", run)
    return psms


def read_page() -> tuple[str, float | None]:
    page = pymupdf.open().new_page(width=400, height=200)
    words, conf = ocr.ocr_page(page, language="eng", dpi=72, name="scan.png", timeout_s=5)
    return words_to_text(words)[0], conf


def test_a_confident_single_block_reading_is_not_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    psms = fake_tesseract(monkeypatch, {"6": tsv_of((1, "TOTAL", 90), (2, "9.00", 90))})
    assert read_page() == ("TOTAL 9.00", pytest.approx(0.9))
    assert psms == ["6"]


def test_a_low_confidence_page_is_read_again_with_automatic_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A sideways fax in single-block mode: scraps at 30%. Automatic layout reads it.
    scraps = tsv_of((1, "By)", 30), (1, "Oo", 30), (1, "ro}", 30))
    psms = fake_tesseract(
        monkeypatch, {"6": scraps, "3": tsv_of((1, "Rotated", 96), (1, "scan", 96))}
    )
    assert read_page() == ("Rotated scan", pytest.approx(0.96))
    assert psms == ["6", "3"]


def test_the_second_reading_is_kept_only_when_it_is_better(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    faint = tsv_of((1, "FAINT", 45), (2, "RECEIPT", 45))
    psms = fake_tesseract(monkeypatch, {"6": faint, "3": tsv_of((1, "F", 50))})
    assert read_page()[0] == "FAINT RECEIPT"
    assert psms == ["6", "3"]


def _column_page(with_title: bool = False) -> list[Any]:
    """Words of a page set in two columns: 12 rows of four words in each, a gutter at x 300."""
    words: list[Any] = []
    if with_title:
        words.append((100, 0, 500, 14, "TITLE-ACROSS-BOTH", 1, 0, 1))
    for row in range(12):
        y = 20 + row * 16
        shift = (row * 17) % 30  # prose: word gaps do not line up from row to row
        for k in range(4):  # Tesseract in single-block mode: one line across the page
            x = 10 + k * 65 + (shift if k else 0)
            words.append((x, y, x + 55, y + 12, f"L{row}w{k}", 1, row + 1, k + 1))
        for k in range(4):
            x = 320 + k * 65 + (shift if k else 0)
            words.append((x, y, x + 55, y + 12, f"R{row}w{k}", 1, row + 1, k + 5))
    return words


def test_a_two_column_page_is_read_column_by_column() -> None:
    from app.core.ingest.ocr_columns import find_gutter

    words = _column_page()
    gutter = find_gutter(words)
    assert gutter is not None and 290 < gutter < 320
    lines = text_of(words).split("\n")
    left = [ln for ln in lines if ln.startswith("L")]
    right = [ln for ln in lines if ln.startswith("R")]
    assert left[0] == "L0w0 L0w1 L0w2 L0w3" and right[0] == "R0w0 R0w1 R0w2 R0w3"
    assert len(left) == len(right) == 12 and not any("L" in r for r in right)
    assert lines.index(left[-1]) < lines.index(right[0])  # the whole left column first


def test_a_title_over_both_columns_comes_first() -> None:
    assert text_of(_column_page(with_title=True)).startswith("TITLE-ACROSS-BOTH\nL0w0")


def test_a_receipt_with_right_hand_amounts_keeps_its_rows() -> None:
    from app.core.ingest.ocr_columns import find_gutter

    words: list[Any] = [(150, 0, 350, 12, "SHOP", 1, 0, 1)]  # a centred header
    for row in range(20):
        y = 20 + row * 16
        words += [(10, y, 60, y + 12, "ITEM", 1, row + 1, 1),
                  (65, y, 120, y + 12, f"NO{row}", 1, row + 1, 2),
                  (400, y, 440, y + 12, "1", 1, row + 1, 3),
                  (450, y, 500, y + 12, "9.00", 1, row + 1, 4)]
    assert find_gutter(words) is None  # the amounts are a narrow column, not prose
    assert text_of(words).split("\n")[1] == "ITEM NO0 1 9.00"
