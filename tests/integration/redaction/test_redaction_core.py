"""True redaction through the one core path: real PDFs made with PyMuPDF, read by the real
ingest, findings placed by character range on the ingested pages, output read back."""

from __future__ import annotations

import re

import pymupdf
import pytest

from app.core.documents import Document, Finding
from app.core.errors import RedactionError
from app.core.ingest.parse import parse_bytes
from app.core.privacy.redaction import BOX, KEEP, TERM, RedactionMark
from app.core.privacy.redaction.pdf import apply_plan, narrow, open_source, redact_document
from app.core.privacy.redaction.plan import Area, plan_redaction
from app.core.privacy.redaction.verify import check_output, find_leaks

PLANTED = ["Jonathan Whitaker", "219-09-9999", "00123456", "617-555-0134"]


def _pdf(rotate: int = 0) -> bytes:
    doc = pymupdf.open()
    for i in range(3):
        page = doc.new_page()
        # Paragraphs separated by blank lines: the ingest's page text has blank lines where
        # page.get_text() has none (the drift of issue 17).
        page.insert_text((72, 72), f"Page {i + 1} of the chart for Jonathan Whitaker.")
        page.insert_text((72, 130), "SSN 219-09-9999, MRN:00123456, phone 617-555-0134.")
        page.insert_text((72, 190), "Vitals stable, plan unchanged. Mr. Whitaker to return.")
        page.insert_text((72, 250), "Seen with his daughter; follow-up in clinic.")
        page.add_text_annot((300, 300), "Note about Jonathan Whitaker")
        page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 240, 200, 255),
                          "uri": "mailto:jonathan.whitaker@example.org"})
        if rotate:
            page.set_rotation(rotate)
    doc.set_metadata({"author": "Jonathan Whitaker", "title": "Chart 219-09-9999"})
    doc.set_xml_metadata("<x:xmpmeta xmlns:x='adobe:ns:meta/'>Jonathan Whitaker</x:xmpmeta>")
    doc.embfile_add("notes.txt", b"Jonathan Whitaker 219-09-9999")
    doc.set_toc([[1, "Jonathan Whitaker", 1]])
    return doc.tobytes()


def _findings(doc: Document, values: list[str], kind: str = "X") -> list[Finding]:
    """Each value's first occurrence on each page, by offsets into the ingested text."""
    out = []
    for page in doc.pages:
        for v in values:
            s = page.text.find(v)
            if s >= 0:
                out.append(Finding(kind, page.number, s, s + len(v), 1.0))
    return out


def _text(pdf: bytes) -> str:
    out = pymupdf.open(stream=pdf, filetype="pdf")
    try:
        return " ".join(" ".join(p.get_text().split()) for p in out)
    finally:
        out.close()


@pytest.mark.parametrize("rotate", [0, 90])
def test_planted_values_are_gone_everywhere_and_the_rest_stays(rotate: int) -> None:
    data = _pdf(rotate)
    doc = parse_bytes(data, "chart.pdf")
    assert "\n\n" in doc.pages[0].text  # the ingest's layout, which the old export misread
    out = redact_document(data, doc, _findings(doc, PLANTED + ["Whitaker"], "PERSON"))
    text = _text(out.data)
    for v in PLANTED + ["Whitaker", "Jonathan"]:
        assert v not in text
    for kept in ("Vitals stable, plan unchanged.", "Seen with his daughter; follow-up in clinic.",
                 "SSN", "MRN:", "phone", "chart for", "to return"):
        assert kept in text, kept
    pdf = pymupdf.open(stream=out.data, filetype="pdf")
    meta = " ".join(str(v) for v in pdf.metadata.values()) + (pdf.get_xml_metadata() or "")
    assert "Whitaker" not in meta and "219-09" not in meta
    assert pdf.embfile_count() == 0 and pdf.get_toc() == []
    assert all(not list(p.annots()) for p in pdf)
    assert not any("whitaker" in str(ln.get("uri", "")) for p in pdf for ln in p.get_links())
    assert pdf.page_count == 3 and pdf[0].rotation == rotate
    pdf.close()
    # Per page: the name, three numbers, and "Whitaker" inside the name and after "Mr.".
    assert out.counts == {"PERSON": 3 * 6}


def test_the_same_inputs_give_the_same_bytes() -> None:
    data = _pdf()
    doc = parse_bytes(data, "chart.pdf")
    findings = _findings(doc, PLANTED)
    assert redact_document(data, doc, findings).data == redact_document(data, doc, findings).data


def test_every_occurrence_of_a_found_name_goes_even_where_it_was_not_detected() -> None:
    data = _pdf()
    doc = parse_bytes(data, "chart.pdf")
    only_page_1 = [f for f in _findings(doc, ["Jonathan Whitaker"]) if f.page == 1]
    text = _text(redact_document(data, doc, only_page_1).data)
    assert "Jonathan Whitaker" not in text  # pages 2 and 3 too
    assert "Mr. Whitaker" in text  # a different phrase: not this finding's business


def test_a_piece_of_a_word_is_narrowed_to_its_own_characters() -> None:
    data = _pdf()
    doc = parse_bytes(data, "chart.pdf")
    text = _text(redact_document(data, doc, _findings(doc, ["00123456"])).data)
    assert "MRN:" in text and "00123456" not in text


