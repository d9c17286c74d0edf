"""What a party's name looks like in an agreement, and where it starts and ends: the shapes
of company and person names, the words that are never a name, and the mending of names the
name pattern splits ("Sears, Roebuck and Co.", "Offshore and Marine Holdings LLC")."""

from __future__ import annotations

import re

from app.core.documents import TextSpan
from app.core.extract import patterns as P
from app.core.extract.candidates import Candidate

SUFFIX = (
    r"(?:Inc|Incorporated|Corp|Corporation|LLC|L\.\s?L\.\s?C|Ltd|Limited|LP|L\.\s?P|LLP|L\.L\.P|PLC|plc|N\.\s?V|B\.\s?V|"
    r"S\.\s?A|AG|A/S|ASA|GmbH|SE|Co|Company|Pty|Pte|S\.\s?p\.\s?A|S\.\s?A\.\s?R\.\s?L|Bancorp|Bank|Trust|Group|Holdings)"
)
# "AND" in a title set in capitals ("AGREEMENT BETWEEN BIOSITE INC AND BECKMAN COULTER, INC.") is
# the word between the parties, not a word of either name. "nStor", "eBay": a brand in camel case.
_TOKEN = r"(?:(?!AND\b)[A-Z0-9][\w'’.&/¢!-]*|[a-z][A-Z][\w'’.&-]*|\([A-Z][\w.]{0,4}\))"
# " and " is not a link: it separates the parties of "between A and B" far more often than it
# joins the words of one name; "Sears, Roebuck and Co." is mended afterwards.
_LINK = (
    r"(?:\s*&\s*|\s+(?:of|of\s+the|de|du|des|la|le|for|von|van|der|und|y|e)\s+"
    r"|[ \t]+|[ \t]*\n[ \t]*(?:\n[ \t]*)?|-)"
)
_NAME = re.compile(
    rf"(?<![\w'’.-])(?P<name>{_TOKEN}(?:{_LINK}{_TOKEN}){{0,8}}(?:,?\s+(?i:{SUFFIX})\b\.?)*"
    r"(?:,?\s+(?:Jr|Sr|II|III|IV|M\.D|Ph\.D|Esq)\b\.?){0,2})(?![\w'’-])"
)
# A person's generation or degree after the name ("Jr.", ", M.D."), up to two of them.
_AFTER_NAME = r"(?:,?\s+(?:Jr|Sr|II|III|IV|M\.D|Ph\.D)\.?)"
_TRAILING_AFTER_NAME = re.compile(rf"{_AFTER_NAME}+$")
HAS_SUFFIX = re.compile(rf"(?:^|[\s,]){SUFFIX}\.?$", re.IGNORECASE)
# The given name may be written as initials ("J.H. Cromarty", "J. Patrick Mulcahy").
_PERSON = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?(?:[A-Z][A-Za-z'’-]+|[A-Z]\.(?:\s?[A-Z]\.){0,2})"
    r"(?:\s+(?:[A-Z]\.|[A-Z][A-Za-z'’-]+)){1,3}"
    rf"{_AFTER_NAME}{{0,2}}$"
)
GENERIC = set(
    (
        "agreement company employee executive party parties recipient discloser disclosing "
        "receiving effective date confidential information this the each such any all state "
        "corporation delaware employer buyer seller purchaser consultant contractor director "
        "officer section exhibit schedule whereas now therefore in as by for to of and or with on "
        "name title address attention re dear sir sirs gentlemen ladies inc llc ltd you your we "
        "our i my mutual non disclosure nondisclosure confidentiality covenant not compete "
        "undersigned holder client customer supplier vendor licensor licensee bank group trust "
        "transaction business affiliates subsidiaries representatives board directors north south "
        "east west america united states new york county city intellectual property proprietary "
        "trade secrets representative work product products evaluation material materials "
        "invention inventions"
    ).split()
)


def clean(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,;:")


def is_person(name: str) -> bool:
    n = clean(name)
    if not _PERSON.match(n) and not _PERSON.match(n.title()):
        return False
    given = _TRAILING_AFTER_NAME.sub("", n)  # the name, not its generation or degrees
    words = re.findall(r"[A-Za-z]+", given)
    return not any(w.lower() in GENERIC for w in words) and 2 <= len(words) <= 5


_PLACES = {w.lower() for s in P.US_STATES + P.COUNTRIES for w in s.split()} | {
    "usa",
    "us",
    "u.s.",
    "(usa)",
}


def is_org(name: str) -> bool:
    n = clean(name)
    if not HAS_SUFFIX.search(n):
        return False
    # "A. The Company and Datakey are ...": a recital's letter is not a word of a name.
    core = [w.lower().strip(".,()") for w in HAS_SUFFIX.sub("", n).split()]
    core = [w for w in core if len(w) > 1]
    return bool(core) and not all(w in GENERIC or w in _PLACES for w in core)


def plausible_org_core(name: str) -> bool:
    """A company's name has a word of its own before the suffix ("Delaware corporation" and
    "limited liability company" describe one)."""
    core = [w.lower().strip(".,()") for w in HAS_SUFFIX.sub("", clean(name)).split()]
    return any(w not in _PLACES and w not in _DESCRIPTIVE for w in core)


_DESCRIPTIVE = {"a", "an", "limited", "liability", "public", "private", "general", "business"}


def plausible(name: str) -> bool:
    n = clean(name)
    words = re.findall(r"[A-Za-z0-9¢]+", n)
    if not words or len(n) < 3 or len(words) > 12:
        return False
    if words[0].lower() in {
        "this",
        "such",
        "each",
        "any",
        "all",
        "said",
        "whereas",
        "section",
        "exhibit",
        "dear",
    }:
        return False
    if all(w.lower() in GENERIC or w.isdigit() for w in words) or {"party", "parties"} & {
        w.lower() for w in words
    }:
        return False
    if P.normalize_date(n) is not None or re.search(r"\d{3,}", n) and not HAS_SUFFIX.search(n):
        return False
    if re.search(r"(?<![\d-])\d{5}(?![\d-])|\bc/o\b", n, re.IGNORECASE):
        return False  # an address ("MD 21017 Datakey, Inc.") or a care-of line
    return True


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a name run down to the name: no leading article or office, no trailing punctuation."""
    seg = text[start:end]
    m = re.match(
        r"(?:(?:by\s+and\s+)?between|among|and|with|by|of|the\s+undersigned|"
        r"(?:the\s+)?(?:board\s+of\s+directors|chief\s+\w+\s+officer|president|directors?)\s+of(?:\s+the)?|"
        r"(?:agreed\s+(?:to\s+)?and\s+)?accepted(?:\s+and\s+agreed)?(?:\s+to)?(?:\s+by)?|name\s+of\s+company\s*:|"
        r"company\s*:|party\s*:|on\s+behalf\s+of)\s+",
        seg,
        re.IGNORECASE,
    )
    if m:
        start += m.end()
    seg = text[start:end]
    while seg and seg[-1] in " ,;:\n":
        end -= 1
        seg = seg[:-1]
    return start, end


def extend_left(text: str, s: int, e: int) -> tuple[int, int]:
    """A name `_NAME` split where its own words are joined by "and" or a comma, mended:
    "Saco River Telegraph and Telephone Company" (capitalized words before the "and", not right
    after "between"), "Offshore and Marine Holdings LLC" (after the "and" that separated the
    parties) and "Sears, Roebuck and Co." (a firm's names separated by commas)."""
    before = text[max(0, s - 80) : s]
    if re.match(r"[A-Z][a-z]+\s+(?:and|&)\s+Co\b", text[s:e]):
        # "Bruckmann, Rosser, Sherrill & Co. II, L.P.": several names before "& Co." only with a
        # legal form after it (in "among Alpha, Beta, Roebuck and Co." they are parties of
        # their own); one name, only where no list or other name runs into it ("Acme Holdings,
        # Roebuck and Co.", "Alpha Inc., Beta, Roebuck and Co.").
        chain = re.search(r"(?:[A-Z][a-z]+,\s+){1,3}$", before)
        if chain:
            several = chain.group(0).count(",") > 1
            lead = before[: chain.start()]
            if (
                several
                and re.search(r"\bCo\b\.?,?\s+\S", text[s:e])
                or not several
                and not re.search(r"(?:[A-Z][\w.]*[ \t]+|,\s*)$", lead)
            ):
                return s - (len(before) - chain.start()), e
    m = re.search(r"((?:[A-Z][\w'’.-]*,?\s+){1,4})(?:and|&)\s+$", before)
    if (
        not m
        or HAS_SUFFIX.search(m.group(1).strip(" ,"))
        or re.search(rf"\b{SUFFIX}\b", m.group(1))
    ):
        return s, e
    lead = before[: m.start()]
    joined = s - (len(before) - m.start(1)), e
    if _second_party_with_and(lead, m.group(1), text[s:e]):
        return joined
    if not re.search(r"\b(?:Co|Company|Companies|Associates|Sons)\.?$", text[s:e].strip()):
        return s, e
    if re.search(r"(?:between|among|\band|,|\()\s*$", lead, re.IGNORECASE) or not lead.strip():
        return s, e
    return joined


def _second_party_with_and(lead: str, words: str, name: str) -> bool:
    """ "between A ("IDE") and Offshore and Marine Holdings LLC": once an "and" has separated
    the parties, a lone capitalized word joined by a second "and" to a company with a legal
    suffix is the start of that company's name, not a third party."""
    lone = words.strip(" ,")
    return (
        re.search(r"\band\s*$", lead) is not None
        and re.fullmatch(r"[A-Z][a-z]+", lone) is not None
        and lone.lower() not in GENERIC
        and HAS_SUFFIX.search(name.strip()) is not None
    )


def names_in(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _NAME.finditer(text, lo, hi):
        s, e = m.start("name"), m.end("name")
        tail = re.match(
            r"\s+(?:and|AND|&)\s+(?:Co|CO|Company|COMPANY|Sons|SONS|Associates|Partners)\b\.?",
            text[e:hi],
        )
        if tail:
            e += tail.end()
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def party_candidate(text: str, page: int, a: int, b: int, prior: float, method: str) -> Candidate:
    name = text[a:b]
    return Candidate(name, [TextSpan(page, a, b)], prior, method, P.normalize_party(name))


def line_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+", text[lo:hi]):
        raw = m.group(0)
        a = lo + m.start() + (len(raw) - len(raw.lstrip()))
        b = lo + m.start() + len(raw.rstrip())
        if b > a:
            out.append((a, b))
    return out
