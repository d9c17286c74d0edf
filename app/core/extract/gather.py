"""Which rules propose candidates for a field, by its type, and how their votes merge.

Every candidate is grounded by construction (a span of the document) and carries a prior and the
methods that found it; the same value found by independent methods is merged into one stronger
candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core.documents import Document, Finding, TextSpan
from app.core.extract import agreement as A
from app.core.extract import candidates as C
from app.core.extract import layout as L
from app.core.extract import parties as PT
from app.core.extract import receipt as R
from app.core.extract.lines import Line
from app.core.extract.profiles import FieldSpec, Profile

TOTAL_FIELDS = {"total", "amount_due", "grand_total", "total_amount"}
TAX_FIELDS = {"tax", "gst", "vat", "sales_tax"}
ISSUER_PROFILES = {"receipt", "invoice"}


def merge(cands: Iterable[C.Candidate]) -> list[C.Candidate]:
    """Same value found by several methods → one candidate with a combined (noisy-or) score."""
    by_key: dict[str, C.Candidate] = {}
    for c in cands:
        key = re.sub(r"\W+", "", (c.normalized or c.value)).upper()
        if not key:
            continue
        if key in by_key:
            m = by_key[key]
            if c.score > m.score:  # the value and span shown are the best-supported occurrence
                m.value, m.spans, m.normalized = c.value, c.spans, c.normalized
            # Another method agreeing is evidence; the same rule firing again is much less so.
            weight = 0.15 if (c.methods or {c.method}) <= m.methods else 0.5
            m.score = 1 - (1 - max(m.score, c.score)) * (1 - min(m.score, c.score) * weight)
            m.methods |= c.methods or {c.method}
        else:
            c.methods = set(c.methods) or {c.method}
            by_key[key] = c
    return sorted(by_key.values(), key=lambda c: -c.score)


def gather(
    doc: Document, lines: list[Line], spec: FieldSpec, findings: list[Finding], profile: Profile
) -> list[C.Candidate]:
    pages = [(p.number, p.text) for p in doc.pages]
    t = spec.type
    if t == "date" and spec.name == "effective_date":
        cands = A.effective_date_candidates(pages)
    elif t == "date":
        cands = C.date_candidates(lines, spec)
    elif t == "amount" and spec.name in TOTAL_FIELDS:
        cands = R.total_candidates(lines)
    elif t == "amount" and spec.name in TAX_FIELDS:
        cands = R.tax_candidates(lines)
    elif t == "amount":
        cands = C.amount_candidates(lines, spec)
    elif t == "jurisdiction":
        cands = A.governing_law_candidates(pages)
    elif t == "term":
        cands = A.term_candidates(pages)
    elif t == "list":
        cands = C.list_candidates(lines, spec)
    elif t == "address":
        cands = L.address_candidates(doc, lines)
        cands += [c for c in C.text_candidates(lines, spec) if L.looks_like_address(c.value)]
    elif t == "organization" and spec.multiple:
        cands = PT.party_candidates(pages) or PT.entity_candidates(pages, findings)
    elif t == "organization":
        cands = [c for c in C.text_candidates(lines, spec) if L.is_name_line(c.value)]
        if profile.name in ISSUER_PROFILES:
            cands += L.issuer_candidates(doc, lines)
    elif t == "person":
        cands = C.text_candidates(lines, spec)
        cands += C.finding_candidates(doc, findings, {"PERSON"}, spec, 0.3)
        cands = [c for c in cands if _looks_like_name(c.value)]
    elif t == "identifier":
        cands = [
            _first_token(c) for c in C.text_candidates(lines, spec) if re.search(r"\d", c.value)
        ]
    else:
        cands = C.text_candidates(lines, spec) + _section_candidates(doc, lines, spec)
    return merge(cands)


def _first_token(c: C.Candidate) -> C.Candidate:
    """'INV-2291 DATE 03/04' after a label: the identifier is the first token."""
    token = c.value.split()[0].strip(",;")
    s = c.spans[0]
    return C.Candidate(
        token, [TextSpan(s.page, s.start, s.start + len(token))], c.score, c.method, token
    )


def _looks_like_name(value: str) -> bool:
    v = re.sub(r"^(?:dr|mr|mrs|ms|prof)\.?\s+", "", value.strip(), flags=re.I)
    return (
        bool(re.fullmatch(r"[A-Za-z][A-Za-z.'\- ]{1,60}(?:,\s*[A-Z]{2,4})?", v))
        and len(v.split()) <= 6
    )


def _section_candidates(doc: Document, lines: list[Line], spec: FieldSpec) -> list[C.Candidate]:
    """'6. Termination. Either party may…': the text of a numbered clause named by a label, as the
    verbatim slice from after the heading to the end of the clause."""
    out = []
    for lbl in spec.labels:
        rx = re.compile(rf"^(?:\d{{1,2}}\.?\s*)?{re.escape(lbl)}\s*[.:]\s*(.+)$", re.I)
        for ln in lines:
            m = rx.match(ln.text)
            if not m:
                continue
            last = ln
            for nxt in lines[ln.index + 1 : ln.index + 6]:
                if re.match(r"^\d{1,2}\.\s", nxt.text) or nxt.page != ln.page:
                    break
                last = nxt
            span = TextSpan(ln.page, ln.start + m.start(1), last.end)
            value = doc.pages[span.page - 1].text[span.start : span.end]
            out.append(C.Candidate(value, [span], 0.75, "section", " ".join(value.split())))
    return out
