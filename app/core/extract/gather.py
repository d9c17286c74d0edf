"""Which rules propose candidates for a field, and how their votes merge.

A field's candidates come from the rules of the profile's packs that apply to it
(`app.core.extract.registry`), else from the general generator for its type (`GENERAL`). Every
candidate is grounded by construction (a span of the document) and carries a prior and the
methods that found it; the same value found by independent methods is merged into one stronger
candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core.documents import Document, Finding, TextSpan
from app.core.extract import candidates as C
from app.core.extract.lines import Line
from app.core.extract.packs import get_packs
from app.core.extract.profiles import FieldSpec, Profile
from app.core.extract.registry import Context, Generator, rules_for

# The analyzer's entity types that name an organisation, a person.
ORGANIZATION_TYPES = {"ORGANIZATION"}
PERSON_TYPES = {"PERSON"}


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
    ctx = Context.of(doc, lines, spec, findings)
    rules = rules_for(spec, get_packs(profile.packs))
    if rules:
        cands = [c for rule in rules for c in rule.generate(ctx)]
    else:
        cands = GENERAL.get(spec.type, _text)(ctx)
    return merge(cands)


# The general engine: what any document of any genre offers for a field of each type.


def _date(ctx: Context) -> list[C.Candidate]:
    return C.date_candidates(ctx.lines, ctx.spec)


def _amount(ctx: Context) -> list[C.Candidate]:
    return C.amount_candidates(ctx.lines, ctx.spec)


def _jurisdiction(ctx: Context) -> list[C.Candidate]:
    return C.jurisdiction_candidates(ctx.lines, ctx.spec)


def _term(ctx: Context) -> list[C.Candidate]:
    return C.term_candidates(ctx.lines, ctx.spec)


def _list(ctx: Context) -> list[C.Candidate]:
    return C.list_candidates(ctx.lines, ctx.spec)


def _address(ctx: Context) -> list[C.Candidate]:
    """A labelled value with a number in it (a street's, a postcode)."""
    return [c for c in C.text_candidates(ctx.lines, ctx.spec) if re.search(r"\d", c.value)]


def _organization(ctx: Context) -> list[C.Candidate]:
    cands = C.text_candidates(ctx.lines, ctx.spec)
    return cands + C.finding_candidates(ctx.doc, ctx.findings, ORGANIZATION_TYPES, ctx.spec, 0.3)


def _person(ctx: Context) -> list[C.Candidate]:
    cands = C.text_candidates(ctx.lines, ctx.spec)
    cands += C.finding_candidates(ctx.doc, ctx.findings, PERSON_TYPES, ctx.spec, 0.3)
    return [c for c in cands if _looks_like_name(c.value)]


def _identifier(ctx: Context) -> list[C.Candidate]:
    labelled = C.text_candidates(ctx.lines, ctx.spec)
    return [_first_token(c) for c in labelled if re.search(r"\d", c.value)]


def _text(ctx: Context) -> list[C.Candidate]:
    return C.text_candidates(ctx.lines, ctx.spec) + _section_candidates(
        ctx.doc, ctx.lines, ctx.spec
    )


GENERAL: dict[str, Generator] = {
    "date": _date,
    "amount": _amount,
    "jurisdiction": _jurisdiction,
    "term": _term,
    "list": _list,
    "address": _address,
    "organization": _organization,
    "person": _person,
    "identifier": _identifier,
    "text": _text,
}


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
