"""Render the fictional sample documents in resources/samples/src/*.txt into text PDFs.

The PDFs are committed (they are small and `make demo` must not depend on this script); run it
again after editing a source text. Every name, number and address in them is invented.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"
PAGE_W, PAGE_H, MARGIN, LEADING, SIZE = 612, 792, 54, 13.5, 10


def render(text: str, out: Path) -> None:
    doc = pymupdf.open()
    lines = text.splitlines()
    per_page = int((PAGE_H - 2 * MARGIN) // LEADING)
    for first in range(0, len(lines), per_page):
        page = doc.new_page(width=PAGE_W, height=PAGE_H)
        y = MARGIN + SIZE
        for line in lines[first : first + per_page]:
            if line:
                page.insert_text((MARGIN, y), line, fontsize=SIZE, fontname="helv")
            y += LEADING
    doc.set_metadata({"title": out.stem.replace("-", " ").title(), "creator": "Enclave samples"})
    doc.save(out, garbage=4, deflate=True)


def main() -> None:
    for src in sorted((SAMPLES / "src").glob("*.txt")):
        render(src.read_text(encoding="utf-8"), SAMPLES / f"{src.stem}.pdf")
        print(f"wrote {src.stem}.pdf")


if __name__ == "__main__":
    main()