def test_boxes_that_drifted_off_their_words_are_refused() -> None:
    """The defect of issue 17, made on purpose: boxes one word to the right of the name."""
    data = _pdf()
    doc = parse_bytes(data, "chart.pdf")
    plan = plan_redaction(doc, _findings(doc, ["Jonathan Whitaker"], "PERSON"))
    page = doc.pages[0]
    words = page.words
    first = next(i for i, w in enumerate(words) if page.text[w.start:w.end] == "Jonathan")
    for t in plan.targets:
        if t.page == 1:
            shifted = words[first + 1]  # "Whitaker." instead of "Jonathan"
            t.areas = [Area(1, (shifted.x0, shifted.y0, shifted.x1, shifted.y1))]
    src = open_source(data, "pdf")
    out = apply_plan(src, narrow(src, plan))
    src.close()
    leaks = find_leaks(out, plan, doc)
    assert any(leak.page == 1 and leak.type == "PERSON" for leak in leaks)
    with pytest.raises(RedactionError, match="page 1"):
        check_output(out, plan, doc)


def test_a_box_cut_short_leaves_a_piece_that_is_refused() -> None:
    data = _pdf()
    doc = parse_bytes(data, "chart.pdf")
    plan = plan_redaction(doc, _findings(doc, ["Jonathan Whitaker"], "PERSON"))
    for t in plan.targets:
        t.areas = [Area(a.page, (a.rect[0], a.rect[1], a.rect[2] - 25, a.rect[3]))
                   for a in t.areas]  # "Whit" stays visible
    src = open_source(data, "pdf")
    out = apply_plan(src, plan)
    src.close()
    with pytest.raises(RedactionError):
        check_output(out, plan, doc)


def test_reviewer_marks_box_term_and_keep() -> None:
    data = _pdf()
    doc = parse_bytes(data, "chart.pdf")
    page = doc.pages[0]
    clinic = next(w for w in page.words if page.text[w.start:w.end] == "clinic.")
    marks = [
        RedactionMark(BOX, page=1, rect=(clinic.x1 + 0.5, clinic.y1 + 0.5,  # drawn backwards
                                         clinic.x0 - 0.5, clinic.y0 - 0.5)),
        RedactionMark(TERM, text="his  daughter"),  # any white space, every page
        RedactionMark(KEEP, text="617-555-0134"),
    ]
    out = redact_document(data, doc, _findings(doc, PLANTED), marks)
    pdf = pymupdf.open(stream=out.data, filetype="pdf")
    first = pdf[0].get_text()
    assert "clinic" not in first and "clinic" in pdf[1].get_text()  # the box is on page 1 only
    assert "daughter" not in _text(out.data)
    assert "617-555-0134" in _text(out.data)  # kept by the reviewer
    assert "219-09-9999" not in _text(out.data)
    assert out.counts["MANUAL"] == 1 + 3  # the box, the term on three pages
    pdf.close()


def test_findings_that_point_nowhere_fail_closed() -> None:
    data = _pdf()
    doc = parse_bytes(data, "chart.pdf")
    with pytest.raises(RedactionError):
        redact_document(data, doc, [Finding("PERSON", 9, 0, 4, 1.0)])
    other = parse_bytes(_pdf(90), "other.pdf")
    with pytest.raises(RedactionError, match="does not belong"):
        redact_document(data, other, _findings(other, PLANTED))


def test_a_scanned_page_is_redacted_in_its_pixels_and_checked_by_ocr() -> None:
    # A page that is only an image: the ingest OCRs it; the redaction blacks out pixels.
    text_pdf = pymupdf.open()
    page = text_pdf.new_page(width=420, height=200)
    page.insert_text((30, 60), "Patient Marguerite Okonkwo", fontsize=18)
    page.insert_text((30, 110), "Diagnosis pneumonia", fontsize=18)
    pix = page.get_pixmap(dpi=200)
    scan = pymupdf.open()
    p = scan.new_page(width=420, height=200)
    p.insert_image(p.rect, pixmap=pix)
    data = scan.tobytes()
    doc = parse_bytes(data, "scan.pdf")
    assert doc.pages[0].ocr
    out = redact_document(data, doc, _findings(doc, ["Marguerite Okonkwo"], "PERSON"))
    redacted = pymupdf.open(stream=out.data, filetype="pdf")
    reread = parse_bytes(redacted.tobytes(), "again.pdf")  # OCR of the output
    assert "Okonkwo" not in reread.pages[0].text and "pneumonia" in reread.pages[0].text


def test_a_page_whose_text_moves_when_redacted_is_flattened(monkeypatch) -> None:  # noqa: ANN001
    """Where MuPDF re-sets the rest of a line after removing glyphs, the page is written as
    an image with the boxes burnt in and checked by OCR."""
    from app.core.privacy.redaction import pdf as redaction_pdf

    data = _pdf()
    doc = parse_bytes(data, "chart.pdf")
    monkeypatch.setattr(redaction_pdf, "_moved", lambda before, after, areas: before.number == 2)
    out = redact_document(data, doc, _findings(doc, ["Jonathan Whitaker"], "PERSON"))
    assert out.flattened == 1
    pdf = pymupdf.open(stream=out.data, filetype="pdf")
    assert pdf[1].get_text().strip() == "" and pdf[1].get_images()
    assert "Vitals" in pdf[0].get_text()  # the other pages keep their text layer
    reread = parse_bytes(out.data, "again.pdf")
    assert reread.pages[1].ocr and not re.search("jonathan", reread.pages[1].text, re.I)
    assert "Vitals stable" in reread.pages[1].text  # the rest is still there to read
    assert "[=]" not in reread.pages[1].text  # the note's icon went with the note
