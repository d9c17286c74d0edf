"""OCR one rendered page with Tesseract and return positioned words plus mean confidence.

Two engines, same output:
- the `tesseract` program (TSV output), preferred because it reports per-word confidence,
  which PyMuPDF's built-in OCR discards; it is also the faster of the two here;
- PyMuPDF's `Page.get_textpage_ocr` (Tesseract linked into MuPDF), used when the program is
  missing but traineddata files are installed; its pages have no confidence (None).

Either way the words are regrouped into the page's rows (ocr_rows.py), so a label and the value
printed beside it share a line as they do in a transcript.
"""

from __future__ import annotations

import csv
import glob
import io
import os
import shutil
import subprocess
import time
from functools import lru_cache
from pathlib import Path

import pymupdf

from app.core.errors import UnreadableDocument

from .layout import WordTuple
from .ocr_rows import rows_in_reading_order

_TESSDATA_GLOBS = [
    "/usr/share/tesseract-ocr/*/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
    "C:/Program Files/Tesseract-OCR/tessdata",
]

# Page segmentation: one uniform block of text. Receipts, forms and faxed letters are a single
# column; the default automatic layout (3) splits a receipt into column blocks and drops the
# right-hand amounts as noise. On SROIE scans 000-029, 6 vs 3: case-insensitive bag-of-characters
# CER 0.120 -> 0.095, rule-only field accuracy 0.492 -> 0.550; 4 (one column of varied sizes) was
# in between. Its cost: a much larger title line is sometimes missed. A page set in two
# columns comes back as rows across both; ocr_columns.py finds the gutter and splits them.
_PAGE_SEGMENTATION = "6"
_AUTO_SEGMENTATION = "3"
# Below this mean word confidence the page is read again with automatic layout, and the reading
# with more confidence-weighted characters is kept. Receipt scans in the SROIE set score
# 0.42-0.88 in single-block mode; a sideways page about 0.3.
_RETRY_BELOW = 0.5


@lru_cache(maxsize=1)
def tessdata_dir() -> Path | None:
    """Where the *.traineddata files are: $TESSDATA_PREFIX, else the usual install places."""
    env = os.environ.get("TESSDATA_PREFIX")
    if env and Path(env).is_dir():
        return Path(env)
    for pattern in _TESSDATA_GLOBS:
        for hit in sorted(glob.glob(pattern), reverse=True):  # newest major version first
            if list(Path(hit).glob("*.traineddata")):
                return Path(hit)
    return None


def check_language(language: str, name: str) -> Path:
    tessdata = tessdata_dir()
    if tessdata is None:
        raise UnreadableDocument(
            f"'{name}' needs OCR, but Tesseract language data is not installed "
            "(apt install tesseract-ocr)."
        )
    for lang in language.split("+"):
        if not (tessdata / f"{lang}.traineddata").is_file():
            raise UnreadableDocument(
                f"'{name}' needs OCR in '{lang}', but that Tesseract language is not "
                f"installed in {tessdata}."
            )
    return tessdata


def ocr_page(
    page: pymupdf.Page, *, language: str, dpi: int, name: str, timeout_s: float
) -> tuple[list[WordTuple], float | None]:
    tessdata = check_language(language, name)
    exe = shutil.which("tesseract")
    if exe is None:
        return _ocr_pymupdf(page, language, dpi, tessdata)
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    png = pix.tobytes("png")
    # Pixel boxes back to the page's unrotated PDF coordinates, the space of the text layer.
    to_page = ~(page.rotation_matrix * pymupdf.Matrix(dpi / 72, dpi / 72))
    env = dict(os.environ, OMP_THREAD_LIMIT="1", TESSDATA_PREFIX=str(tessdata))
    deadline = time.monotonic() + timeout_s

    def run(psm: str) -> tuple[list[WordTuple], float | None]:
        args = ["-l", language, "--dpi", str(dpi), "--psm", psm]
        cmd = [exe, "stdin", "stdout", *args, "tsv"]
        return _parse_tsv(_tesseract(cmd, png, env, deadline, name, timeout_s), to_page)

    words, conf = run(_PAGE_SEGMENTATION)
    if conf is None or conf < _RETRY_BELOW:
        # Single-block mode reads horizontal lines only: a page scanned sideways comes back as
        # a few low-confidence scraps. Automatic layout also finds vertical lines.
        auto = run(_AUTO_SEGMENTATION)
        if _confident_chars(*auto) > _confident_chars(words, conf):
            words, conf = auto
    return rows_in_reading_order(words), conf


def _tesseract(
    cmd: list[str], png: bytes, env: dict[str, str], deadline: float, name: str, limit_s: float
) -> str:
    """Tesseract's TSV for `png`; both readings of a page share one deadline."""
    try:
        proc = subprocess.run(
            cmd,
            input=png,
            capture_output=True,
            timeout=max(0.0, deadline - time.monotonic()),
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UnreadableDocument(
            f"OCR of '{name}' took longer than {limit_s:.0f} s and was stopped."
        ) from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise UnreadableDocument(f"Tesseract could not OCR '{name}' ({err[0]}).")
    return proc.stdout.decode("utf-8", "replace")


def _confident_chars(words: list[WordTuple], conf: float | None) -> float:
    return sum(len(w[4]) for w in words) * (conf or 0.0)


def _parse_tsv(tsv: str, to_page: pymupdf.Matrix) -> tuple[list[WordTuple], float | None]:
    words: list[WordTuple] = []
    weighted = 0.0
    chars = 0
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        conf = float(row["conf"])
        if conf < 0:
            continue
        left, top, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        r = (pymupdf.Rect(left, top, left + w, top + h) * to_page).normalize()
        # A paragraph is Tesseract's block-level unit; lines are numbered within it.
        block = int(row["block_num"]) * 1000 + int(row["par_num"])
        words.append(
            (r.x0, r.y0, r.x1, r.y1, text, block, int(row["line_num"]), int(row["word_num"]))
        )
        weighted += conf * len(text)
        chars += len(text)
    return words, (weighted / chars / 100 if chars else None)


def _ocr_pymupdf(
    page: pymupdf.Page, language: str, dpi: int, tessdata: Path
) -> tuple[list[WordTuple], None]:
    textpage = page.get_textpage_ocr(language=language, dpi=dpi, full=True, tessdata=str(tessdata))
    return rows_in_reading_order(page.get_text("words", textpage=textpage)), None
