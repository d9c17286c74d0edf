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

from app.core.documents import Finding, TextSpan
from app.core.extract import patterns as P
from app.core.extract.candidates import Candidate

ORG_TYPES = frozenset({"ORGANIZATION", "ORG", "PERSON"})
_SUFFIX = (
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
    rf"(?<![\w'’.-])(?P<name>{_TOKEN}(?:{_LINK}{_TOKEN}){{0,8}}(?:,?\s+(?i:{_SUFFIX})\b\.?)*"
    r"(?:,?\s+(?:Jr|Sr|II|III|IV|M\.D|Ph\.D|Esq)\b\.?){0,2})(?![\w'’-])"
)
# A person's generation or degree after the name ("Jr.", ", M.D."), up to two of them.
_AFTER_NAME = r"(?:,?\s+(?:Jr|Sr|II|III|IV|M\.D|Ph\.D)\.?)"
_TRAILING_AFTER_NAME = re.compile(rf"{_AFTER_NAME}+$")
_HAS_SUFFIX = re.compile(rf"(?:^|[\s,]){_SUFFIX}\.?$", re.IGNORECASE)
# The given name may be written as initials ("J.H. Cromarty", "J. Patrick Mulcahy").
_PERSON = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?(?:[A-Z][A-Za-z'’-]+|[A-Z]\.(?:\s?[A-Z]\.){0,2})"
    r"(?:\s+(?:[A-Z]\.|[A-Z][A-Za-z'’-]+)){1,3}"
    rf"{_AFTER_NAME}{{0,2}}$"
)
_GENERIC = set(
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
        "trade secrets representative"
    ).split()
)
# What follows a party's name where it is introduced.
_INTRO_AFTER = re.compile(
    r"^\s*(?:\(|,?\s*(?:a|an)\s+(?:[A-Z]|corporation|company|limited|individual|national|banking|body|general|"
    r"wholly|private|public|business|non|not|sole|resident|person|subsidiary|professional)|"
    r",?\s*(?:having|located|with\s+(?:its|offices|an?\s+(?:principal\s+)?(?:office|address|place))|whose|organized|incorporated|"
    r"on\s+(?:the\s+)?(?:one|other)\s+hand|d/?b/?a|dba|f/k/a|formerly|acting|its\s+|together|and\s+its|"
    r"and/or\s+(?:one\s+of\s+)?its\s|"
    r"residing|an\s+individual|individually|on\s+behalf|for\s+itself|including|"
    r"(?:and\s+)?(?:its\s+)?(?:parent|divisions?|subsidiaries|affiliates|successors))|"
    r",?\s+(?:and|AND)\s|\.\s|\.?\s*$|;|,\s*\n|,\s+(?:and|or)\s|"
    # a list of companies: "Team Industrial Services, Inc., Team, Inc., and their affiliates"
    rf",\s+[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){{0,5}},?\s+{_SUFFIX}\b)",
)
_PREAMBLE = re.compile(
    r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among|PARTIES\s*:|entered\s+into\s+by|made\s+by|"
    r"in\s+favou?r\s+of|executed\s+by)\b",
    re.IGNORECASE,
)
_DEFINED = re.compile(
    r"\(\s*(?:(?:the|each|a|an|herein(?:after)?|hereinafter\s+(?:referred\s+to\s+as|called)|"
    r"referred\s+to\s+(?:herein\s+)?as|collectively|(?:together|along)\s+with[^()]{0,80}?|together|"
    r"individually)[\s,]+)*"
    # `("Sears'' or the "Company")`: a typed closing quote, and a second name for the party
    r"(?:the\s+)?[“\"']?(?P<term>[A-Z][\w&.\- ]{0,40}?)[”\"']{0,2}\s*(?:[,)]|or\s)"
)
_ROLE = re.compile(
    r"^(?:you|employee|executive|consultant|contractor|director|officer|seller|stockholder|shareholder|"
    r"holder|advisor|adviser|individual|recipient|requesting\s+stockholder|member|manager|partner|"
    r"founder|principal|investor|buyer|purchaser|licensee|licensor|party|discloser|second\s+party|"
    r"first\s+party|party-\d|associate|agent|key\s+employee)\b",
    re.IGNORECASE,
)
_SIGN_BY = re.compile(r"^\s*(?:By|BY|Signature)\s*:?", re.MULTILINE)
# A signature-block line naming who signs for the party, not the party: "By: LGP Management, Inc.,
# its General Partner", "as Representative of the Company".
_ON_BEHALF = re.compile(
    r"^\s*(?:by\b|as\s)|\b(?:its|as)\s+(?:sole\s+|managing\s+)?(?:general\s+partner|manager|member|"
    r"agent|attorney|representative|trustee|advis[eo]r)\b",
    re.IGNORECASE,
)


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,;:")


