"""Receipt and invoice totals and tax: which printed amount is the one the customer paid.

No single cue is reliable, so each distinct amount (read in `amounts.py`) collects evidence from
several independent ones, recorded as methods:

- `label`: a total-like label on its line or just above it ("TOTAL ROUNDED", "TOTAL (INCL GST)"),
  discounted for labels that name something else (subtotal, tax, cash, change, rounding) and for
  the tax-summary table printed after the total;
- `tender`: the arithmetic of payment, tendered − change = total;
- `sum`: subtotal + tax (+ rounding) = total;
- `items`: the running sum of the amounts above it;
- `rounded`: the total rounded to the 0.05 of cash rounding;
- `largest`: the largest amount that is not cash tendered;
- `repeated`: totals are printed more than once (total, cash paid, summary).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.core.extract import patterns as P
from app.core.extract.candidates import Candidate
from app.core.extract.lines import Line
from app.core.extract.packs.receipt.amounts import (
    CHANGE,
    FINAL,
    INCL_TAX,
    NOT_TOTAL,
    ROUNDING,
    STRONG,
    SUBTOTAL,
    TAXLBL,
    TENDER,
    AmountHit,
    amount_hits,
)

STEP = Decimal("0.05")  # cash rounding's step


def _label_score(h: AmountHit) -> float:
    lbl = h.label
    if not lbl or not FINAL.search(lbl):
        return 0.0
    if (
        TENDER.search(lbl)
        or CHANGE.search(lbl)
        or (NOT_TOTAL.search(lbl) and not INCL_TAX.search(lbl))
    ):
        return 0.0
    if ROUNDING.search(lbl) and not re.search(r"total|after", lbl, re.I):
        return 0.0  # "ROUNDING ADJ -0.01": the adjustment, not the rounded total
    s = 0.55 if h.distance < 3 else 0.5
    if STRONG.search(lbl):
        s += 0.15
    s += {0: 0.1, 1: 0.05}.get(h.distance, 0.0)
    if h.in_column and h.distance < 3:
        s -= 0.25  # "TOTAL" above a column of amounts: which one is its own is unclear
    if h.in_summary:
        s -= 0.35
    return max(s, 0.05)


def _is_tax_label(label: str) -> bool:
    """ "GST 6%", "TOTAL TAX", "TOTAL GST": the tax, though the word total may name it."""
    if not TAXLBL.search(label):
        return False
    named_tax = NOT_TOTAL.search(label) and not INCL_TAX.search(label)
    return not FINAL.search(label) or bool(named_tax)


@dataclass
class _Evidence:
    """Every amount of a receipt (`every`; the positive ones `hits`, grouped `by_value`) and the
    values its labels name as tendered, change, subtotal, tax and rounding."""

    every: list[AmountHit]
    hits: list[AmountHit]
    by_value: dict[Decimal, list[AmountHit]]
    tender: set[Decimal]
    change: set[Decimal]
    subtotal: set[Decimal]
    tax: set[Decimal]
    rounding: set[Decimal]


def _evidence(lines: list[Line]) -> _Evidence | None:
    # Every amount once (labels, columns and misreadings are worked out per call); the zero and
    # negative ones ("CHANGE 0.00", "ROUNDING -0.02") count as evidence, never as the total.
    every = amount_hits(lines)
    hits = [h for h in every if h.value > 0]
    if not hits:
        return None
    by_value: dict[Decimal, list[AmountHit]] = {}
    for h in hits:
        by_value.setdefault(h.value, []).append(h)
    return _Evidence(
        every,
        hits,
        by_value,
        tender={h.value for h in hits if TENDER.search(h.label) and not FINAL.search(h.label)},
        change={h.value for h in every if CHANGE.search(h.label)},
        subtotal={h.value for h in hits if SUBTOTAL.search(h.label)},
        tax={h.value for h in every if _is_tax_label(h.label)},
        rounding={h.value for h in every if ROUNDING.search(h.label)},
    )


def _tender_support(lines: list[Line], ev: _Evidence) -> dict[Decimal, float]:
    """Tendered − change = total. In a column layout the labels are elsewhere, so any pair of
    amounts printed after the candidate counts, when the receipt mentions change at all."""
    support: dict[Decimal, float] = {}
    if not any(CHANGE.search(ln.text) for ln in lines):
        return support
    later_vals = [(h.line.index, h.value) for h in ev.every]
    for v, vh in ev.by_value.items():
        first = min(h.line.index for h in vh)
        after = [(i, x) for i, x in later_vals if i >= first]
        for ia, a in after:
            if a <= v:
                continue
            for ib, b in after:
                if ib > ia and a - b == v and b in ev.change and a in ev.tender:
                    support[v] = 0.35
    return support


def _sum_support(ev: _Evidence) -> dict[Decimal, float]:
    """Subtotal + tax (+ rounding) = total. Three printed figures that add up to a fourth are
    strong evidence where OCR has garbled the total's own label ("again wee E 4 re 27.55")."""
    support: dict[Decimal, float] = {}
    for s in ev.subtotal:
        for t in ev.tax | {Decimal("0.00")}:
            for r in ev.rounding | {Decimal("0.00")}:
                for sign in (1, -1):
                    v = s + t + sign * r
                    if v in ev.by_value and (t or r):
                        weight = 0.35 if t and r else 0.15
                        support[v] = max(support.get(v, 0.0), weight)
    return support


