"""The receipt pack: till receipts and invoices.

What it knows that the general engine does not: which printed amount is the total paid and which
the tax (`totals.py`, from the amounts and labels `amounts.py` reads: tendered − change, subtotal
+ tax, cash rounding, the tax summary), where the issuer's name and address stand in the
letterhead (`layout.py`), and how OCR of a till roll misreads them (`misread.py`). Its
vocabularies are those of the receipts it was written for (Malaysian English and Malay, SROIE).
"""

from __future__ import annotations

from app.core.extract import candidates as C
from app.core.extract.candidates import Candidate
from app.core.extract.packs.receipt import layout, totals
from app.core.extract.registry import Context, Pack, Rule

NAME = "receipt"

# The field names this pack reads as a receipt's total or tax.
ROLES = {
    **dict.fromkeys(("total", "amount_due", "grand_total", "total_amount"), "total"),
    **dict.fromkeys(("tax", "gst", "vat", "sales_tax"), "tax"),
}


def _total(ctx: Context) -> list[Candidate]:
    return totals.total_candidates(ctx.lines)


def _tax(ctx: Context) -> list[Candidate]:
    return totals.tax_candidates(ctx.lines)


def _address(ctx: Context) -> list[Candidate]:
    """The letterhead's address block, then labelled values shaped like an address."""
    found = layout.address_candidates(ctx.doc, ctx.lines)
    labelled = C.text_candidates(ctx.lines, ctx.spec)
    return found + [c for c in labelled if layout.looks_like_address(c.value)]


def _issuer(ctx: Context) -> list[Candidate]:
    """Labelled values the letterhead reading takes for a name, then the letterhead's business
    (a receipt or invoice names one organisation by position, not by label)."""
    labelled = C.text_candidates(ctx.lines, ctx.spec)
    names = [c for c in labelled if layout.is_name_line(c.value)]
    return names + layout.issuer_candidates(ctx.doc, ctx.lines)


PACK = Pack(
    NAME,
    "Till receipts and invoices: totals and tax, the issuer's name and address.",
    rules=(
        Rule("amount", _total, role="total"),
        Rule("amount", _tax, role="tax"),
        Rule("address", _address),
        Rule("organization", _issuer, multiple=False),
    ),
    roles=ROLES,
)