def _is_person(name: str) -> bool:
    n = _clean(name)
    if not _PERSON.match(n) and not _PERSON.match(n.title()):
        return False
    given = _TRAILING_AFTER_NAME.sub("", n)  # the name, not its generation or degrees
    words = re.findall(r"[A-Za-z]+", given)
    return not any(w.lower() in _GENERIC for w in words) and 2 <= len(words) <= 5


_PLACES = {w.lower() for s in P.US_STATES + P.COUNTRIES for w in s.split()} | {
    "usa",
    "us",
    "u.s.",
    "(usa)",
}


def _is_org(name: str) -> bool:
    n = _clean(name)
    if not _HAS_SUFFIX.search(n):
        return False
    # "A. The Company and Datakey are ...": a recital's letter is not a word of a name.
    core = [w.lower().strip(".,()") for w in _HAS_SUFFIX.sub("", n).split()]
    core = [w for w in core if len(w) > 1]
    return bool(core) and not all(w in _GENERIC or w in _PLACES for w in core)


def _plausible_org_core(name: str) -> bool:
    """A company's name has a word of its own before the suffix ("Delaware corporation" and
    "limited liability company" describe one)."""
    core = [w.lower().strip(".,()") for w in _HAS_SUFFIX.sub("", _clean(name)).split()]
    return any(w not in _PLACES and w not in _DESCRIPTIVE for w in core)


_DESCRIPTIVE = {"a", "an", "limited", "liability", "public", "private", "general", "business"}


def _plausible(name: str) -> bool:
    n = _clean(name)
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
    if all(w.lower() in _GENERIC or w.isdigit() for w in words) or {"party", "parties"} & {
        w.lower() for w in words
    }:
        return False
    if P.normalize_date(n) is not None or re.search(r"\d{3,}", n) and not _HAS_SUFFIX.search(n):
        return False
    if re.search(r"(?<![\d-])\d{5}(?![\d-])|\bc/o\b", n, re.IGNORECASE):
        return False  # an address ("MD 21017 Datakey, Inc.") or a care-of line
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
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


def _extend_left(text: str, s: int, e: int) -> tuple[int, int]:
    """ "Saco River Telegraph and Telephone Company", "Sears, Roebuck and Co.": a name whose own
    words are joined by "and", which `_NAME` splits, is mended when the words before the "and"
    are capitalized and do not follow "between"."""
    before = text[max(0, s - 80) : s]
    if re.match(r"[A-Z][a-z]+\s+(?:and|&)\s+Co\b", text[s:e]):
        # "Sears, Roebuck and Co.", "Bruckmann, Rosser, Sherrill & Co. II, L.P.": the commas
        # between a firm's names are where `_NAME` stopped. Not when the word before is the
        # tail of another capitalized name ("Acme Holdings, Roebuck and Co.").
        chain = re.search(r"(?:[A-Z][a-z]+,\s+){1,3}$", before)
        if chain and not re.search(r"[A-Z][\w.]*[ \t]+$", before[: chain.start()]):
            return s - (len(before) - chain.start()), e
    m = re.search(r"((?:[A-Z][\w'’.-]*,?\s+){1,4})(?:and|&)\s+$", before)
    if (
        not m
        or _HAS_SUFFIX.search(m.group(1).strip(" ,"))
        or re.search(rf"\b{_SUFFIX}\b", m.group(1))
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
        and lone.lower() not in _GENERIC
        and _HAS_SUFFIX.search(name.strip()) is not None
    )


