"""Masking for the eyes: identifiers blacked out in text shown on screen (the redacted view).

The document pane masks findings by their character ranges. Other panes show text *derived*
from the document — an extracted value ("Dr. Lindqvist"), a summary sentence, a file name —
whose offsets mean nothing, so they are masked by the findings' own texts instead:

    terms = masking_terms((f.type, page_text[f.start:f.end]) for f in findings)
    mask_terms("Seen by Dr. Lindqvist.", terms)   # 'Seen by Dr. █████████.'

A name is also masked word by word (a value may carry the surname alone), without honorifics
("Dr", "MD") and generic words ("General", "Hospital"), which would black out every title.
Organisations count as names here: the recognizer files a patient's name under ORGANIZATION
or NRP often enough that masking only PERSON words would show "Mrs. Okonkwo-Hale" in a field
while the document pane hides her. This is for screen sharing, not
for text that leaves the machine: exports and escalations redact through their own checked
paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

MASK = "█"  # the document view's mask character, so every pane reads alike
PERSON_LIKE = frozenset({"PERSON", "ORGANIZATION", "NRP"})
# Words of a name that identify no one; masked alone they would hide every "Dr." of a record
# or every "Hospital" of a summary.
HONORIFICS = frozenset({
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "dame", "rev", "fr", "sr", "jr",
    "md", "do", "rn", "np", "pa", "phd", "dds", "esq", "ii", "iii", "iv",
})
GENERIC = frozenset({
    "the", "of", "and", "for", "at", "in", "on", "de", "la", "le", "von", "van", "der",
    "hospital", "general", "clinic", "medical", "center", "centre", "health", "care",
    "healthcare", "university", "college", "school", "department", "services", "service",
    "group", "company", "co", "inc", "llc", "llp", "lp", "ltd", "plc", "corp", "corporation",
    "bank", "trust", "foundation", "associates", "partners", "holdings", "international",
    "national", "regional", "county", "city", "state", "memorial", "saint", "st", "north",
    "south", "east", "west", "new",
})
# Shorter terms are matched as whole words only: "Li" must not black out "Lisinopril". Longer
# ones anywhere, so a finding whose span cut a word ("Okonkw") still hides the whole name.
ANYWHERE = 4
_TOKEN = re.compile(r"[^\W_]+")


def _alnum(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def _pattern(term: str) -> str:
    words = term.split()
    body = r"\s+".join(re.escape(w) for w in words)  # a line break is a space to a reader
    if _alnum(term) >= ANYWHERE:
        return body
    head = r"(?<!\w)" if words[0][:1].isalnum() else ""
    tail = r"(?!\w)" if words[-1][-1:].isalnum() else ""
    return head + body + tail


@lru_cache(maxsize=32)
def _compiled(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    # Longest first: at any position the alternation takes the first alternative that matches.
    ordered = sorted(terms, key=lambda t: (-len(t), t))
    return re.compile("|".join(_pattern(t) for t in ordered), re.IGNORECASE) if ordered else None


def _key(terms: Iterable[str]) -> tuple[str, ...]:
    seen = {" ".join(t.split()).casefold() for t in terms if t}
    return tuple(sorted(t for t in seen if _alnum(t) >= 2))  # an initial "J" is no identifier


def _blackout(m: re.Match[str]) -> str:
    return "".join(ch if ch.isspace() else MASK for ch in m.group(0))


def mask_terms(text: str, terms: Iterable[str]) -> str:
    """`text` with every occurrence of every term (any case, any white space between its words)
    replaced by █ characters, white space kept; the longest term wins where terms overlap."""
    pattern = _compiled(_key(terms))
    return pattern.sub(_blackout, text) if pattern and text else text


def name_tokens(term: str) -> list[str]:
    """The words of a name that identify someone: >= 2 letters or digits, not only digits,
    no honorific or generic word."""
    return [w for w in _TOKEN.findall(term) if len(w) >= 2 and not w.isdigit()
            and w.casefold() not in HONORIFICS | GENERIC]


def masking_terms(found: Iterable[tuple[str, str]]) -> list[str]:
    """The terms to mask for (entity type, original text) pairs: each text, and each word of a
    multi-word name (a person's, or an organisation's) as a term of its own."""
    out: dict[str, None] = {}
    for kind, text in found:
        if not text.strip():
            continue
        out[text] = None
        if kind in PERSON_LIKE and len(_TOKEN.findall(text)) > 1:
            out.update(dict.fromkeys(name_tokens(text)))
    return list(out)
