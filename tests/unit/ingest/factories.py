"""Real documents made on the fly: PyMuPDF writes PDFs and renders scans, python-docx writes
DOCX, the standard library writes e-mail and TIFF. Shared by unit and integration tests."""

from __future__ import annotations

import struct
from email.message import EmailMessage

import pymupdf

FONT_SIZE = 14


def text_pdf(pages: list[list[str]]) -> bytes:
    """One line of text per entry, 30 pt apart, from (72, 72): predictable words and boxes."""
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page()
        for i, line in enumerate(lines):
            page.insert_text((72, 72 + 30 * i), line, fontsize=FONT_SIZE)
    return doc.tobytes()


def render_png(lines: list[str], dpi: int = 200, width: float = 400, height: float = 200) -> bytes:
    """A 'photo' of text: large type on a white page, rendered to pixels."""
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    for i, line in enumerate(lines):
        page.insert_text((20, 40 + 36 * i), line, fontsize=24)
    return page.get_pixmap(dpi=dpi).tobytes("png")


def render_jpeg(lines: list[str], dpi: int = 200) -> bytes:
    pix = pymupdf.Pixmap(render_png(lines, dpi))
    return pix.tobytes("jpg", jpg_quality=92)


def scanned_pdf_page(doc: pymupdf.Document, lines: list[str], dpi: int = 200) -> None:
    """Append an image-only page (no text layer), as a scanner would make it."""
    page = doc.new_page(width=400, height=200)
    page.insert_image(page.rect, stream=render_png(lines, dpi))


def mixed_pdf(text_lines: list[str], scan_lines: list[str]) -> bytes:
    doc = pymupdf.open("pdf", text_pdf([text_lines]))
    scanned_pdf_page(doc, scan_lines)
    return doc.tobytes()


def encrypted_pdf(password: str, lines: list[str]) -> bytes:
    doc = pymupdf.open("pdf", text_pdf([lines]))
    return doc.tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=password, owner_pw=password + "-owner"
    )


def multipage_tiff(pages: list[list[str]], dpi: int = 200) -> bytes:
    """Uncompressed 8-bit grayscale multi-page TIFF (PyMuPDF cannot write TIFF; no Pillow)."""
    frames = []
    for lines in pages:
        pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.Pixmap(render_png(lines, dpi)))
        frames.append((pix.width, pix.height, pix.samples))
    out = bytearray(b"II*\x00" + struct.pack("<I", 0))
    prev_next_ptr = 4
    for w, h, samples in frames:
        data_off = len(out)
        out += samples
        if len(out) % 2:
            out += b"\x00"
        ifd_off = len(out)
        struct.pack_into("<I", out, prev_next_ptr, ifd_off)
        tags = [
            (256, 4, 1, w),
            (257, 4, 1, h),
            (258, 3, 1, 8),
            (259, 3, 1, 1),
            (262, 3, 1, 1),
            (273, 4, 1, data_off),
            (277, 3, 1, 1),
            (278, 4, 1, h),
            (279, 4, 1, len(samples)),
            (282, 5, 1, 0),
            (283, 5, 1, 0),
            (296, 3, 1, 2),
        ]
        ifd_size = 2 + 12 * len(tags) + 4
        rational_off = ifd_off + ifd_size
        out += struct.pack("<H", len(tags))
        for tag, typ, count, value in tags:
            if typ == 5:  # resolution: a RATIONAL stored after the IFD
                value = rational_off + (0 if tag == 282 else 8)
            fmt = "<HHIHH" if typ == 3 else "<HHII"
            out += (
                struct.pack(fmt, tag, typ, count, value, 0)
                if typ == 3
                else struct.pack(fmt, tag, typ, count, value)
            )
        prev_next_ptr = len(out)
        out += struct.pack("<I", 0)
        out += struct.pack("<II", dpi, 1) * 2
    return bytes(out)


def docx_bytes(
    paragraphs: list[str], table: list[list[str]] | None = None, header: str | None = None
) -> bytes:
    import io

    import docx

    d = docx.Document()
    if header:
        d.sections[0].header.paragraphs[0].text = header
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def eml_bytes(
    body: str, attachments: list[tuple[str, bytes, str]] = (), html: str | None = None
) -> bytes:  # type: ignore[assignment]
    msg = EmailMessage()
    msg["From"] = "Alice Example <alice@example.org>"
    msg["To"] = "Bob Roe <bob@example.com>"
    msg["Subject"] = "Lab results for J. Smith"
    msg["Date"] = "Mon, 06 May 2024 10:00:00 +0000"
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()
