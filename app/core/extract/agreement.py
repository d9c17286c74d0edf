"""Agreements (NDAs, contracts): parties, governing law and term from the clauses that state them.

Parties are named in a small number of ways that hold across drafting styles:
- the preamble: "... by and between Kite Pharma, Inc., a Delaware corporation ("Kite"), and
  Gilead Sciences, Inc. ..." or a "PARTIES:" block;
- a defined term right after a name: `Eric Dean Sprunk ("Employee")`, `Potomac Key Group, LLC
  (the "Undersigned")`;
- the signature blocks: a company's name on its own line above "By:".
A name found by several of these is more certain than one found by one; the prior records it.
"""

from __future__ import annotations

import re

from app.core.documents import TextSpan
from app.core.extract import patterns as P
from app.core.extract.candidates import Candidate

_SUFFIX = (
    r"(?:Inc|Incorporated|Corp|Corporation|LLC|L\.\s?L\.\s?C|Ltd|Limited|LP|L\.\s?P|LLP|L\.L\.P|PLC|plc|N\.\s?V|B\.\s?V|"
    r"S\.\s?A|AG|A/S|ASA|GmbH|SE|Co|Company|Pty|Pte|S\.\s?p\.\s?A|S\.\s?A\.\s?R\.\s?L|Bancorp|Bank|Trust|Group|Holdings)"
)
_TOKEN = r"(?:[A-Z0-9][\w'’.&/¢!-]*|\([A-Z][\w.]{0,4}\))"
# " and " is not a link: it separates the parties of "between A and B" far more often than it
# joins the words of one name; "Sears, Roebuck and Co." is mended afterwards.
_LINK = r"(?:\s*&\s*|\s+(?:of|of\s+the|de|du|des|la|le|for|von|van|der|und|y|e)\s+|[ \t]+|[ \t]*\n[ \t]*(?:\n[ \t]*)?|-)"
_NAME = re.compile(
    rf"(?<![\w'’.-])(?P<name>{_TOKEN}(?:{_LINK}{_TOKEN}){{0,8}}(?:,?\s+{_SUFFIX}\b\.?)*"
    r"(?:,?\s+(?:Jr|Sr|II|III|IV|M\.D|Ph\.D|Esq)\b\.?)?)(?![\w'’-])"
)
_HAS_SUFFIX = re.compile(rf"(?:^|[\s,]){_SUFFIX}\.?$", re.IGNORECASE)
_PERSON = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?[A-Z][A-Za-z'’-]+(?:\s+(?:[A-Z]\.|[A-Z][A-Za-z'’-]+)){1,3}"
    r"(?:,?\s+(?:Jr|Sr|II|III|IV|M\.D|Ph\.D)\.?)?$"
)
_GENERIC = {
    "agreement",
    "company",
    "employee",
    "executive",
    "party",
    "parties",
    "recipient",
    "discloser",
    "disclosing",
    "receiving",
    "effective",
    "date",
    "confidential",
    "information",
    "this",
    "the",
    "each",
    "such",
    "any",
    "all",
    "state",
    "corporation",
    "delaware",
    "employer",
    "buyer",
    "seller",
    "purchaser",
    "consultant",
    "contractor",
    "director",
    "officer",
    "section",
    "exhibit",
    "schedule",
    "whereas",
    "now",
    "therefore",
    "in",
    "as",
    "by",
    "for",
    "to",
    "of",
    "and",
    "or",
    "with",
    "on",
    "name",
    "title",
    "address",
    "attention",
    "re",
    "dear",
    "sir",
    "sirs",
    "gentlemen",
    "ladies",
    "inc",
    "llc",
    "ltd",
    "you",
    "your",
    "we",
    "our",
    "i",
    "my",
    "mutual",
    "non",
    "disclosure",
    "nondisclosure",
    "confidentiality",
    "covenant",
    "not",
    "compete",
    "undersigned",
    "holder",
    "client",
    "customer",
    "supplier",
    "vendor",
    "licensor",
    "licensee",
    "bank",
    "group",
    "trust",
    "transaction",
    "business",
    "affiliates",
    "subsidiaries",
    "representatives",
    "board",
    "directors",
    "north",
    "south",
    "east",
    "west",
    "america",
    "united",
    "states",
    "new",
    "york",
    "county",
    "city",
}
# What follows a party's name where it is introduced.
_INTRO_AFTER = re.compile(
    r"^\s*(?:\(|,?\s*(?:a|an)\s+(?:[A-Z]|corporation|company|limited|individual|national|banking|body|general|"
    r"wholly|private|public|business|non|not|sole|resident|person|subsidiary|professional)|"
    r",?\s*(?:having|located|with\s+(?:its|offices|an?\s+(?:office|address|place))|whose|organized|incorporated|"
    r"on\s+(?:the\s+)?(?:one|other)\s+hand|d/?b/?a|dba|f/k/a|formerly|acting|its\s+|together|and\s+its|"
    r"residing|an\s+individual|individually|on\s+behalf|for\s+itself|including|"
    r"(?:and\s+)?(?:its\s+)?(?:parent|divisions?|subsidiaries|affiliates|successors))|"
    r",?\s+and\s|\.\s|\.?\s*$|;|,\s*\n|,\s+(?:and|or)\s)",
)
_PREAMBLE = re.compile(
    r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among|PARTIES\s*:|entered\s+into\s+by|made\s+by|"
    r"in\s+favou?r\s+of|executed\s+by)\b",
    re.IGNORECASE,
)
_DEFINED = re.compile(
    r"\(\s*(?:(?:the|each|a|an|herein(?:after)?|hereinafter\s+(?:referred\s+to\s+as|called)|referred\s+to\s+(?:herein\s+)?as|"
    r"collectively|together\s+with[^()]{0,80}?|individually)[\s,]+)*(?:the\s+)?[“\"']?(?P<term>[A-Z][\w&.\- ]{0,40}?)[”\"']?\s*[,)]"
)
_ROLE = re.compile(
    r"^(?:you|employee|executive|consultant|contractor|director|officer|seller|stockholder|shareholder|"
    r"holder|advisor|adviser|individual|recipient|requesting\s+stockholder|member|manager|partner|"
    r"founder|principal|investor|buyer|purchaser|licensee|licensor|party|discloser|second\s+party|"
    r"first\s+party|party-\d|associate|agent|key\s+employee)\b",
    re.IGNORECASE,
)
_SIGN_BY = re.compile(r"^\s*(?:By|BY|Signature)\s*:?", re.MULTILINE)


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,;:")