def _names_in(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
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


def _sentence_end(text: str, start: int, limit: int = 1200) -> int:
    """Where the preamble's sentence ends: a period that is not part of "Inc." or an initial."""
    hi = min(len(text), start + limit)
    for m in re.finditer(r"\.(?=\s+[A-Z(“\"]|\s*\n\s*\n|\s*$)", text[start:hi]):
        before = text[max(0, start + m.start() - 12) : start + m.start()]
        if re.search(
            rf"(?:\b(?i:{_SUFFIX})|\b[A-Z]|\bNo|\bSt|\bMr|\bMs|\bDr|\bJr|\bSr|\bU\.S)$", before
        ):
            continue
        return start + m.start()
    return hi


def party_candidates(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    out: list[Candidate] = []
    head = text_by_page[:3]
    # 1. The preamble ("between A and B", "PARTIES: A and B").
    for page, text in head[:2]:
        found = False
        for pm in _PREAMBLE.finditer(text, 0, min(len(text), 9000)):
            body_end = _sentence_end(text, pm.end())
            stop = re.search(
                r"\b(?:WHEREAS|RECITALS|W\s?I\s?T\s?N\s?E\s?S\s?S|BACKGROUND|Background|"
                r"NOW,? THEREFORE)\b",
                text[pm.end() : body_end],
            )
            if stop:
                body_end = pm.end() + stop.start()
            for s, e in _names_in(text, pm.end(), body_end):
                s, e = _extend_left(text, *_trim(text, s, e))
                name = text[s:e]
                if not _plausible(name):
                    continue
                before = text[max(pm.end(), s - 40) : s]
                boundary = (
                    re.search(
                        r"(?:^|between|among|\band|,|;|:|\bby|\(\w\)|\n)\s*(?:the\s+undersigned\s+)?$",
                        before,
                        re.IGNORECASE,
                    )
                    or s - pm.end() < 3
                )
                ends_sentence = name.endswith(".") and re.match(r"\s+[A-Z]", text[e : e + 3])
                if not boundary or not (_INTRO_AFTER.match(text[e : e + 60]) or ends_sentence):
                    continue
                if not (_is_org(name) or _is_person(name) or (s - pm.end() < 3)):
                    continue
                if _is_org(name) or _is_person(name):
                    prior = 0.8
                else:  # a bare name after "between" ("High Speed Net Solutions") or a short form
                    prior = 0.6 if len(name.split()) > 1 else 0.4
                out.append(_party(text, page, s, e, prior, "preamble"))
                found = True
            if found:
                break
        if found:
            break
    out += _defined_candidates(head)
    out += _letter_candidates(text_by_page[0]) if text_by_page else []
    out += _signed_by_person(text_by_page)
    out += _signature_block_candidates(text_by_page)
    return _settle(out)


def _defined_candidates(head: list[tuple[int, str]]) -> list[Candidate]:
    """2. A name followed by its defined term: `NIKE, Inc. ("NIKE")`, `James C. Lee ("Employee")`,
    and the company of an "I agree" form: "my employment with Dolby Laboratories, Inc., its
    subsidiaries ... (together the "Company")"."""
    out = []
    before = 0  # characters on earlier pages: a cover page does not make the preamble late
    for page, text in head:
        for dm in _DEFINED.finditer(text, 0, min(len(text), 12000)):
            lo = max(0, dm.start() - 260)
            named = []
            for s, e in _names_in(text, lo, dm.start()):
                s, e = _trim(text, s, e)
                gap = text[e : dm.start()]
                if len(gap) > 200 or not _INTRO_AFTER.match(gap + "("):
                    continue
                if _HAS_SUFFIX.search(_clean(text[s:e])) and not _plausible_org_core(text[s:e]):
                    continue  # "a Delaware corporation": what the party is, not its name
                named.append((s, e))
            term = dm.group("term").strip()
            group = re.match(r"\(\s*(?:together|collectively)\b", dm.group(0), re.I) is not None
            found = _defined_party(text, named, term, group)
            if found:
                s, e = found
                early = before + s < 2500
                out.append(_party(text, page, s, e, 0.5 if early else 0.35, "defined"))
        before += len(text)
    return out


def _defined_party(
    text: str, named: list[tuple[int, int]], term: str, group: bool
) -> tuple[int, int] | None:
    """Which of the names before a defined term it defines: the nearest that can be a party,
    unless the term repeats the words of another of them ("Stone Key Partners LLC and ... Hudson
    Partners Securities LLC (together, "Stone Key")") or, for a group's term ("together",
    "collectively"), the name is a member listed under the group."""
    term_words = _words(term) - _COMMON_NAME_WORDS
    for s, e in reversed(named):
        s, e = _extend_left(text, s, e)
        gap = text.rfind("\n\n", s, e)
        if gap != -1:  # "MD 21017\n\nDatakey, Inc.": the line above is the last address's
            s = gap + 2 + len(text[gap + 2 : e]) - len(text[gap + 2 : e].lstrip())
        name = text[s:e]
        lead = text[max(0, s - 40) : s]
        listed = group and _LISTED_UNDER.search(lead) is not None  # "affiliates, including X"
        other = (
            term_words
            and not term_words & _words(name)
            and any(term_words <= _words(text[a:b]) for a, b in named if (a, b) != (s, e))
        )
        if not listed and not other and _plausible(name):
            if _is_org(name) or _person_by_term(name, term):
                return s, e
        # "Tyco Healthcare Group LP d/b/a Covidien and its affiliates ("Company")": past a
        # trade name, or a member listed under a group, the company named first is the party.
        if not (_TRADE_NAME_BEFORE.search(lead) or listed):
            return None
    return None


def _words(value: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]{3,}", value.lower()))


_COMMON_NAME_WORDS = {"the", "company", "corporation", "inc", "llc", "group", "and"}
_LISTED_UNDER = re.compile(r"\bincluding(?:,?\s+but\s+not\s+limited\s+to,?)?\s*$", re.IGNORECASE)
_TRADE_NAME_BEFORE = re.compile(
    r"(?:d/?b/?a|f/k/a|formerly|also\s+known\s+as|doing\s+business\s+as)\s*$", re.IGNORECASE
)


def _person_by_term(name: str, term: str) -> bool:
    """A person is a party when named as one: by a role ("Employee") or by their surname."""
    surname = name.split()[-1].strip(",.").lower() if name.split() else ""
    return (
        _is_person(name)
        and bool(_ROLE.search(term) or term.lower() == surname)
        and term.lower() != name.lower()
    )


def _signature_block_candidates(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    """3. Signature blocks: a company's name on its own line shortly above "By:"."""
    out = []
    for page, text in text_by_page[-2:]:
        for bm in _SIGN_BY.finditer(text):
            found = _company_above(text, bm.start())
            if found:
                out.append(_party(text, page, *found, 0.35, "signature"))
    return out


def _company_above(text: str, by: int) -> tuple[int, int] | None:
    """The company named on one of the three lines above a "By:" at `by` (the nearest first),
    with the line above it where its name wraps; not a line naming who signs for it."""
    for a, b in reversed(_line_spans(text, max(0, by - 200), by)[-3:]):
        if text[a] in "&(" or len(text[a:b]) > 90 or _ON_BEHALF.search(text[a:b]):
            continue
        runs = [
            (x, y)
            for x, y in (_extend_left(text, *_trim(text, *r)) for r in _names_in(text, a, b))
            if _is_org(text[x:y]) and _plausible(text[x:y])
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
        or _HAS_SUFFIX.search(prev)
        or prev.isupper() != text[s:e].isupper()
        or any(w.lower().strip(".") in _GENERIC for w in prev.split())  # "Recipient", "COMPANY"
    ):
        return s, e
    return prev_start + text[prev_start:line_start].index(prev[0]), e


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
        s, e = _trim(text, f.start, f.end)
        name = text[s:e]
        if not _plausible(name) or not (_is_org(name) or _is_person(name)):
            continue
        early = f.page == pages[0][0] and s < 2000 and _is_org(name)
        out.append(_party(text, f.page, s, e, 0.5 if early else 0.3, "entity"))
    return _settle(out)


def _party(text: str, page: int, a: int, b: int, prior: float, method: str) -> Candidate:
    name = text[a:b]
    return Candidate(name, [TextSpan(page, a, b)], prior, method, P.normalize_party(name))


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
            if c.methods == {"signature"} and _is_org(c.value):
                c.score = max(c.score, SIGNATURE_ONLY)
    return merged


_SALUTATION = re.compile(
    r"^\s*(?:Dear\b[^\n]*|Ladies\s+and\s+Gentlemen|Gentlemen|Dear\s+Sirs?)\s*[:,]",
    re.MULTILINE | re.IGNORECASE,
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


def _line_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+", text[lo:hi]):
        raw = m.group(0)
        a = lo + m.start() + (len(raw) - len(raw.lstrip()))
        b = lo + m.start() + len(raw.rstrip())
        if b > a:
            out.append((a, b))
    return out


def _letter_candidates(page: tuple[int, str]) -> list[Candidate]:
    """A letter agreement: the addressee (a company, else a person) between the date and the
    salutation, and the sender's company in the letterhead above the date."""
    number, text = page
    sal = _SALUTATION.search(text, 0, min(len(text), 3000))
    if not sal:
        return []
    lines = _line_spans(text, 0, sal.start())
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
        if _is_org(text[a:b]) and _plausible(text[a:b]) and len(text[a:b]) < 80
    ]
    people = [(a, b) for a, b in block[:3] if _is_person(text[a:b])]
    for a, b in orgs[:1] or people[:1]:
        a, b = _trim_line(text, a, b)
        out.append(_party(text, number, a, b, 0.5, "letter"))
    for a, b in lines[:date_i][-8:]:
        if _is_org(text[a:b]) and _plausible(text[a:b]) and len(text[a:b]) < 80:
            a, b = _trim_line(text, a, b)
            out.append(_party(text, number, a, b, 0.45, "letter"))
            break
    return out


def _trim_line(text: str, a: int, b: int) -> tuple[int, int]:
    m = re.search(r"\s+(?:c/o|attn|attention)\b.*$", text[a:b], re.I)
    if m:
        b = a + m.start()
    while b > a and text[b - 1] in " ,;:":
        b -= 1
    return a, b


def _signed_by_person(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    """An individual party signs for themself ("/s/ Hap Hewes", no "By:", no title after)."""
    out: list[Candidate] = []
    for number, text in text_by_page[-3:]:
        for m in re.finditer(
            r"^[ \t]*(?P<by>By\s*:?\s*)?/s/\s*(?P<name>[^\n]{3,60})$",
            text,
            re.MULTILINE | re.IGNORECASE,
        ):
            if m.group("by"):
                continue
            name = m.group("name").strip()
            name = re.split(r"\s{2,}|\t", name)[0]
            if not _is_person(name):
                continue
            after = text[m.end() : m.end() + 160]
            nxt = [ln.strip() for ln in after.split("\n") if ln.strip()][:2]
            if any(_OFFICER.search(ln) and not _SIGN_ROLE.search(ln) for ln in nxt) or re.search(
                re.escape(name) + r",\s*[A-Z]", after
            ):
                continue
            before = text[max(0, m.start() - 200) : m.start()]
            role = bool(_SIGN_ROLE.search(before) or any(_SIGN_ROLE.search(ln) for ln in nxt))
            s = m.start("name")
            out.append(_party(text, number, s, s + len(name), 0.5 if role else 0.4, "signature"))
    return out
