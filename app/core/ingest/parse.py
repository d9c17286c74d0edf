"""Read bytes into a `Document`, in the current process. The sandbox calls this in its child.

Use `app.core.ingest.read_bytes` from the app: it runs this behind the sandbox's limits.
"""

from __future__ import annotations

from app.core.documents import Document
from app.core.errors import UnreadableDocument

from .detect import sniff
from .docx import parse_docx
from .eml import parse_eml
from .html import parse_html
from .image import parse_image
from .limits import DEFAULT_LIMITS, Limits, mb
from .pdf import parse_pdf
from .text import parse_text


def parse_bytes(
    data: bytes,
    name: str,
    *,
    password: str | None = None,
    ocr_language: str = "eng",
    limits: Limits = DEFAULT_LIMITS,
    depth: int = 0,
) -> Document:
    if len(data) > limits.max_bytes:
        raise UnreadableDocument(
            f"'{name}' is {mb(len(data))}, over the {mb(limits.max_bytes)} limit."
        )
    kind, subtype = sniff(data, name)
    sha256 = Document.digest(data)
    if kind == "pdf":
        doc = parse_pdf(
            data, name, sha256, password=password, ocr_language=ocr_language, limits=limits
        )
    elif kind == "image":
        doc = parse_image(data, name, sha256, subtype, ocr_language=ocr_language, limits=limits)
    elif kind == "docx":
        doc = parse_docx(data, name, sha256, limits)
    elif kind == "eml":

        def read_child(child: bytes, child_name: str, child_depth: int) -> Document:
            if child_depth > limits.max_attachment_depth:
                raise UnreadableDocument(
                    f"'{child_name}' is nested more than "
                    f"{limits.max_attachment_depth} e-mails deep."
                )
            # The caller's password also opens encrypted attachments (one password per batch).
            return parse_bytes(
                child,
                child_name,
                password=password,
                ocr_language=ocr_language,
                limits=limits,
                depth=child_depth,
            )

        doc = parse_eml(data, name, sha256, read_child=read_child, depth=depth)
    elif kind == "html":
        doc = parse_html(data, name, sha256)
    else:
        doc = parse_text(data, name, sha256)
    if sum(len(p.text) for p in doc.pages) > limits.max_chars:
        raise UnreadableDocument(
            f"'{name}' holds more than {limits.max_chars:,} characters of text, over the limit."
        )
    return doc
