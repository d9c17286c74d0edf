"""OCR through Tesseract on real rendered images and scans, in the sandbox."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest

from app.core.documents import Document
from app.core.ingest import iter_documents, read_bytes, read_document
from tests.conftest import SHARED_DATA
from tests.unit.ingest.factories import mixed_pdf, multipage_tiff, render_jpeg, render_png, text_pdf

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract-ocr")


def words_of(doc: Document, page: int = 0) -> list[str]:
    p = doc.pages[page]
    return [p.text[w.start : w.end] for w in p.words]


@pytest.mark.parametrize("make", [render_png, render_jpeg], ids=["png", "jpeg"])
def test_image_ocr_text_boxes_and_confidence(make) -> None:
    doc = read_bytes(make(["Invoice 4711", "Total 99.50"]), "photo.bin")
    assert doc.kind == "image"
    page = doc.pages[0]
    assert page.text == "Invoice 4711\nTotal 99.50"
    assert words_of(doc) == ["Invoice", "4711", "Total", "99.50"]
    assert page.ocr and 0.8 < page.ocr_confidence <= 1.0
    # The image is 400 x 200 pt rendered at 200 dpi: boxes come back in points, where we drew.
    assert page.width == pytest.approx(400, abs=1) and page.height == pytest.approx(200, abs=1)
    inv, total = page.words[0], page.words[2]
    assert inv.x0 == pytest.approx(20, abs=4) and inv.y0 < 40 < inv.y1
    assert total.x0 == pytest.approx(20, abs=4) and total.y0 < 76 < total.y1


def test_multipage_tiff() -> None:
    doc = read_bytes(multipage_tiff([["First page"], ["Second page"]]), "fax.tif")
    assert [p.text for p in doc.pages] == ["First page", "Second page"]
    assert all(p.ocr for p in doc.pages)


def test_mixed_pdf_ocrs_only_the_scanned_page(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(mixed_pdf(["Typed cover letter"], ["Scanned referral note"]))
    doc = read_document(path)
    assert [p.ocr for p in doc.pages] == [False, True]
    assert doc.pages[0].text == "Typed cover letter" and doc.pages[0].ocr_confidence is None
    assert doc.pages[1].text == "Scanned referral note" and doc.pages[1].ocr_confidence > 0.8
    assert words_of(doc, 1) == ["Scanned", "referral", "note"]
    assert doc.metadata["ocr_pages"] == [2]
    # Second page's boxes sit where the scan shows them (the page is 400 x 200 pt).
    assert doc.pages[1].words[0].x0 == pytest.approx(20, abs=4)


def test_rotated_scan_boxes_map_back_to_unrotated_page() -> None:
    doc = pymupdf.open("pdf", mixed_pdf(["x"], ["Rotated scan"]))
    doc.delete_page(0)
    doc[0].set_rotation(90)
    out = read_bytes(doc.tobytes(), "rot-scan.pdf")
    page = out.pages[0]
    assert page.text == "Rotated scan" and page.width == pytest.approx(400, abs=1)
    assert page.words[0].x0 == pytest.approx(20, abs=4) and page.words[0].y0 < 40 < page.words[0].y1


def test_ocr_language_that_is_not_installed() -> None:
    with pytest.raises(
        Exception, match="needs OCR in 'xyz', but that Tesseract language is not installed"
    ):
        read_bytes(render_png(["Hallo"]), "scan.png", ocr_language="xyz")


def test_text_only_pdf_never_calls_ocr() -> None:
    doc = read_bytes(text_pdf([["Born digital"]]), "digital.pdf")
    assert doc.metadata["ocr_pages"] == [] and not doc.pages[0].ocr


@pytest.mark.skipif(
    not (SHARED_DATA / "sroie-dev" / "img" / "000.jpg").exists(), reason="needs shared SROIE data"
)
def test_sroie_receipts_read_with_reasonable_confidence() -> None:
    paths = [SHARED_DATA / "sroie-dev" / "img" / f"{i:03d}.jpg" for i in range(3)]
    results = dict(iter_documents(paths))
    for path in paths:
        doc = results[path]
        assert isinstance(doc, Document) and doc.pages[0].ocr
        assert doc.pages[0].ocr_confidence > 0.5
        assert len(doc.pages[0].words) > 30
    assert "JOHOR" in results[paths[0]].text


LEFT = ["The tenant shall pay rent", "monthly in advance on the", "first day of each month",
        "without any deduction or", "set off whatsoever and in", "lawful money of the state",
        "to the landlord directly", "at the address given here"]
RIGHT = ["The landlord shall keep", "the structure and roof of", "the premises in good and",
         "tenantable repair during", "the whole of the term and", "shall insure the building",
         "against loss by fire and", "other usual insured risks"]


def test_a_two_column_scan_reads_each_column_whole() -> None:
    # A scanned two-column clause page: single-block OCR sees one line across both columns per
    # printed row; the reader must give each column's sentences in order, not interleaved.
    page = pymupdf.open().new_page(width=612, height=400)
    for i, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
        page.insert_text((40, 60 + 36 * i), left, fontsize=14)
        page.insert_text((330, 60 + 36 * i), right, fontsize=14)
    doc = read_bytes(page.get_pixmap(dpi=200).tobytes("png"), "lease-scan.png")
    text = " ".join(doc.pages[0].text.split())
    assert "rent monthly in advance" in text  # the left column runs on, line to line
    assert "keep the structure and roof" in text  # so does the right one
    assert text.index("at the address given here") < text.index("The landlord shall keep")
