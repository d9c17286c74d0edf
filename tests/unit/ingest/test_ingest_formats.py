"""Every non-OCR format read in-process from real files made here, text and offsets checked."""

from __future__ import annotations

import pytest

from app.core.errors import PasswordRequired, UnreadableDocument
from app.core.ingest.limits import Limits
from app.core.ingest.parse import parse_bytes
from tests.unit.ingest.factories import docx_bytes, eml_bytes, encrypted_pdf, text_pdf


def word_texts(page) -> list[str]:
    return [page.text[w.start : w.end] for w in page.words]


def test_text_pdf_words_map_to_their_characters_and_boxes() -> None:
    data = text_pdf([["Patient John Smith", "MRN 12345"], ["Page two text"]])
    doc = parse_bytes(data, "chart.pdf")
    assert doc.kind == "pdf" and len(doc.pages) == 2
    p1 = doc.pages[0]
    assert p1.text == "Patient John Smith\n\nMRN 12345"  # two insert_text calls: two blocks
    assert word_texts(p1) == ["Patient", "John", "Smith", "MRN", "12345"]
    assert not p1.ocr and p1.ocr_confidence is None
    assert (p1.width, p1.height) == (595.0, 842.0)
    # insert_text puts the baseline at y=72 (line 1) and y=102 (line 2), starting at x=72.
    john = p1.words[1]
    assert john.x0 > 72 and john.y0 < 72 < john.y1
    mrn = p1.words[3]
    assert mrn.x0 == pytest.approx(72, abs=1) and mrn.y0 < 102 < mrn.y1
    assert doc.pages[1].text == "Page two text" and doc.pages[1].number == 2
    assert doc.sha256 == doc.digest(data) and doc.size == len(data)


def test_rotated_page_keeps_boxes_in_unrotated_space() -> None:
    import pymupdf

    src = pymupdf.open("pdf", text_pdf([["Rotated page"]]))
    src[0].set_rotation(90)
    doc = parse_bytes(src.tobytes(), "rot.pdf")
    assert doc.pages[0].text == "Rotated page"
    assert doc.pages[0].words[0].x0 == pytest.approx(72, abs=1)


def test_password_protected_pdf() -> None:
    data = encrypted_pdf("s3cret", ["Confidential settlement"])
    with pytest.raises(
        PasswordRequired,
        match=r"'deal.pdf' is password-protected; give the password with --password",
    ):
        parse_bytes(data, "deal.pdf")
    with pytest.raises(PasswordRequired, match="password given for 'deal.pdf' is wrong"):
        parse_bytes(data, "deal.pdf", password="nope")
    doc = parse_bytes(data, "deal.pdf", password="s3cret")
    assert doc.pages[0].text == "Confidential settlement" and doc.metadata["encrypted"]


def test_page_limit_stops_pdf_bombs_before_parsing() -> None:
    data = text_pdf([["x"]] * 12)
    with pytest.raises(
        UnreadableDocument, match=r"'bomb.pdf' has 12 pages, over the 10-page limit"
    ):
        parse_bytes(data, "bomb.pdf", limits=Limits(max_pages=10))


def test_truncated_pdf_is_a_clear_error_or_repaired() -> None:
    data = text_pdf([["Some words on a page"]])
    with pytest.raises(UnreadableDocument, match="'cut.pdf'"):
        parse_bytes(data[:60], "cut.pdf")


def test_text_encodings_and_form_feed_pages() -> None:
    assert parse_bytes("naïve café".encode(), "a.txt").pages[0].text == "naïve café"
    doc = parse_bytes("naïve".encode("utf-16"), "b.txt")
    assert doc.pages[0].text == "naïve" and doc.metadata["encoding"] == "utf-16"
    doc = parse_bytes("“quoted” – café".encode("cp1252"), "c.txt")
    assert doc.pages[0].text == "“quoted” – café"
    doc = parse_bytes(b"page one\r\n\x0cpage two", "d.md")
    assert [p.text for p in doc.pages] == ["page one\n", "page two"]


def test_long_text_splits_at_paragraphs() -> None:
    para = "word " * 100 + "\n\n"  # 502 chars
    doc = parse_bytes((para * 20).encode(), "long.txt")
    assert len(doc.pages) > 1
    assert all(len(p.text) <= 3000 for p in doc.pages)
    assert all(p.text.endswith("\n\n") for p in doc.pages[:-1])
    assert "".join(p.text for p in doc.pages) == para * 20


def test_html_drops_script_and_style() -> None:
    html = (
        b"<!DOCTYPE html><html><head><title>Visit</title><style>p{color:red}</style>"
        b"<script>var ssn='123-45-6789';</script></head><body><h1>Note</h1>"
        b"<p>Patient   <b>Jane&nbsp;Doe</b> seen.</p>"
        b"<table><tr><td>MRN</td><td>42</td></tr></table></body></html>"
    )
    doc = parse_bytes(html, "note.html")
    assert doc.kind == "html"
    text = doc.pages[0].text
    assert "Visit" in text and "Note" in text and "Patient Jane Doe seen." in text
    assert "MRN\t42" in text
    assert "123-45-6789" not in text and "color" not in text


def test_docx_paragraphs_tables_and_header() -> None:
    data = docx_bytes(
        ["Agreement between Acme and Bob.", "Signed 2024-05-01."],
        [["Name", "Role"], ["Bob", "Buyer"]],
        header="CONFIDENTIAL",
    )
    doc = parse_bytes(data, "contract.docx")
    assert doc.kind == "docx"
    assert (
        doc.pages[0].text == "CONFIDENTIAL\nAgreement between Acme and Bob.\nSigned 2024-05-01.\n"
        "Name\tRole\nBob\tBuyer"
    )


def test_eml_headers_body_and_attachments_as_child_documents() -> None:
    pdf = text_pdf([["Attached lab report"]])
    data = eml_bytes(
        "Hello Bob,\nresults attached.",
        [
            ("lab.pdf", pdf, "application/pdf"),
            ("junk.bin", b"\x00\x01\x02" * 10, "application/octet-stream"),
        ],
    )
    doc = parse_bytes(data, "mail.eml")
    assert doc.kind == "eml"
    text = doc.pages[0].text
    assert text.startswith(
        "From: Alice Example <alice@example.org>\nTo: Bob Roe <bob@example.com>\n"
    )
    assert text.endswith("\n\nHello Bob,\nresults attached.")
    assert doc.metadata["subject"] == "Lab results for J. Smith"
    [child] = doc.metadata["attachments"]
    assert (
        child.name == "lab.pdf"
        and child.kind == "pdf"
        and child.pages[0].text == "Attached lab report"
    )
    [skipped] = doc.metadata["skipped_attachments"]
    assert skipped["name"] == "junk.bin" and "not a document format" in skipped["reason"]


def test_eml_html_only_body() -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "a@example.org"
    msg["Subject"] = "Hi"
    msg.set_content(
        "<html><body><p>Only <i>HTML</i> here</p><script>x()</script></body></html>", subtype="html"
    )
    doc = parse_bytes(msg.as_bytes(), "h.eml")
    assert doc.pages[0].text.endswith("Only HTML here")
