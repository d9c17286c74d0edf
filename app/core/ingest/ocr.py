"""OCR one rendered page with Tesseract and return positioned words plus mean confidence.

Two engines, same output:
- the `tesseract` program (TSV output), preferred because it reports per-word confidence,
  which PyMuPDF's built-in OCR discards; it is also the faster of the two here;
- PyMuPDF's `Page.get_textpage_ocr` (Tesseract linked into MuPDF), used when the program is
  missing but traineddata files are installed; its pages have no confidence (None).
"""

from __future__ import annotations

import csv
import glob
import io
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pymupdf

from app.core.errors import UnreadableDocument

from .layout import WordTuple

_TESSDATA_GLOBS = [
    "/usr/share/tesseract-ocr/*/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
    "C:/Program Files/Tesseract-OCR/tessdata",
]


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
    # Pixel boxes back to the page's unrotated PDF coordinates, the space of the text layer.
    to_page = ~(page.rotation_matrix * pymupdf.Matrix(dpi / 72, dpi / 72))
    env = dict(os.environ, OMP_THREAD_LIMIT="1", TESSDATA_PREFIX=str(tessdata))
    try:
        proc = subprocess.run(
            [exe, "stdin", "stdout", "-l", language, "--dpi", str(dpi), "tsv"],
            input=pix.tobytes("png"),
            capture_output=True,
            timeout=timeout_s,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UnreadableDocument(
            f"OCR of '{name}' took longer than {timeout_s:.0f} s and was stopped."
        ) from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise UnreadableDocument(f"Tesseract could not OCR '{name}' ({err[0]}).")
    return _parse_tsv(proc.stdout.decode("utf-8", "replace"), to_page)


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
    return list(page.get_text("words", textpage=textpage)), None
