"""Receipt and invoice totals: which printed amount is the one the customer paid.

A till roll prints many amounts (items, subtotal, tax, rounding, cash tendered, change) and OCR
of a two-column layout separates labels from their amounts. No single cue is reliable, so each
distinct amount collects evidence from several independent ones, recorded as methods:

- `label`: a total-like label on its line or just above it ("TOTAL ROUNDED", "TOTAL (INCL GST)"),
  discounted for labels that name something else (subtotal, tax, cash, change, rounding) and for
  the tax-summary table printed after the total;
- `tender`: the arithmetic of payment, tendered − change = total;
- `sum`: subtotal + tax (+ rounding) = total;
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

# The number alone: a value is the printed figure, never its currency prefix ("RM 9.90" → "9.90").
_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<neg>-)?(?:(?:RM|USD|US|EUR|GBP|SGD|MYR)\s?|(?P<sym>[$€£])\s?)?(?P<num>-?(?:\d{1,3}(?:,\d{3})+|\d+)?\.\d{2})(?![\d%/:]|\.\d)",
    re.I,
)
# An amount as OCR misreads it at the end of its line: the decimal point read as a comma
# ("TOTAL RM 33,90") or a space cut into the cents ("55.1 0", "RM = 39. 80"). Taken only on a
# line with no well-read amount, in a document whose amounts otherwise use a decimal point (in
# one that writes decimal commas the comma is printed, not misread).
_MISREAD_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<neg>-)?(?P<sym>)(?P<num>\d+(?:,\d{2}|\.\d \d|\. \d{2}))[^\w.,]{0,3}$"
)
_FINAL = re.compile(
    r"\b(?:grand\s*total|total\s*(?:amount|amt|due|payable|rounded|round|incl|inclusive|include|"
    r"after|sales\s*\(?\s*incl|\(?\s*rm\s*\)?|\(incl)|nett?\s*(?:total|amount|amt)|amount\s*(?:due|payable)|"
    r"rounded\s*total|balance\s*due|total|tl)\b",
    re.I,
)
_STRONG = re.compile(
    r"round(?:ed|ing)?\s*(?:total|amt)?|total\s*rounded|incl|inclusive|grand|nett?\b|payable|due\b|after\s*adj",
    re.I,
)
_NOT_TOTAL = re.compile(
    r"sub[\s-]*total|total\s*(?:qty|quantity|items?|disc|discount|savings?|excl|excluding|gst|tax|sales\s*\(?\s*excl|"
    r"sales\s*\(?\s*ex\b|\(ex)|\bexcl|exclusive|\bgst\b\s*(?:\d|@|amount|summary)?|\btax\b|item\s*count|"
    r"\bqty\b|\bno\.?\s*of\b|saving|points|discount|\bdisc\b|deposit|service\s*charge|serv\.?\s*charge",
    re.I,
)
_INCL_TAX = re.compile(r"incl|inclusive|include", re.I)
_TENDER = re.compile(
    r"\b(?:cash|tender(?:ed)?|paid|payment|received|visa|master|card|credit|debit|amex|e-?wallet|boost|grab)\b",
    re.I,
)
_CHANGE = re.compile(r"\b(?:change|balance|baki)\b", re.I)
_ROUNDING = re.compile(r"round(?:ing|\.)?\s*(?:adj|adjustment)?|rnd\s*adj|adj(?:ustment)?\b", re.I)
_SUBTOTAL = re.compile(
    r"sub[\s-]*total|total\s*(?:sales\s*)?\(?\s*excl|excluding|total\s*\(?ex\b|amount\s*before",
    re.I,
)
_TAXLBL = re.compile(r"\b(?:gst|tax|vat|sst|service\s*tax)\b", re.I)
_STEP = Decimal("0.05")
# No word boundaries around the title: OCR adds marks and letters to it ("[_Gst SUMMARYy").
_SUMMARY = re.compile(r"(?<![a-z])(?:gst|tax|vat|sst)\s*summary|^summary\b|\btax\s*code\b", re.I)


@dataclass
class AmountHit:
    line: Line
    start: int  # of the number within line.text
    end: int
    value: Decimal
    label: str  # the words that name it: text before it on its line, or the line above
    distance: int  # 0 same line, 1-2 lines below its label, 3 paired in a column block, 9 none
    in_summary: bool
    in_column: bool  # one of a run of bare amounts: the label above may belong to another
    reading: str | None = None  # the amount as it was printed, where OCR misread its marks

    @property
    def text(self) -> str:
        return self.reading or self.line.text[self.start : self.end]


def amount_hits(lines: list[Line]) -> list[AmountHit]:
    hits: list[AmountHit] = []
    summary_from = next((ln.index for ln in lines if _SUMMARY.search(ln.text)), len(lines) + 1)
    bare = [_is_bare(ln.text) for ln in lines]
    columns = _column_labels(lines, bare)
    misread = _misread_amounts(lines)
    for ln in lines:
        for m in [*_NUMBER.finditer(ln.text), *misread.get(ln.index, [])]:
            read = _amount_read(m)
            if read is None:
                continue
            value, reading = read
            label, distance = _label_of(lines, ln, m.start(), bare, columns)
            in_column = bare[ln.index] and (
                (ln.index + 1 < len(lines) and bare[ln.index + 1])
                or (ln.index > 0 and bare[ln.index - 1])
            )
            # "$8.20" is printed as one token and kept whole; "RM 9.90" is a label and a number.
            start = (
                m.start("sym")
                if m.group("sym") and m.end("sym") == m.start("num")
                else m.start("num")
            )
            hits.append(
                AmountHit(
                    ln,
                    start,
                    m.end("num"),
                    value,
                    label,
                    distance,
                    ln.index > summary_from,
                    in_column,
                    reading,
                )
            )
    return hits


def _amount_read(m: re.Match[str]) -> tuple[Decimal, str | None] | None:
    """An amount's value, and its reading as printed where OCR misread its marks (None where
    the number is no amount)."""
    reading = None
    if m.re is _MISREAD_NUMBER:
        reading = m.group("num").replace(",", ".").replace(" ", "")
    try:
        value = Decimal(reading or m.group("num").replace(",", ""))
    except ArithmeticError:
        return None
    if m.group("neg") and value > 0:
        value = -value  # "-RM 0.02"
    return value, reading


def _label_of(
    lines: list[Line], ln: Line, at: int, bare: list[bool], columns: dict[int, str]
) -> tuple[str, int]:
    """The label of the amount at `at` on `ln`, and how far it stands (see AmountHit.distance):
    the words before it on its line, else its column's label, else a label line up to two lines
    above (filler lines not counted)."""
    before = _words(ln.text[:at])
    if re.search(r"[A-Za-z]{2}", before):
        return before, 0
    if ln.index in columns:
        return columns[ln.index], 3
    back = 0
    for j in range(ln.index - 1, max(-1, ln.index - 5), -1):
        prev = _words(lines[j].text)
        if not re.search(r"[A-Za-z]{2}", prev) and not bare[j]:
            continue  # filler between label and amount: ":", "RM", "(RM)"
        back += 1
        if back > 2:
            break
        if bare[j]:
            continue
        return prev, back
    return "", 9


def _misread_amounts(lines: list[Line]) -> dict[int, list[re.Match[str]]]:
    """Line index → the misread amount ending that line (see _MISREAD_NUMBER)."""
    found = {
        ln.index: m
        for ln in lines
        if not _NUMBER.search(ln.text) and (m := _MISREAD_NUMBER.search(ln.text))
    }
    commas = sum("," in m.group("num") for m in found.values())
    points = sum(len(_NUMBER.findall(ln.text)) for ln in lines)
    # Well-read amounts must be over twice the comma readings: a document that plainly writes
    # decimal points, where a few chance points in one printed with decimal commas do not tip it.
    return {i: [m] for i, m in found.items()} if points > 2 * commas else {}


def _is_label(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2}", _words(text))) and not _NUMBER.search(text)


def _column_labels(lines: list[Line], bare: list[bool]) -> dict[int, str]:
    """OCR of a two-column block reads all labels, then all amounts. Pair them: the amounts are
    aligned with the labels at the offset where tendered − change = total holds, else from the end
    (items printed above the totals add leading amounts, never trailing ones)."""
    out: dict[int, str] = {}
    i, n = 0, len(lines)
    while i < n:
        if not _is_label(lines[i].text):
            i += 1
            continue
        j = i
        labels: list[int] = []
        while j < n and (_is_label(lines[j].text) or not re.search(r"[A-Za-z0-9]", lines[j].text)):
            if _is_label(lines[j].text):
                labels.append(j)
            j += 1
        values: list[int] = []
        while j < n and (bare[j] or not re.search(r"[A-Za-z0-9]", lines[j].text)):
            if bare[j]:
                values.append(j)
            j += 1
        k, m = len(labels), len(values)
        if k >= 2 and m >= 2 and m >= k - 1:
            names = [_words(lines[x].text) for x in labels]
            amounts = [_first_amount(lines[x].text) for x in values]
            # A label may have no amount (a column header read into the block): try dropping one.
            windows = [(0, k), (0, k - 1), (1, k)] if k > 2 else [(0, k)]
            best = (0, k, max(0, m - k))
            best_fit = 0
            for a, b in windows:
                width = b - a
                for o in range(0, max(0, m - width) + 1):
                    fit = _column_fit(names[a:b], amounts[o : o + width])
                    if fit > best_fit:
                        best, best_fit = (a, b, o), fit
            a, b, o = best
            for li, vi in zip(names[a:b], values[o : o + (b - a)], strict=False):
                out[vi] = li
        i = max(j, i + 1)
    return out


def _first_amount(text: str) -> Decimal | None:
    m = _NUMBER.search(text)
    try:
        return Decimal(m.group("num").replace(",", "")) if m else None
    except ArithmeticError:
        return None


def _column_fit(names: list[str], amounts: list[Decimal | None]) -> int:
    """How well an alignment of labels to amounts obeys receipt arithmetic."""
    got: dict[str, Decimal] = {}
    for name, a in zip(names, amounts, strict=False):
        if a is None:
            continue
        if _CHANGE.search(name):
            got.setdefault("change", a)
        elif _TENDER.search(name):
            got.setdefault("tender", a)
        elif _FINAL.search(name) and not _NOT_TOTAL.search(name):
            got.setdefault("total", a)
    if {"tender", "change", "total"} <= set(got) and got["tender"] - got["change"] == got["total"]:
        return 2
    if {"tender", "total"} <= set(got) and got["tender"] >= got["total"]:
        return 1
    return 0


def _is_bare(text: str) -> bool:
    """A line that is an amount and nothing else worth reading ("RM", a tax code, an asterisk)."""
    rest = _NUMBER.sub(" ", text)
    return bool(_NUMBER.search(text)) and not re.search(
        r"[A-Za-z]{3,}", re.sub(r"(?i)\bRM\b", "", rest)
    )


def _words(text: str) -> str:
    """A label's words: currency marks and dot leaders dropped, OCR's run-together words split
    ("TotalAmtRounded") and its usual letter slips mended ("Tota!", "T0TAL")."""
    # A capitalised word or a run of capitals starts a new word; "GsT" (a misread "GST") stays one.
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z]|[A-Z]{2})", " ", text)
    text = re.sub(r"(?i)\bt[o0a]ta[l!1i|]", "Total", text)
    return re.sub(r"[\s.:_=*-]+", " ", re.sub(r"(?i)\bRM\b|\$", " ", text)).strip()


def _label_score(h: AmountHit) -> float:
    lbl = h.label
    if not lbl or not _FINAL.search(lbl):
        return 0.0
    if (
        _TENDER.search(lbl)
        or _CHANGE.search(lbl)
        or (_NOT_TOTAL.search(lbl) and not _INCL_TAX.search(lbl))
    ):
        return 0.0
    if _ROUNDING.search(lbl) and not re.search(r"total|after", lbl, re.I):
        return 0.0  # "ROUNDING ADJ -0.01": the adjustment, not the rounded total
    s = 0.55 if h.distance < 3 else 0.5
    if _STRONG.search(lbl):
        s += 0.15
    s += {0: 0.1, 1: 0.05}.get(h.distance, 0.0)
    if h.in_column and h.distance < 3:
        s -= 0.25  # "TOTAL" above a column of amounts: which one is its own is unclear
    if h.in_summary:
        s -= 0.35
    return max(s, 0.05)


def _is_tax_label(label: str) -> bool:
    """ "GST 6%", "TOTAL TAX", "TOTAL GST": the tax, though the word total may name it."""
    if not _TAXLBL.search(label):
        return False
    named_tax = _NOT_TOTAL.search(label) and not _INCL_TAX.search(label)
    return not _FINAL.search(label) or bool(named_tax)


def total_candidates(lines: list[Line]) -> list[Candidate]:
    # Every amount once (labels, columns and misreadings are worked out per call); the zero and
    # negative ones ("CHANGE 0.00", "ROUNDING -0.02") count as evidence, never as the total.
    every = amount_hits(lines)
    hits = [h for h in every if h.value > 0]
    if not hits:
        return []
    by_value: dict[Decimal, list[AmountHit]] = {}
    for h in hits:
        by_value.setdefault(h.value, []).append(h)
    values = set(by_value)

    tender_vals = {h.value for h in hits if _TENDER.search(h.label) and not _FINAL.search(h.label)}
    change_vals = {h.value for h in every if _CHANGE.search(h.label)}
    has_change = any(_CHANGE.search(ln.text) for ln in lines)
    sub_vals = {h.value for h in hits if _SUBTOTAL.search(h.label)}
    tax_vals = {h.value for h in every if _is_tax_label(h.label)}
    round_vals = {h.value for h in every if _ROUNDING.search(h.label)}

    # Tendered − change = total. In a column layout the labels are elsewhere, so any pair of
    # amounts printed after the candidate counts, when the receipt mentions change at all.
    tender_support: dict[Decimal, float] = {}
    if has_change:
        later_vals = [(h.line.index, h.value) for h in every]
        for v, vh in by_value.items():
            first = min(h.line.index for h in vh)
            after = [(i, x) for i, x in later_vals if i >= first]
            for ia, a in after:
                if a <= v:
                    continue
                for ib, b in after:
                    if ib > ia and a - b == v and b in change_vals and a in tender_vals:
                        tender_support[v] = 0.35
    # Subtotal + tax (+ rounding) = total. Three printed figures that add up to a fourth are
    # strong evidence where OCR has garbled the total's own label ("again wee E 4 re 27.55").
    sum_support: dict[Decimal, float] = {}
    for s in sub_vals:
        for t in tax_vals | {Decimal("0.00")}:
            for r in round_vals | {Decimal("0.00")}:
                for sign in (1, -1):
                    v = s + t + sign * r
                    if v in values and (t or r):
                        weight = 0.35 if t and r else 0.15
                        sum_support[v] = max(sum_support.get(v, 0.0), weight)
    # Total + rounding adjustment = the rounded total, which is what was paid.
    rounded: set[Decimal] = set()
    unrounded: set[Decimal] = set()
    adjustments = {abs(x) for x in round_vals if x}
    # "GROUND FLOOR" in an address is no rounding line: the word itself, as a label.
    rounding_line = not adjustments and any(
        re.match(r"\W*round(?:ing|ed)?\b", ln.text, re.I) for ln in lines
    )
    for h in hits:
        if _label_score(h) > 0:
            if h.value % _STEP == 0:
                continue
            # Cash rounding goes to the nearest 0.05; the sign of the adjustment is often lost.
            near = {h.value + r for r in adjustments} | {h.value - r for r in adjustments}
            if rounding_line:  # its figure may be unreadable ("Rounding 001")
                near.add((h.value / _STEP).quantize(Decimal(1), ROUND_HALF_UP) * _STEP)
            for v in near:
                if v in values and v % _STEP == 0:
                    rounded.add(v)
                    unrounded.add(h.value)
    # A total equals the sum of the amounts printed above it (items without a total label).
    items_sum: set[Decimal] = set()
    ordered = sorted((h for h in hits if not h.in_summary), key=lambda h: (h.line.index, h.start))
    running = Decimal("0")
    for h in ordered:
        if running and h.value == running and len(ordered) > 2:
            items_sum.add(h.value)
        running += h.value
    not_tender = [v for v in values if v not in tender_vals or v in tender_support]
    largest = max(not_tender) if not_tender else None

    out: list[Candidate] = []
    for v, vh in by_value.items():
        best = max(vh, key=lambda h: (_label_score(h), h.line.index))
        methods: set[str] = set()
        score = 0.1
        ls = _label_score(best)
        if ls:
            score = ls
            methods.add("label")
        if v in tender_support:
            score += tender_support[v]
            methods.add("tender")
        if v in sum_support:
            score += sum_support[v]
            methods.add("sum")
        if v in items_sum:
            score += 0.3
            methods.add("items")
        if v in rounded:
            score += 0.3
            methods.add("rounded")
        if v in unrounded and v not in rounded:
            score -= 0.2
        if v == largest:
            score += 0.1
            methods.add("largest")
        if len(vh) > 1:
            score += 0.04 * min(3, len(vh) - 1)
            methods.add("repeated")
        if v in tender_vals and v not in tender_support and not ls:
            score -= 0.1
        if all(_CHANGE.search(h.label) or _ROUNDING.search(h.label) for h in vh if h.label):
            if not ls and any(h.label for h in vh):
                score -= 0.1
        ln = best.line
        text = best.text
        c = Candidate(
            text,
            [ln.span(best.start, best.end)],
            round(min(0.97, max(0.02, score)), 3),
            "receipt",
            P.normalize_amount(text),
        )
        c.methods = methods or {"receipt"}
        out.append(c)
    out.sort(key=lambda c: -c.score)
    return out


_TAX_NOT = re.compile(r"\b(?:id|no|reg|registration|invoice|code|summary|number)\b", re.I)


def tax_candidates(lines: list[Line]) -> list[Candidate]:
    """The tax charged: an amount labeled GST/VAT/SST/tax (not a tax id, not the tax-inclusive
    total), best confirmed by total − amount before tax."""
    hits = [h for h in amount_hits(lines) if h.value >= 0]
    totals = [c for c in total_candidates(lines)[:1]]
    total = Decimal(totals[0].normalized) if totals and totals[0].normalized else None
    excl = {h.value for h in hits if _SUBTOTAL.search(h.label)}
    out: list[Candidate] = []
    for h in hits:
        lbl = h.label
        if not lbl or not _TAXLBL.search(lbl) or _TAX_NOT.search(lbl):
            continue
        if (
            _FINAL.search(lbl)
            and _INCL_TAX.search(lbl)
            and not re.search(r"includes?\b", lbl, re.I)
        ):
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
        text = h.text
        c = Candidate(
            text,
            [h.line.span(h.start, h.end)],
            round(min(0.95, max(0.05, score)), 3),
            "receipt",
            P.normalize_amount(text),
        )
        c.methods = methods
        out.append(c)
    return out
