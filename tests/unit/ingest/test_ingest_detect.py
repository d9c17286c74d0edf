"""Formats are told apart by content; bad input gets one specific sentence naming the file."""

from __future__ import annotations

import io
import zipfile

import pytest

from app.core.errors import UnreadableDocument
from app.core.ingest.detect import sniff
from app.core.ingest.limits import Limits
from app.core.ingest.parse import parse_bytes
from tests.unit.ingest.factories import docx_bytes, eml_bytes, render_png, text_pdf


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda: text_pdf([["x"]]), "pdf"),
        (lambda: render_png(["x"]), "image"),
        (lambda: docx_bytes(["x"]), "docx"),
        (lambda: eml_bytes("x"), "eml"),
        (lambda: b"<html><body>x</body></html>", "html"),
        (lambda: b"# Title\n\nMarkdown *text*", "text"),
        (lambda: b"BMW service invoice", "text"),
    ],
)
def test_sniff_by_content(make, kind: str) -> None:
    # The name says .txt for all of them: the content decides.
    assert sniff(make(), "renamed.txt")[0] == kind


def test_wrong_extension_is_read_as_what_it_is() -> None:
    doc = parse_bytes(text_pdf([["Really a PDF"]]), "notes.txt")
    assert doc.kind == "pdf" and doc.pages[0].text == "Really a PDF"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"'f' is empty \(0 bytes\)\."),
        (
            b"\x7fELF\x02\x01\x01" + b"\x00" * 50,
            r"'f' is a program \(ELF executable\), which Enclave does not read\.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50,
            r"'f' is an old Microsoft Office file",
        ),
        (b"\x00\x01\x02\x03binary", r"'f' is not a document format Enclave reads"),
        (b"PK\x03\x04garbage", r"'f' is a damaged or truncated ZIP/DOCX file"),
    ],
)
def test_unsupported_and_broken_input(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableDocument, match=message):
        parse_bytes(data, "f")


def test_plain_zip_and_zip_bomb_docx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    with pytest.raises(UnreadableDocument, match="'a.zip' is a ZIP archive; unpack it first"):
        parse_bytes(buf.getvalue(), "a.zip")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w/>")
        z.writestr("word/media/zeros.bin", b"\x00" * 5_000_000)
    with pytest.raises(
        UnreadableDocument, match=r"'b.docx' expands to 4.8 MB .* \(possible ZIP bomb\)"
    ):
        parse_bytes(buf.getvalue(), "b.docx", limits=Limits(max_bytes=1_000_000))


def test_size_limit() -> None:
    with pytest.raises(UnreadableDocument, match=r"'big.txt' is 0.0 MB, over the 0.0 MB limit"):
        parse_bytes(b"x" * 200, "big.txt", limits=Limits(max_bytes=100))
