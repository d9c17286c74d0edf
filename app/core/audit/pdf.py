"""The PDF audit report (PyMuPDF): a readable listing, with the exact JSONL attached inside so
the PDF alone can be re-verified entry by entry."""

from __future__ import annotations

from typing import Any

import fitz

from app.core.audit.chain import AuditEntry

_A4 = (595, 842)
_MARGIN = 36
_LINE = 9.0
_FONT = 6.5
_WIDTH = 130  # characters of Courier 6.5pt across the page


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _lines(entries: list[AuditEntry], facts: dict[str, Any]) -> list[str]:
    out = [
        "ENCLAVE AUDIT LOG REPORT",
        "",
        f"Entries: {facts['entries']}   sequence {facts['first_seq']}..{facts['last_seq']}",
        f"Chain head: {facts['chain_head']}",
        f"Exported at (UTC): {facts['exported_at']}",
        f"Signing key fingerprint (Ed25519): {facts['key_fingerprint']}",
        "Verify with: enclave audit verify --export THIS_FILE  (needs THIS_FILE.manifest.json)",
        "The exact entries are attached to this PDF as audit.jsonl.",
        "",
        "seq   time (UTC)                        actor / action / object / outcome",
        "-" * _WIDTH,
    ]
    for e in entries:
        out.append(_latin1(f"{e.seq:<5} {e.ts:<33} {e.actor}  {e.action}  "
                           f"{e.object_type}:{e.object_id}  {e.outcome}")[:_WIDTH])
        detail = f"      details={e.details}  hmac={e.hmac[:16]}.. prev={e.prev_hash[:16]}.."
        out.append(_latin1(detail if len(detail) <= _WIDTH else detail[: _WIDTH - 3] + "..."))
    return out


def render_pdf(entries: list[AuditEntry], facts: dict[str, Any], jsonl: bytes) -> bytes:
    doc = fitz.open()
    per_page = int((_A4[1] - 2 * _MARGIN) // _LINE)
    lines = _lines(entries, facts)
    for i in range(0, max(len(lines), 1), per_page):
        page = doc.new_page(width=_A4[0], height=_A4[1])
        page.insert_text((_MARGIN, _MARGIN + _FONT), "\n".join(lines[i:i + per_page]),
                         fontname="cour", fontsize=_FONT, lineheight=_LINE / _FONT)
    doc.embfile_add("audit.jsonl", jsonl, filename="audit.jsonl", desc="Enclave audit entries")
    doc.set_metadata({"title": "Enclave audit log", "producer": "Enclave", "creator": "Enclave"})
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def attachment(data: bytes, name: str) -> bytes:
    doc = fitz.open(stream=data, filetype="pdf")
    try:
        return bytes(doc.embfile_get(name))
    finally:
        doc.close()