def _rounded(lines: list[Line], ev: _Evidence) -> tuple[set[Decimal], set[Decimal]]:
    """Total + rounding adjustment = the rounded total, which is what was paid: (the rounded
    totals, the unrounded ones they were rounded from)."""
    rounded: set[Decimal] = set()
    unrounded: set[Decimal] = set()
    adjustments = {abs(x) for x in ev.rounding if x}
    # "GROUND FLOOR" in an address is no rounding line: the word itself, as a label.
    rounding_line = not adjustments and any(
        re.match(r"\W*round(?:ing|ed)?\b", ln.text, re.I) for ln in lines
    )
    for h in ev.hits:
        if _label_score(h) > 0:
            if h.value % STEP == 0:
                continue
            # Cash rounding goes to the nearest 0.05; the sign of the adjustment is often lost.
            near = {h.value + r for r in adjustments} | {h.value - r for r in adjustments}
            if rounding_line:  # its figure may be unreadable ("Rounding 001")
                near.add((h.value / STEP).quantize(Decimal(1), ROUND_HALF_UP) * STEP)
            for v in near:
                if v in ev.by_value and v % STEP == 0:
                    rounded.add(v)
                    unrounded.add(h.value)
    return rounded, unrounded


def _items_sum(ev: _Evidence) -> set[Decimal]:
    """A total equals the sum of the amounts printed above it (items without a total label)."""
    out: set[Decimal] = set()
    ordered = sorted(
        (h for h in ev.hits if not h.in_summary), key=lambda h: (h.line.index, h.start)
    )
    running = Decimal("0")
    for h in ordered:
        if running and h.value == running and len(ordered) > 2:
            out.add(h.value)
        running += h.value
    return out


def total_candidates(lines: list[Line]) -> list[Candidate]:
    """Each distinct positive amount, scored by the evidence that it is the total paid (the
    methods listed in `app.core.extract.packs.receipt`)."""
    ev = _evidence(lines)
    if ev is None:
        return []
    tender = _tender_support(lines, ev)
    sums = _sum_support(ev)
    rounded, unrounded = _rounded(lines, ev)
    items = _items_sum(ev)
    not_tender = [v for v in ev.by_value if v not in ev.tender or v in tender]
    largest = max(not_tender) if not_tender else None
    out: list[Candidate] = []
    for v, vh in ev.by_value.items():
        best = max(vh, key=lambda h: (_label_score(h), h.line.index))
        methods: set[str] = set()
        score = 0.1
        ls = _label_score(best)
        if ls:
            score = ls
            methods.add("label")
        for support, method in ((tender, "tender"), (sums, "sum")):
            if v in support:
                score += support[v]
                methods.add(method)
        for found, method in ((items, "items"), (rounded, "rounded")):
            if v in found:
                score += 0.3
                methods.add(method)
        if v in unrounded and v not in rounded:
            score -= 0.2
        if v == largest:
            score += 0.1
            methods.add("largest")
        if len(vh) > 1:
            score += 0.04 * min(3, len(vh) - 1)
            methods.add("repeated")
        if v in ev.tender and v not in tender and not ls:
            score -= 0.1
        if all(CHANGE.search(h.label) or ROUNDING.search(h.label) for h in vh if h.label):
            if not ls and any(h.label for h in vh):
                score -= 0.1
        out.append(_candidate(best, score, methods or {"receipt"}, 0.97, 0.02))
    out.sort(key=lambda c: -c.score)
    return out


def _candidate(
    h: AmountHit, score: float, methods: set[str], top: float, floor: float
) -> Candidate:
    text = h.text
    c = Candidate(
        text,
        [h.line.span(h.start, h.end)],
        round(min(top, max(floor, score)), 3),
        "receipt",
        P.normalize_amount(text),
    )
    c.methods = methods
    return c


_TAX_NOT = re.compile(r"\b(?:id|no|reg|registration|invoice|code|summary|number)\b", re.I)


def tax_candidates(lines: list[Line]) -> list[Candidate]:
    """The tax charged: an amount labeled GST/VAT/SST/tax (not a tax id, not the tax-inclusive
    total), best confirmed by total − amount before tax."""
    hits = [h for h in amount_hits(lines) if h.value >= 0]
    totals = [c for c in total_candidates(lines)[:1]]
    total = Decimal(totals[0].normalized) if totals and totals[0].normalized else None
    excl = {h.value for h in hits if SUBTOTAL.search(h.label)}
    out: list[Candidate] = []
    for h in hits:
        lbl = h.label
        if not lbl or not TAXLBL.search(lbl) or _TAX_NOT.search(lbl):
            continue
        if FINAL.search(lbl) and INCL_TAX.search(lbl) and not re.search(r"includes?\b", lbl, re.I):
            continue  # "TOTAL (INCL GST)": the total, not the tax
        score = (
            0.5
            + {0: 0.15, 1: 0.1}.get(h.distance, 0.0)
            - (0.2 if h.in_summary else 0.0)
            - (0.15 if h.in_column and h.distance < 3 else 0.0)
        )
        methods = {"label"}
        if total is not None and h.value < total and any(total - x == h.value for x in excl):
            score += 0.3
            methods.add("difference")
        if total is not None and h.value >= total:
            score -= 0.3
        out.append(_candidate(h, score, methods, 0.95, 0.05))
    return out
