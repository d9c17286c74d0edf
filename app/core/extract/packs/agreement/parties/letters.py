"""Parties of a letter agreement: the addressee between the date and the salutation, and the
sender's company in the letterhead."""

from __future__ import annotations

import re

from app.core.extract import patterns as P
from app.core.extract.candidates import Candidate
from app.core.extract.packs.agreement.parties.names import (
    is_org,
    is_person,
    line_spans,
    party_candidate,
    plausible,
)

_SALUTATION = re.compile(
    r"^\s*(?:Dear\b[^\n]*|Ladies\s+and\s+Gentlemen|Gentlemen|Dear\s+Sirs?)\s*[:,]",
    re.MULTILINE | re.IGNORECASE,
)


def letter_candidates(page: tuple[int, str]) -> list[Candidate]:
    """A letter agreement: the addressee (a company, else a person) between the date and the
    salutation, and the sender's company in the letterhead above the date."""
    number, text = page
    sal = _SALUTATION.search(text, 0, min(len(text), 3000))
    if not sal:
        return []
    lines = line_spans(text, 0, sal.start())
    date_i = next(
        (
            i
            for i, (a, b) in enumerate(lines)
            if P.normalize_date(text[a:b]) and len(text[a:b]) < 40
        ),
        None,
    )
    if date_i is None:
        return []
    out: list[Candidate] = []
    block = [
        (a, b)
        for a, b in lines[date_i + 1 :]
        if not re.match(r"\s*(?:re|attention|attn)\b", text[a:b], re.I)
    ]
    orgs = [
        (a, b)
        for a, b in block[:6]
        if is_org(text[a:b]) and plausible(text[a:b]) and len(text[a:b]) < 80
    ]
    people = [(a, b) for a, b in block[:3] if is_person(text[a:b])]
    for a, b in orgs[:1] or people[:1]:
        a, b = _trim_line(text, a, b)
        out.append(party_candidate(text, number, a, b, 0.5, "letter"))
    for a, b in lines[:date_i][-8:]:
        if is_org(text[a:b]) and plausible(text[a:b]) and len(text[a:b]) < 80:
            a, b = _trim_line(text, a, b)
            out.append(party_candidate(text, number, a, b, 0.45, "letter"))
            break
    return out


def _trim_line(text: str, a: int, b: int) -> tuple[int, int]:
    m = re.search(r"\s+(?:c/o|attn|attention)\b.*$", text[a:b], re.I)
    if m:
        b = a + m.start()
    while b > a and text[b - 1] in " ,;:":
        b -= 1
    return a, b
