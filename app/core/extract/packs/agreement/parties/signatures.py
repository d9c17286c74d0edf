"""Parties named where an agreement is signed: a company's name above "By:", an individual
who signs for themself ("/s/ Hap Hewes", no title)."""

from __future__ import annotations

import re

from app.core.extract.candidates import Candidate
from app.core.extract.packs.agreement.parties.names import (
    GENERIC,
    HAS_SUFFIX,
    extend_left,
    is_org,
    is_person,
    line_spans,
    names_in,
    party_candidate,
    plausible,
    trim,
)

_SIGN_BY = re.compile(r"^\s*(?:By|BY|Signature)\s*:?", re.MULTILINE)
# A signature-block line naming who signs for the party, not the party: "By: LGP Management, Inc.,
# its General Partner", "as Representative of the Company".
_ON_BEHALF = re.compile(
    r"^\s*(?:by\b|as\s)|\b(?:its|as)\s+(?:sole\s+|managing\s+)?(?:general\s+partner|manager|member|"
    r"agent|attorney|representative|trustee|advis[eo]r)\b",
    re.IGNORECASE,
)

_OFFICER = re.compile(
    r"\b(?:officer|president|director|secretary|chairman|manager|counsel|treasurer|partner|ceo|cfo|coo|"
    r"title|its\s*:|managing|authorized|signatory|vp|svp|evp)\b",
    re.IGNORECASE,
)
_SIGN_ROLE = re.compile(
    r"\b(?:employee|executive|associate|consultant|second\s+party|director|individual|stockholder|seller|you)\b",
    re.IGNORECASE,
)


def signature_block_candidates(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    """Signature blocks: a company's name on its own line shortly above "By:"."""
    out = []
    for page, text in text_by_page[-2:]:
        for bm in _SIGN_BY.finditer(text):
            found = _company_above(text, bm.start())
            if found:
                out.append(party_candidate(text, page, *found, 0.35, "signature"))
    return out


def _company_above(text: str, by: int) -> tuple[int, int] | None:
    """The company named on one of the three lines above a "By:" at `by` (the nearest first),
    with the line above it where its name wraps; not a line naming who signs for it."""
    for a, b in reversed(line_spans(text, max(0, by - 200), by)[-3:]):
        if text[a] in "&(" or len(text[a:b]) > 90 or _ON_BEHALF.search(text[a:b]):
            continue
        runs = [
            (x, y)
            for x, y in (extend_left(text, *trim(text, *r)) for r in names_in(text, a, b))
            if is_org(text[x:y]) and plausible(text[x:y])
        ]
        if runs:
            return _wrapped_above(text, *runs[0])
    return None


# The first line of a company's name wrapped in a narrow signature column ("AMERICAN CAMPUS" above
# "COMMUNITIES, INC."): a few capitalized words, no legal form, nothing ending the line.
_NAME_HEAD = re.compile(r"[A-Z][\w&'’.-]*(?:[ \t]+(?:[A-Z][\w&'’.-]*|of|&)){0,3}")
_BLOCK_WORDS = re.compile(
    r"\b(?:AND|WITNESS|WHEREOF|AGREED|ACCEPTED|CONFIRMED|ACKNOWLEDGED|SIGNATURE|PAGE|EXHIBIT|"
    r"DATE|NAME|TITLE|BY)\b",
    re.IGNORECASE,
)


def _wrapped_above(text: str, s: int, e: int) -> tuple[int, int]:
    """A signature block's company name starts on the line above when that line ends it early."""
    line_start = text.rfind("\n", 0, s) + 1
    if text[line_start:s].strip() or line_start == 0:
        return s, e
    prev_start = text.rfind("\n", 0, line_start - 1) + 1
    prev = text[prev_start : line_start - 1].strip()
    if (
        not _NAME_HEAD.fullmatch(prev)
        or _BLOCK_WORDS.search(prev)
        or _OFFICER.search(prev)  # the title of the person who signed the block above
        or HAS_SUFFIX.search(prev)
        or prev.isupper() != text[s:e].isupper()
        or any(w.lower().strip(".") in GENERIC for w in prev.split())  # "Recipient", "COMPANY"
    ):
        return s, e
    return prev_start + text[prev_start:line_start].index(prev[0]), e


def signed_by_person(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    """An individual party signs for themself ("/s/ Hap Hewes", no "By:", no title after).
    More certainly so when the document names them up front (its title "... AGREEMENT WITH
    RAJEEV MEHTA", or "I, Mary Minnick, in consideration of ...": then even after "By:"), or
    when it is written in the first person ("my employment with ...") and one individual signs:
    that one is the "I"."""
    opening = text_by_page[0][1][:3000] if text_by_page else ""
    found: list[tuple[int, str, int, int, str]] = []  # page, text, start, end, why
    for number, text in text_by_page[-3:]:
        for m in re.finditer(
            r"^[ \t]*(?:Signature\s*:\s*)?(?P<by>By\s*:?\s*)?/s/\s*(?P<name>[^\n]{3,60})$",
            text,
            re.MULTILINE | re.IGNORECASE,
        ):
            name = m.group("name").strip()
            name = re.split(r"\s{2,}|\t", name)[0]
            if not is_person(name):
                continue
            named = _named_up_front(name, opening)
            if m.group("by") and not named:
                continue
            after = text[m.end() : m.end() + 160]
            # A title under the signature: someone signing for a company. After a "By:" of its
            # own, the title may stand a line further down ("Name:", the name).
            below = [ln.strip() for ln in after.split("\n") if ln.strip()]
            nxt = below[: 3 if m.group("by") else 2]
            if any(_OFFICER.search(ln) and not _SIGN_ROLE.search(ln) for ln in nxt) or re.search(
                re.escape(name) + r",\s*[A-Z]", after
            ):
                continue
            before = text[max(0, m.start() - 200) : m.start()]
            role = bool(_SIGN_ROLE.search(before) or any(_SIGN_ROLE.search(ln) for ln in nxt))
            # "/s/ Mason Slaine" over "By:": maybe a company's signer; not the form's "I".
            by_below = any(re.match(r"By\b", ln) for ln in below[:2])
            why = "named" if named else "role" if role else "by" if by_below else "signed"
            s = m.start("name")
            found.append((number, text, s, s + len(name), why))
    alone = sum(why == "signed" for *_, why in found) == 1
    first_person = alone and _FIRST_PERSON.search(opening) is not None
    prior = {"named": 0.6, "role": 0.5, "by": 0.4, "signed": 0.5 if first_person else 0.4}
    return [party_candidate(t, n, a, b, prior[why], "signature") for n, t, a, b, why in found]


# "As a condition of my employment with ...", "I agree to the following": an "I agree" form.
_FIRST_PERSON = re.compile(
    r"\b(?:my\s+(?:employment|relationship|engagement)|I\s+(?:hereby\s+)?(?:agree|acknowledge|"
    r"understand|represent))\b"
)


def _named_up_front(name: str, opening: str) -> bool:
    """The signer's name in the filing's title line or as "I, <name>," in the opening."""
    title = opening[:400].lower()
    return name.lower() in " ".join(title.split()) or (
        re.search(rf"\bI,\s+{re.escape(name)},", opening) is not None
    )
