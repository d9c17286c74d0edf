"""Plain text and Markdown: detect the encoding, keep the text verbatim, split into pages."""

from __future__ import annotations

from app.core.documents import Document, Page

from .pages import text_pages

_BOMS: list[tuple[bytes, str]] = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding): BOM first, then strict UTF-8, then Windows-1252, then Latin-1.

    Windows-1252 before Latin-1 because text saved on Windows uses its curly quotes and dashes;
    Latin-1 decodes any byte string, so it is the fallback that cannot fail.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    for enc in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")


def parse_text(data: bytes, name: str, sha256: str) -> Document:
    text, encoding = decode(data)
    pages: list[Page] = text_pages(text)
    return Document(
        name=name,
        kind="text",
        pages=pages,
        sha256=sha256,
        size=len(data),
        metadata={"encoding": encoding},
    )
