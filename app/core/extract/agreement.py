"""Agreements (NDAs, contracts): parties, governing law and term from the clauses that state them."""

from __future__ import annotations

import re

from app.core.documents import TextSpan
from app.core.extract import patterns as P
from app.core.extract.candidates import Candidate

_BETWEEN = re.compile(r"\bbetween\b(?P<body>.{5,600}?)(?:\.\s|WHEREAS|RECITALS|witnesseth|$)", re.IGNORECASE | re.DOTALL)
# Case-sensitive on purpose: "Bluestem Analytics Inc." is a party, "a Delaware corporation" is not.
_PARTY = re.compile(
    r"(?P<name>(?:[A-Z][\w&'.-]*,?\s+){1,6}?"
    r"(?:Inc|Incorporated|Corp|Corporation|Company|Co|LLC|L\.L\.C|Ltd|Limited|PLC|plc|LP|LLP|L\.P|"
    r"GmbH|AG|S\.A|N\.V|B\.V|Holdings|Trust|Partners|Bank|Group|University)\b\.?)"
)
_GENERIC = set(P.US_STATES) | {"The", "A", "An", "This", "Such", "Each", "Any"}


def party_candidates(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    """Organisations named in the opening 'by and between' clause (strongest), else anywhere."""
    out: list[Candidate] = []
    for page, text in text_by_page[:2]:
        for bm in _BETWEEN.finditer(text):
            for pm in _PARTY.finditer(bm.group("body")):
                name = pm.group("name").strip(" ,")
                if all(w.strip(",.") in _GENERIC for w in name.split()[:-1]):
                    continue
                start = bm.start("body") + pm.start("name")
                out.append(Candidate(name, [TextSpan(page, start, start + len(name))], 0.8, "clause", P.normalize_name(name)))
            if out:
                return out
    return out


def governing_law_candidates(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    out = []
    law = re.compile(r"(?:governed by|laws? of|construed in accordance with|jurisdiction of)[^.]{0,120}", re.I)
    for page, text in text_by_page:
        for lm in law.finditer(text):
            jm = P.JURISDICTION_RE.search(lm.group(0))
            if jm:
                s = lm.start() + jm.start(1)
                out.append(Candidate(jm.group(1), [TextSpan(page, s, s + len(jm.group(1)))], 0.85, "clause", jm.group(1)))
    return out


def term_candidates(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    out = []
    ctx = re.compile(r"(?:term|period|continue|remain in (?:full )?(?:force|effect)|expire|survive)[^.]{0,160}", re.I)
    for page, text in text_by_page:
        for cm in ctx.finditer(text):
            tm = P.TERM_RE.search(cm.group(0))
            if tm:
                s = cm.start() + tm.start()
                value = tm.group(0)
                out.append(Candidate(value, [TextSpan(page, s, s + len(value))], 0.7, "clause", P.normalize_term(value)))
    return out
