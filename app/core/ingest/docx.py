"""Word documents (DOCX) via python-docx: body paragraphs and tables in order, headers, footers.

DOCX has no fixed pages; explicit page breaks split pages, then long stretches are split
at paragraph breaks like plain text. There is no geometry, so pages carry no word boxes.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from app.core.documents import Document
from app.core.errors import UnreadableDocument

from .limits import Limits, mb
from .pages import text_pages

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def parse_docx(data: bytes, name: str, sha256: str, limits: Limits) -> Document:
    _check_zip_bomb(data, name, limits)
    import docx  # deferred: python-docx, so text-only workers start faster

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, lxml errors, ValueError...
        raise UnreadableDocument(
            f"'{name}' is a damaged Word document and could not be read ({type(exc).__name__})."
        ) from None
    blocks: list[str] = []
    for section in doc.sections:
        blocks.extend(_paragraphs_text(section.header.paragraphs))
    for child in doc.element.body.iterchildren():
        if child.tag == _W + "p":
            blocks.append(_para_text(child))
        elif child.tag == _W + "tbl":
            blocks.append(_table_text(child))
    for section in doc.sections:
        blocks.extend(_paragraphs_text(section.footer.paragraphs))
    text = "\n".join(blocks).strip("\n")
    props = doc.core_properties
    meta: dict[str, Any] = {"title": props.title or None, "author": props.author or None}
    return Document(
        name=name, kind="docx", pages=text_pages(text), sha256=sha256, size=len(data), metadata=meta
    )


def _para_text(p: Any) -> str:
    parts: list[str] = []
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if el.tag == _W + "t":
            parts.append(el.text or "")
        elif el.tag == _W + "tab":
            parts.append("\t")
        elif el.tag == _W + "br" and el.get(_W + "type") == "page":
            parts.append("\f")  # an explicit page break becomes a page boundary
        else:
            parts.append("\n")
    return "".join(parts)


def _table_text(tbl: Any) -> str:
    rows = []
    for tr in tbl.iter(_W + "tr"):
        cells = ["\n".join(_para_text(p) for p in tc.iter(_W + "p")) for tc in tr.iter(_W + "tc")]
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _paragraphs_text(paragraphs: Any) -> list[str]:
    return [t for t in (p.text for p in paragraphs) if t.strip()]


def _check_zip_bomb(data: bytes, name: str, limits: Limits) -> None:
    try:
        total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableDocument(f"'{name}' is a damaged or truncated Word document.") from None
    if total > limits.max_bytes:
        raise UnreadableDocument(
            f"'{name}' expands to {mb(total)} when unpacked, over the "
            f"{mb(limits.max_bytes)} limit (possible ZIP bomb)."
        )