def _is_person(name: str) -> bool:
    n = _clean(name)
    if not _PERSON.match(n) and not _PERSON.match(n.title()):
        return False
    words = re.findall(r"[A-Za-z]+", n)
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
    core = [w.lower().strip(".,()") for w in _HAS_SUFFIX.sub("", n).split()]
    return bool(core) and not all(w in _GENERIC or w in _PLACES for w in core)


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
    """Cut a name run down to the name: drop a leading article or office and trailing punctuation."""
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
    m = re.search(r"((?:[A-Z][\w'’.-]*,?\s+){1,4})(?:and|&)\s+$", before)
    if (
        not m
        or _HAS_SUFFIX.search(m.group(1).strip(" ,"))
        or re.search(rf"\b{_SUFFIX}\b", m.group(1))
    ):
        return s, e
    if not re.search(r"\b(?:Co|Company|Companies|Associates|Sons)\.?$", text[s:e].strip()):
        return s, e
    lead = before[: m.start()]
    if re.search(r"(?:between|among|\band|,|\()\s*$", lead, re.IGNORECASE) or not lead.strip():
        return s, e
    return s - (len(before) - m.start(1)), e


def _names_in(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _NAME.finditer(text, lo, hi):
        s, e = m.start("name"), m.end("name")
        tail = re.match(r"\s+(?:and|&)\s+(?:Co|Company|Sons|Associates|Partners)\b\.?", text[e:hi])
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
            rf"(?:\b{_SUFFIX}|\b[A-Z]|\bNo|\bSt|\bMr|\bMs|\bDr|\bJr|\bSr|\bU\.S)$", before
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
                r"\b(?:WHEREAS|RECITALS|W\s?I\s?T\s?N\s?E\s?S\s?S|BACKGROUND|Background|NOW,? THEREFORE)\b",
                text[pm.end() : body_end],
            )
            if stop:
                body_end = pm.end() + stop.start()
            for s, e in _names_in(text, pm.end(), body_end):
                s, e = _trim(text, s, e)
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
                else:  # a bare name right after "between": "High Speed Net Solutions", or a short form
                    prior = 0.6 if len(name.split()) > 1 else 0.4
                out.append(
                    Candidate(
                        name, [TextSpan(page, s, e)], prior, "preamble", P.normalize_party(name)
                    )
                )
                found = True
            if found:
                break
        if found:
            break
    # 2. A name followed by its defined term: `NIKE, Inc. ("NIKE")`, `James C. Lee ("Employee")`.
    for page, text in head:
        for dm in _DEFINED.finditer(text, 0, min(len(text), 12000)):
            lo = max(0, dm.start() - 260)
            best = None
            for s, e in _names_in(text, lo, dm.start()):
                s, e = _trim(text, s, e)
                gap = text[e : dm.start()]
                if len(gap) > 200 or not _INTRO_AFTER.match(gap + "("):
                    continue
                best = (s, e)
            if best is None:
                continue
            s, e = _extend_left(text, *best)
            name = text[s:e]
            term = dm.group("term").strip()
            # A person is a party when named as one: by a role ("Employee") or by their surname.
            surname = name.split()[-1].strip(",.").lower() if name.split() else ""
            person = (
                _is_person(name)
                and (_ROLE.search(term) or term.lower() == surname)
                and term.lower() != name.lower()
            )
            if _plausible(name) and (_is_org(name) or person):
                early = page == head[0][0] and s < 2500
                out.append(
                    Candidate(
                        name,
                        [TextSpan(page, s, e)],
                        0.5 if early else 0.35,
                        "defined",
                        P.normalize_party(name),
                    )
                )
    out += _letter_candidates(text_by_page[0]) if text_by_page else []
    out += _signed_by_person(text_by_page)
    # 3. Signature blocks: a company's name on its own line shortly above "By:".
    for page, text in text_by_page[-2:]:
        for bm in _SIGN_BY.finditer(text):
            above = text[max(0, bm.start() - 200) : bm.start()]
            lines = [ln for ln in above.split("\n") if ln.strip()][-3:]
            base = bm.start() - len(above)
            for a, b in reversed(_line_spans(text, max(0, base), bm.start())[-3:]):
                if text[a] in "&(" or len(text[a:b]) > 90:
                    continue
                runs = [
                    (x, y)
                    for x, y in (_trim(text, *r) for r in _names_in(text, a, b))
                    if _is_org(text[x:y]) and _plausible(text[x:y])
                ]
                if runs:
                    x, y = runs[0]
                    out.append(
                        Candidate(
                            text[x:y],
                            [TextSpan(page, x, y)],
                            0.35,
                            "signature",
                            P.normalize_party(text[x:y]),
                        )
                    )
                    break
    return _settle(out)


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
        out.append(
            Candidate(
                text[a:b], [TextSpan(number, a, b)], 0.5, "letter", P.normalize_party(text[a:b])
            )
        )
    for a, b in lines[:date_i][-8:]:
        if _is_org(text[a:b]) and _plausible(text[a:b]) and len(text[a:b]) < 80:
            a, b = _trim_line(text, a, b)
            out.append(
                Candidate(
                    text[a:b],
                    [TextSpan(number, a, b)],
                    0.45,
                    "letter",
                    P.normalize_party(text[a:b]),
                )
            )
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
            out.append(
                Candidate(
                    name,
                    [TextSpan(number, s, s + len(name))],
                    0.5 if role else 0.4,
                    "signature",
                    P.normalize_party(name),
                )
            )
    return out


