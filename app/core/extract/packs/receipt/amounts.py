"""A till roll's amounts and the words that label them: the reading the totals are judged from.

A till roll prints many amounts (items, subtotal, tax, rounding, cash tendered, change) and OCR
of a two-column layout separates labels from their amounts. Each printed amount is read once,
with its label (the words before it, the label line above it, or the label its column block
pairs it with) and where it stands (the tax summary, a column of bare amounts); `totals.py`
weighs that evidence. The label vocabularies below are the receipt pack's: till-roll English and
Malay ("BAKI"), the currencies of the receipts it was written for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from app.core.extract import patterns as P
from app.core.extract.lines import Line

# The number alone: a value is the printed figure, never its currency prefix ("RM 9.90" → "9.90").
NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<neg>-)?(?:(?:RM|USD|US|EUR|GBP|SGD|MYR)\s?|(?P<sym>[$€£])\s?)?(?P<num>-?(?:\d{1,3}(?:,\d{3})+|\d+)?\.\d{2})(?![\d%/:]|\.\d)",
    re.I,
)
# An amount as OCR misreads it at the end of its line: the decimal point read as a comma
# ("TOTAL RM 33,90") or a space cut into the cents ("55.1 0", "RM = 39. 80"). Taken only on a
# line with no well-read amount, in a document whose amounts otherwise use a decimal point (in
# one that writes decimal commas the comma is printed, not misread).
MISREAD_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<neg>-)?(?P<sym>)(?P<num>\d+(?:,\d{2}|\.\d \d|\. \d{2}))[^\w.,]{0,3}$"
)
FINAL = re.compile(
    r"\b(?:grand\s*total|total\s*(?:amount|amt|due|payable|rounded|round|incl|inclusive|include|"
    r"after|sales\s*\(?\s*incl|\(?\s*rm\s*\)?|\(incl)|nett?\s*(?:total|amount|amt)|amount\s*(?:due|payable)|"
    r"rounded\s*total|balance\s*due|total|tl)\b",
    re.I,
)
STRONG = re.compile(
    r"round(?:ed|ing)?\s*(?:total|amt)?|total\s*rounded|incl|inclusive|grand|nett?\b|payable|due\b|after\s*adj",
    re.I,
)
NOT_TOTAL = re.compile(
    r"sub[\s-]*total|total\s*(?:qty|quantity|items?|disc|discount|savings?|excl|excluding|gst|tax|sales\s*\(?\s*excl|"
    r"sales\s*\(?\s*ex\b|\(ex)|\bexcl|exclusive|\bgst\b\s*(?:\d|@|amount|summary)?|\btax\b|item\s*count|"
    r"\bqty\b|\bno\.?\s*of\b|saving|points|discount|\bdisc\b|deposit|service\s*charge|serv\.?\s*charge",
    re.I,
)
INCL_TAX = re.compile(r"incl|inclusive|include", re.I)
TENDER = re.compile(
    r"\b(?:cash|tender(?:ed)?|paid|payment|received|visa|master|card|credit|debit|amex|e-?wallet|boost|grab)\b",
    re.I,
)
CHANGE = re.compile(r"\b(?:change|balance|baki)\b", re.I)
ROUNDING = re.compile(r"round(?:ing|\.)?\s*(?:adj|adjustment)?|rnd\s*adj|adj(?:ustment)?\b", re.I)
SUBTOTAL = re.compile(
    r"sub[\s-]*total|total\s*(?:sales\s*)?\(?\s*excl|excluding|total\s*\(?ex\b|amount\s*before",
    re.I,
)
TAXLBL = re.compile(r"\b(?:gst|tax|vat|sst|service\s*tax)\b", re.I)
# No word boundaries around the title: OCR adds marks and letters to it ("[_Gst SUMMARYy").
SUMMARY = re.compile(r"(?<![a-z])(?:gst|tax|vat|sst)\s*summary|^summary\b|\btax\s*code\b", re.I)


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
    summary_from = next((ln.index for ln in lines if SUMMARY.search(ln.text)), len(lines) + 1)
    bare = [_is_bare(ln.text) for ln in lines]
    columns = _column_labels(lines, bare)
    misread = _misread_amounts(lines)
    for ln in lines:
        for m in [*NUMBER.finditer(ln.text), *misread.get(ln.index, [])]:
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
    if m.re is MISREAD_NUMBER:
        reading = m.group("num").replace(",", ".").replace(" ", "")
    value = P.parse_amount(reading or m.group("num"))
    if value is None:
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
    """Line index → the misread amount ending that line (see MISREAD_NUMBER)."""
    found = {
        ln.index: m
        for ln in lines
        if not NUMBER.search(ln.text) and (m := MISREAD_NUMBER.search(ln.text))
    }
    commas = sum("," in m.group("num") for m in found.values())
    points = sum(len(NUMBER.findall(ln.text)) for ln in lines)
    # Well-read amounts must be over twice the comma readings: a document that plainly writes
    # decimal points, where a few chance points in one printed with decimal commas do not tip it.
    return {i: [m] for i, m in found.items()} if points > 2 * commas else {}


def _is_label(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2}", _words(text))) and not NUMBER.search(text)


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
    m = NUMBER.search(text)
    return P.parse_amount(m.group("num")) if m else None


def _column_fit(names: list[str], amounts: list[Decimal | None]) -> int:
    """How well an alignment of labels to amounts obeys receipt arithmetic."""
    got: dict[str, Decimal] = {}
    for name, a in zip(names, amounts, strict=False):
        if a is None:
            continue
        if CHANGE.search(name):
            got.setdefault("change", a)
        elif TENDER.search(name):
            got.setdefault("tender", a)
        elif FINAL.search(name) and not NOT_TOTAL.search(name):
            got.setdefault("total", a)
    if {"tender", "change", "total"} <= set(got) and got["tender"] - got["change"] == got["total"]:
        return 2
    if {"tender", "total"} <= set(got) and got["tender"] >= got["total"]:
        return 1
    return 0


def _is_bare(text: str) -> bool:
    """A line that is an amount and nothing else worth reading ("RM", a tax code, an asterisk)."""
    rest = NUMBER.sub(" ", text)
    return bool(NUMBER.search(text)) and not re.search(
        r"[A-Za-z]{3,}", re.sub(r"(?i)\bRM\b", "", rest)
    )


def _words(text: str) -> str:
    """A label's words: currency marks and dot leaders dropped, OCR's run-together words split
    ("TotalAmtRounded") and its usual letter slips mended ("Tota!", "T0TAL")."""
    # A capitalised word or a run of capitals starts a new word; "GsT" (a misread "GST") stays one.
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z]|[A-Z]{2})", " ", text)
    text = re.sub(r"(?i)\bt[o0a]ta[l!1i|]", "Total", text)
    return re.sub(r"[\s.:_=*-]+", " ", re.sub(r"(?i)\bRM\b|\$", " ", text)).strip()
