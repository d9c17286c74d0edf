"""E-mail (RFC 822 / .eml) with the standard library.

Page text is the headers a reader sees (From, To, Cc, Date, Subject) then the body, because
names and addresses in headers are PII too. Attachments are read as documents of their own
and listed in `Document.metadata["attachments"]` (a list of `Document`); any that could not be
read are listed in `metadata["skipped_attachments"]` as {"name", "reason"}. Nested e-mails are
followed up to `Limits.max_attachment_depth`.
"""

from __future__ import annotations

from collections.abc import Callable
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from typing import Any

from app.core.documents import Document
from app.core.errors import UnreadableDocument

from .html import html_to_text
from .pages import text_pages

_SHOWN_HEADERS = ("From", "To", "Cc", "Date", "Subject")
Reader = Callable[[bytes, str, int], Document]  # (data, name, depth) -> Document


def parse_eml(data: bytes, name: str, sha256: str, *, read_child: Reader, depth: int) -> Document:
    try:
        msg = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # the parser is lenient; this is for truly mangled input
        raise UnreadableDocument(
            f"'{name}' is not a readable e-mail ({type(exc).__name__})."
        ) from None
    assert isinstance(msg, EmailMessage)
    header_lines = [f"{h}: {msg[h]}" for h in _SHOWN_HEADERS if _safe_header(msg, h)]
    body = _body_text(msg)
    text = "\n".join(header_lines) + ("\n\n" if header_lines else "") + body
    attachments: list[Document] = []
    skipped: list[dict[str, str]] = []
    for i, part in enumerate(msg.iter_attachments()):
        att_name = part.get_filename() or f"attachment-{i + 1}"
        try:
            payload = _payload_bytes(part)
            attachments.append(read_child(payload, att_name, depth + 1))
        except UnreadableDocument as exc:
            skipped.append({"name": att_name, "reason": str(exc)})
    meta: dict[str, Any] = {h.lower(): _safe_header(msg, h) for h in _SHOWN_HEADERS}
    meta.update(attachments=attachments, skipped_attachments=skipped)
    return Document(
        name=name, kind="eml", pages=text_pages(text), sha256=sha256, size=len(data), metadata=meta
    )


def _safe_header(msg: Message, header: str) -> str | None:
    try:
        value = msg[header]
    except Exception:  # a malformed header must not cost the whole message
        return None
    return str(value) if value is not None else None


def _body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except Exception:
        raw = part.get_payload(decode=True)
        content = raw.decode("latin-1") if isinstance(raw, bytes) else str(raw or "")
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return str(content).replace("\r\n", "\n").rstrip("\n")


def _payload_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) else inner
        return inner.as_bytes(policy=policy.default) if isinstance(inner, Message) else b""
    raw = part.get_payload(decode=True)
    if isinstance(raw, bytes):
        return raw
    return str(part.get_payload()).encode("utf-8")