_LAW_TRIGGER = re.compile(
    r"governed\s+(?:by|under|in\s+accordance\s+with)|constru(?:ed|ction)\s+(?:in\s+accordance\s+with|under|pursuant\s+to)|"
    r"governing\s+law|interpreted\s+(?:in\s+accordance\s+with|under)|subject\s+to\s+the\s+laws",
    re.IGNORECASE,
)
_LAWS_OF = re.compile(
    r"\blaws?\s+of\s+(?:the\s+)?(?:(?:state|commonwealth|province|republic)\s+of\s+)?",
    re.IGNORECASE,
)
_FORUM = re.compile(
    r"\b(?:courts?|arbitration|venue|jurisdiction)\b[^.;]{0,120}?\b(?:in|of|at)\s+", re.IGNORECASE
)


def _jurisdiction_at(text: str, start: int, window: int) -> re.Match[str] | None:
    return P.JURISDICTION_ANY_RE.search(text, start, min(len(text), start + window))


def governing_law_candidates(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    """The law that governs: the first state or country named after "governed by"; "the laws of X"
    elsewhere is weaker evidence, and the courts' or arbitration's seat weaker still."""
    out = []
    for page, text in text_by_page:
        found: list[tuple[re.Match[str], float, str]] = []
        for tm in _LAW_TRIGGER.finditer(text):
            jm = _jurisdiction_at(text, tm.end(), 220)
            if jm:
                found.append((jm, 0.9, "governing"))
        for lm in _LAWS_OF.finditer(text):
            jm = _jurisdiction_at(text, lm.end(), 40)
            if jm and jm.start() - lm.end() < 3:
                found.append((jm, 0.6, "laws_of"))
        for fm in _FORUM.finditer(text):
            jm = _jurisdiction_at(text, fm.end(), 60)
            if jm:
                found.append((jm, 0.35, "forum"))
        for jm, score, how in found:
            name = P.normalize_jurisdiction(jm.group(0))
            if name:
                out.append(
                    Candidate(jm.group(0), [TextSpan(page, jm.start(), jm.end())], score, how, name)
                )
    return out


_AGREEMENT_TERM = re.compile(
    r"(?:\b(?:this|the)\s+(?:letter\s+)?(?:agreement|nda)\b[^.;]{0,120}?\b(?:shall|will|to)?\s*(?:automatically\s+)?"
    r"(?:terminate|expire|remain\s+in\s+(?:full\s+)?(?:force|effect)|continue|cease|be\s+effective|have\s+a\s+term|"
    r"be\s+in\s+effect|apply|run)|\bterm\s+of\s+this\s+(?:letter\s+)?agreement\b|\b(?:initial\s+)?term\b[^.;]{0,30}\bshall\s+be\b|"
    r"(?:^|\n)\s*(?:\d+\.\s*)?(?:term|duration|term\s+of\s+agreement|term\s+and\s+termination)\s*[.:])",
    re.IGNORECASE,
)
_OBLIGATION_TERM = re.compile(
    r"\b(?:obligations?|confidentiality|non-?disclosure|duty|duties)\b[^.;]{0,120}?\b(?:shall|will)?\s*"
    r"(?:terminate|expire|remain\s+in\s+(?:full\s+)?(?:force|effect)|continue|survive|last|be\s+(?:held|kept|maintained))|"
    r"\b(?:keep|hold|maintain)\b[^.;]{0,60}\bconfiden",
    re.IGNORECASE,
)
_RESTRICTION = re.compile(
    r"\b(?:solicit|hire|employ|compet|standstill|acquire|purchase|propos|tender\s+offer|vot|contact|engage|"
    r"salary|severance|vacation|payments?|employment|prior\s+to|within\s+the\s+(?:last|prior)|preceding)",
    re.IGNORECASE,
)


def term_candidates(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    """How long the agreement lasts: a duration in a sentence about this agreement ending or its
    obligations lasting. The many other periods of an NDA (non-solicitation, standstill,
    non-competition) are not its term."""
    out = []
    for page, text in text_by_page:
        for tm in P.TERM_RE.finditer(text):
            norm = P.normalize_term(tm.group(0))
            if norm is None:
                continue
            start = max(
                text.rfind(". ", 0, tm.start()), text.rfind(";", 0, tm.start()), tm.start() - 300, 0
            )
            sentence = text[start : tm.start()]
            after = text[tm.end() : tm.end() + 80]
            if _AGREEMENT_TERM.search(sentence) and not _RESTRICTION.search(sentence[-120:]):
                score, how = 0.55, "term"
            elif _OBLIGATION_TERM.search(sentence) and not _RESTRICTION.search(sentence[-120:]):
                score, how = 0.45, "obligation"
            elif _RESTRICTION.search(sentence + after[:40]):
                score, how = 0.1, "restriction"
            else:
                score, how = 0.25, "period"
            if re.match(r"\s*(?:prior|before|preceding)\b", after):
                score, how = 0.05, "restriction"
            value = tm.group(0)
            out.append(Candidate(value, [TextSpan(page, tm.start(), tm.end())], score, how, norm))
    return out


_EFFECTIVE_AFTER = re.compile(
    r"^[\s,]*\(?\s*(?:the\s+|this\s+)?[“\"']?\s*(?:effective|commencement|execution)\s+date",
    re.IGNORECASE,
)
_EFFECTIVE_BEFORE = re.compile(
    r"(?:effective(?:\s+as\s+of|\s+on|\s+from)?|(?:made|entered\s+into|executed|dated|signed)(?:\s+and\s+(?:effective|entered\s+into))?"
    r"(?:\s+(?:as\s+of|on|effective))?|as\s+of|dated\s+as\s+of|entered\s+as\s+of|is\s+made|made\s+this|entered\s+into\s+this)"
    r"\s*(?:this|the)?\s*$",
    re.IGNORECASE,
)
# "the Asset Purchase Agreement dated October 28, 2004": another agreement's date.
_OTHER_DOC = re.compile(
    r"(?<!this )(?<!This )(?:Agreement|Plan|Letter|Contract|Note|Notes|Offer|Policy|Amendment|Order)\s*(?:\([^)]{0,60}\))?,?\s*"
    r"(?:dated|effective|entered\s+into|executed)(?:\s+as\s+of|\s+on)?\s*(?:the\s+)?$"
)
_SIGN_DATE = re.compile(r"(?:\bdate[d]?\s*:?|/s/[^\n]{0,60}\n?)\s*$", re.IGNORECASE)


def effective_date_candidates(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    """When the agreement takes effect: the date the preamble gives ("made as of ...",
    "... (the "Effective Date")"), else the date it was signed; another agreement's date is not it."""
    out: list[Candidate] = []
    n_pages = len(text_by_page)
    for page, text in text_by_page:
        for m in P.DATE_RE.finditer(text):
            iso = P.normalize_date(m.group(0))
            if iso is None or not (1950 <= int(iso[:4]) <= 2035):
                continue
            before = " ".join(text[max(0, m.start() - 90) : m.start()].split())
            after = text[m.end() : m.end() + 60]
            early = page == text_by_page[0][0] and m.start() < 4000
            late = (
                page >= text_by_page[-1][0] - 1
                and n_pages > 1
                or (n_pages == 1 and m.start() > len(text) * 0.7)
            )
            if _OTHER_DOC.search(before):
                score, how = 0.05, "other"
            elif _EFFECTIVE_AFTER.match(after):
                score, how = 0.9, "defined"
            elif _EFFECTIVE_BEFORE.search(before) and early:
                score, how = 0.85, "preamble"
            elif _EFFECTIVE_BEFORE.search(before):
                score, how = 0.6, "clause"
            elif (
                early
                and m.start() < 900
                and re.search(r"(?:^|\n)[ \t]*$", text[max(0, m.start() - 3) : m.start()])
            ):
                score, how = 0.45, "letter"  # a letter's date line
            elif late and _SIGN_DATE.search(text[max(0, m.start() - 80) : m.start()]):
                score, how = 0.4, "signed"
            else:
                score, how = 0.1, "mention"
            out.append(Candidate(m.group(0), [TextSpan(page, m.start(), m.end())], score, how, iso))
    # Of equally supported dates, the first stated is the agreement's.
    seen: dict[str, float] = {}
    for c in sorted(out, key=lambda c: (c.spans[0].page, c.spans[0].start)):
        key = c.method
        c.score = max(0.02, c.score - 0.05 * (seen.get(key, 0) > 0))
        seen[key] = seen.get(key, 0) + 1
    return out
