"""Who the parties to an agreement are: companies and people, each a grounded span.

Parties are named in a small number of ways that hold across drafting styles:
- the preamble: "... by and between Kite Pharma, Inc., a Delaware corporation ("Kite"), and
  Gilead Sciences, Inc. ..." or a "PARTIES:" block;
- a defined term right after a name: `Eric Dean Sprunk ("Employee")`, `Potomac Key Group, LLC
  (the "Undersigned")`;
- a letter agreement's addressee and letterhead;
- the signature blocks: a company's name above "By:", an individual's "/s/" without a title.
A name found by several of these is more certain than one found by one; the prior records it.
"""

from __future__ import annotations

import re

from app.core.documents import Finding
from app.core.extract.candidates import Candidate
from app.core.extract.packs.agreement.parties.letters import letter_candidates
from app.core.extract.packs.agreement.parties.names import (
    is_org,
    is_person,
    party_candidate,
    plausible,
    trim,
)
from app.core.extract.packs.agreement.parties.preamble import (
    defined_candidates,
    preamble_candidates,
)
from app.core.extract.packs.agreement.parties.signatures import (
    signature_block_candidates,
    signed_by_person,
)

ORG_TYPES = frozenset({"ORGANIZATION", "ORG", "PERSON"})


def party_candidates(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    out: list[Candidate] = []
    head = text_by_page[:3]
    out += preamble_candidates(head)
    out += defined_candidates(head)
    out += letter_candidates(text_by_page[0]) if text_by_page else []
    out += signed_by_person(text_by_page)
    out += signature_block_candidates(text_by_page)
    return _settle(out)


def entity_candidates(
    pages: list[tuple[int, str]], findings: list[Finding], types: frozenset[str] = ORG_TYPES
) -> list[Candidate]:
    """When no clause names the parties, the organisations (and people) the entity recognizer
    found: only names shaped like a company ("... Inc.") or a person, and an early mention of a
    company is the likelier party. A recognizer's "Confidential Information" is not a name."""
    texts = dict(pages)
    out: list[Candidate] = []
    for f in findings:
        if f.type not in types or f.page not in texts:
            continue
        text = texts[f.page]
        s, e = trim(text, f.start, f.end)
        name = text[s:e]
        if not plausible(name) or not (is_org(name) or is_person(name)):
            continue
        early = f.page == pages[0][0] and s < 2000 and is_org(name)
        out.append(party_candidate(text, f.page, s, e, 0.5 if early else 0.3, "entity"))
    return _settle(out)


SIGNATURE_ONLY = 0.5


def _settle(cands: list[Candidate]) -> list[Candidate]:
    """Merge mentions of one party; when the preamble named two or more parties, a name found
    only elsewhere (a parent, an adviser, a target company) is probably not one."""
    by_key: dict[str, Candidate] = {}
    for c in cands:
        key = re.sub(r"\W+", "", (c.normalized or c.value)).upper()
        if not key:
            continue
        m = by_key.get(key)
        if m is None:
            c.methods = {c.method}
            by_key[key] = c
            continue
        if c.score > m.score:
            m.value, m.spans, m.normalized = c.value, c.spans, c.normalized
        weight = 0.15 if c.method in m.methods else 0.5
        m.score = 1 - (1 - max(m.score, c.score)) * (1 - min(m.score, c.score) * weight)
        m.methods.add(c.method)
    merged = list(by_key.values())
    if sum("preamble" in c.methods for c in merged) >= 2:
        for c in merged:
            if "preamble" not in c.methods:
                c.score *= 0.6
    else:
        # No preamble (a letter, an "I agree" form): the companies signing are the parties.
        for c in merged:
            if c.methods == {"signature"} and is_org(c.value):
                c.score = max(c.score, SIGNATURE_ONLY)
    return merged
