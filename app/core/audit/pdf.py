"""The PDF audit report: a header (workspace, when, by whom, period, entries), the verification
result in a box of its own, then the log as a table an auditor reads — time, who, action and
details in words, the document's name beside its id — with the header row repeated and
"Page i of n" on every page.

The exact JSON Lines of the entries is attached inside the PDF (`audit.jsonl`), so the PDF
alone can be re-verified entry by entry with `enclave audit verify --export FILE`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import fitz

from app.core.audit import phrases as ph
from app.core.audit.chain import AuditEntry
from app.core.audit.pdf_layout import (
    BAD_FILL,
    BOLD,
    GREEN,
    INK,
    MONO,
    MUTED,
    RED,
    REGULAR,
    RULE,
    STRIPE,
    Canvas,
    Color,
    Column,
    Run,
    Table,
    wrap,
)
from app.core.audit.rows import GONE, AuditRow, period

if TYPE_CHECKING:
    from app.core.audit.export import Readable
    from app.core.audit.report import Verification

PAGE = (842.0, 595.0)  # A4 landscape: six columns of words need the width
MARGIN = 40.0
FOOTER = 24.0
COLUMNS = (Column("#", 30), Column("Time", 80), Column("Who", 74), Column("Action", 178),
           Column("Document", 156), Column("Details", PAGE[0] - 2 * MARGIN - 518))
TITLE = "Audit log report"


def render_pdf(entries: list[AuditEntry], facts: dict[str, Any], jsonl: bytes,
               readable: Readable) -> bytes:
    doc = fitz.open()
    now = datetime.now().astimezone()
    table = Table(COLUMNS, MARGIN)
    canvas = _page(doc)
    y = _header(canvas, facts, readable, now)
    y = _verification(canvas, y + 14, readable.verification)
    y = table.draw_header(canvas, y + 16)
    bottom = PAGE[1] - MARGIN - FOOTER
    bad = readable.verification.first_bad if readable.verification else None  # row tinted red
    if not readable.rows:
        canvas.paragraph(MARGIN + 3, y + 2, table.width, "The log has no entries.", size=8,
                         color=MUTED)
    for i, row in enumerate(readable.rows):
        laid = table.lay(_cells(row), bottom - MARGIN - table.header_height - 20)
        if y + laid.height > bottom:
            canvas.finish()
            canvas = _page(doc)
            canvas.text(MARGIN, MARGIN + 10, f"{TITLE} (continued)", BOLD, 10)
            y = table.draw_header(canvas, MARGIN + 20)
        fill = BAD_FILL if row.seq == bad else STRIPE if i % 2 else None
        y = table.draw_row(canvas, y, laid, fill)
    canvas.finish()
    _footers(doc, readable, now)
    doc.embfile_add("audit.jsonl", jsonl, filename="audit.jsonl", desc="Enclave audit entries")
    doc.set_metadata({"title": f"Enclave {TITLE.lower()}", "producer": "Enclave",
                      "creator": "Enclave", "subject": f"{facts['entries']} audit entries"})
    doc.subset_fonts()
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def attachment(data: bytes, name: str) -> bytes:
    doc = fitz.open(stream=data, filetype="pdf")
    try:
        return bytes(doc.embfile_get(name))
    finally:
        doc.close()


def _page(doc: fitz.Document) -> Canvas:
    return Canvas(doc.new_page(width=PAGE[0], height=PAGE[1]))


def _header(c: Canvas, facts: dict[str, Any], r: Readable, now: datetime) -> float:
    right = PAGE[0] - MARGIN
    c.text(MARGIN, MARGIN + 8, "ENCLAVE", BOLD, 8, MUTED)
    c.text(MARGIN, MARGIN + 32, TITLE, BOLD, 22)
    c.text_right(right, MARGIN + 8, "Tamper-evident, hash-chained and signed", REGULAR, 8, MUTED)
    y = MARGIN + 44
    c.line(MARGIN, y, right, y, INK, 1.2)
    names = ("included — this report names documents; handle it as confidential"
             if r.names_included else "left out (ids only)")
    first, last = facts["first_seq"], facts["last_seq"]
    left = [("Workspace", r.workspace or "—"),
            ("Generated", f"{now.strftime('%Y-%m-%d %H:%M:%S')} by {_who(r.generated_by)}"),
            ("Period covered", period(r.rows)),
            ("Entries", f"{facts['entries']:,}" + (f" (#{first} to #{last})" if last else ""))]
    right_col = [("Times", f"local ({_offset(now)})"),
                 ("Document names", names),
                 ("Signing key (Ed25519)", str(facts["key_fingerprint"])),
                 ("Chain head", str(facts["chain_head"]))]
    y0 = y + 8
    half = (right - MARGIN) / 2
    ya = _facts(c, MARGIN, y0, half - 12, left)
    yb = _facts(c, MARGIN + half, y0, half, right_col)
    return max(ya, yb)


def _facts(c: Canvas, x: float, y: float, width: float, items: list[tuple[str, str]]) -> float:
    label_w = 96.0
    for label, value in items:
        c.text(x, y + 9, label, BOLD, 8, MUTED)
        font = MONO if label in ("Signing key (Ed25519)", "Chain head") else REGULAR
        y = c.paragraph(x + label_w, y - 1.4, width - label_w, value, font, 8.5) + 4
    return y


def _offset(now: datetime) -> str:
    off = now.strftime("%z")  # "+0200"
    named = now.strftime("%Z")
    utc = f"UTC{off[:3]}:{off[3:]}" if off else "UTC"
    return f"{named}, {utc}" if named and not named.startswith(("+", "-", "UTC")) else utc


def _who(actor: str) -> str:
    return ph.who(actor) if actor else "—"


def _verification(c: Canvas, y: float, v: Verification | None) -> float:
    x, width = MARGIN, PAGE[0] - 2 * MARGIN
    if v is None:
        color, headline = MUTED, "Not verified: this report was made without the workspace's keys."
        lines = [("Hash chain", "not checked"), ("Signed checkpoint", "not checked")]
    else:
        color, headline = (GREEN if v.ok else RED), v.headline()
        when = ph.local_time(v.checkpoint.written_at) if v.checkpoint.written_at else ""
        lines = [("Hash chain", v.chain_sentence()),
                 ("Signed checkpoint", v.checkpoint_sentence(when))]
    lines.append(("Re-check this file", "enclave audit verify --export FILE (keep FILE.manifest"
                  ".json beside it). The exact entries are attached to this PDF as audit.jsonl;"
                  " compare the signing key's fingerprint with the one the workspace shows."))
    # Measure first (the box is drawn under the text), then draw.
    inner = width - 2 * 12 - 18
    height = 12 + 16 + sum(_para_height(t, inner - 110) for _l, t in lines) + 8
    box = fitz.Rect(x, y, x + width, y + height)
    r, g, b = color
    c.rect(box, fill=(0.9 + r * 0.1, 0.9 + g * 0.1, 0.9 + b * 0.1), stroke=color, width=1.2)
    c.rect(fitz.Rect(x, y, x + 5, y + height), fill=color)
    _mark(c, x + 20, y + 19, v is not None and v.ok, color)
    c.text(x + 32, y + 23, headline, BOLD, 12, color)
    ty = y + 32
    for label, text in lines:
        c.text(x + 32, ty + 9, label, BOLD, 8, INK)
        ty = c.paragraph(x + 32 + 110, ty - 1.4, inner - 110, text, REGULAR, 8.5) + 3
    return box.y1


def _para_height(text: str, width: float) -> float:
    return len(wrap(text, REGULAR, 8.5, width)) * 8.5 * 1.3 + 3


def _mark(c: Canvas, cx: float, cy: float, ok: bool, color: Color) -> None:
    """A drawn tick or cross (the built-in fonts have neither glyph)."""
    shape = c.page.new_shape()
    if ok:
        shape.draw_polyline([(cx - 5, cy), (cx - 1.5, cy + 4), (cx + 5.5, cy - 5)])
    else:
        shape.draw_line((cx - 4.5, cy - 4.5), (cx + 4.5, cy + 4.5))
        shape.draw_line((cx - 4.5, cy + 4.5), (cx + 4.5, cy - 4.5))
    shape.finish(color=color, width=2.2, lineCap=1, lineJoin=1)
    shape.commit()


def _cells(row: AuditRow) -> list[list[Run]]:
    tone = RED if row.failed else None
    docs: list[Run] = []
    for d in row.documents:
        if d.name:
            docs.append(Run(d.name, color=MUTED if d.name == GONE else (tone or INK)))
        docs.append(Run(d.id, MONO, MUTED, 6.5))
    return [
        [Run(str(row.seq), color=MUTED)],
        [Run(row.time)],
        [Run(row.who)],
        [Run(row.action, BOLD if row.failed else REGULAR, tone or INK),
         Run(row.code, MONO, MUTED, 6.0)],
        docs,
        [Run(row.details or "—", color=INK if row.details else MUTED)],
    ]


def _footers(doc: fitz.Document, r: Readable, now: datetime) -> None:
    n = doc.page_count
    for i, page in enumerate(doc):
        c = Canvas(page)
        y = PAGE[1] - MARGIN + 6
        c.line(MARGIN, y - 12, PAGE[0] - MARGIN, y - 12, RULE, 0.5)
        c.text(MARGIN, y, f"Enclave {TITLE.lower()} · generated {now.strftime('%Y-%m-%d %H:%M')}"
               f" by {_who(r.generated_by)}", REGULAR, 7, MUTED)
        c.text_right(PAGE[0] - MARGIN, y, f"Page {i + 1} of {n}", REGULAR, 7, MUTED)
        c.finish()
