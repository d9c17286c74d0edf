"""Decide a file's format from its first bytes, never from its name.

A `.pdf` that is really a PNG is read as a PNG; a `.txt` that is really an executable is refused.
"""

from __future__ import annotations

import io
import re
import zipfile

from app.core.errors import UnreadableDocument

# Binary formats we refuse by name, so the message says what the file is.
_REFUSED: list[tuple[bytes, str]] = [
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Microsoft Office file (.doc/.xls/.msg); save it as DOCX or PDF",
    ),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"Rar!", "a RAR archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
    (b"{\\rtf", "an RTF file; save it as DOCX or PDF"),
]

_IMAGES: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
]

_HEADER = re.compile(
    rb"^(from|to|subject|date|received|return-path|message-id|mime-version|delivered-to|x-[\w-]+):",
    re.I,
)
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)


def sniff(data: bytes, name: str) -> tuple[str, str]:
    """Return (kind, subtype), e.g. ("pdf", "pdf"), ("image", "tiff"), ("text", "text")."""
    if not data:
        raise UnreadableDocument(f"'{name}' is empty (0 bytes).")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf", "pdf"
    for magic, sub in _IMAGES:
        if data.startswith(magic):
            # "BM" is also a plausible start of English text ("BMW ..."): check the header size.
            if sub == "bmp" and (len(data) < 26 or data[14] not in (12, 40, 56, 64, 108, 124)):
                continue
            return "image", sub
    if data.startswith(b"PK\x03\x04"):
        return "docx", _zip_kind(data, name)
    for magic, what in _REFUSED:
        if data.startswith(magic):
            raise UnreadableDocument(f"'{name}' is {what}, which Enclave does not read.")
    if _looks_binary(data[:8192]):
        raise UnreadableDocument(
            f"'{name}' is not a document format Enclave reads (binary data of unknown type)."
        )
    text_head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _looks_like_email(text_head):
        return "eml", "rfc822"
    if _HTML.search(data[:2048]):
        return "html", "html"
    return "text", "text"


def _zip_kind(data: bytes, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableDocument(
            f"'{name}' is a damaged or truncated ZIP/DOCX file ({exc})."
        ) from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise UnreadableDocument(
            f"'{name}' is an Excel workbook, which Enclave does not read; save it as PDF."
        )
    if "mimetype" in names:
        raise UnreadableDocument(
            f"'{name}' is an OpenDocument file, which Enclave does not read; "
            "save it as DOCX or PDF."
        )
    raise UnreadableDocument(f"'{name}' is a ZIP archive; unpack it first.")


def _looks_binary(chunk: bytes) -> bool:
    if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NULs by design
    if b"\x00" in chunk:
        return True
    control = sum(1 for b in chunk if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(chunk) * 0.05


def _looks_like_email(head: bytes) -> bool:
    # An RFC 822 message starts with header lines; two of the usual ones are enough.
    lines = head.split(b"\n", 20)[:20]
    hits = sum(1 for line in lines if _HEADER.match(line))
    return hits >= 2 and bool(_HEADER.match(lines[0]) or lines[0].startswith(b"From "))
