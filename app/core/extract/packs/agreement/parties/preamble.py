"""Parties named where an agreement introduces them: the preamble ("by and between A and B",
"PARTIES:") and a name followed by its defined term (`NIKE, Inc. ("NIKE")`)."""

from __future__ import annotations

import re

from app.core.extract.candidates import Candidate
from app.core.extract.packs.agreement.parties.names import (
    HAS_SUFFIX,
    SUFFIX,
    clean,
    extend_left,
    is_org,
    is_person,
    names_in,
    party_candidate,
    plausible,
    plausible_org_core,
    trim,
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
    rf",\s+[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){{0,5}},?\s+{SUFFIX}\b)",
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


def _sentence_end(text: str, start: int, limit: int = 1200) -> int:
    """Where the preamble's sentence ends: a period that is not part of "Inc." or an initial."""
    hi = min(len(text), start + limit)
    for m in re.finditer(r"\.(?=\s+[A-Z(“\"]|\s*\n\s*\n|\s*$)", text[start:hi]):
        before = text[max(0, start + m.start() - 12) : start + m.start()]
        if re.search(
            rf"(?:\b(?i:{SUFFIX})|\b[A-Z]|\bNo|\bSt|\bMr|\bMs|\bDr|\bJr|\bSr|\bU\.S)$", before
        ):
            continue
        return start + m.start()
    return hi


def preamble_candidates(head: list[tuple[int, str]]) -> list[Candidate]:
    """The preamble ("between A and B", "PARTIES: A and B") on the first two pages."""
    out: list[Candidate] = []
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
            for s, e in names_in(text, pm.end(), body_end):
                s, e = extend_left(text, *trim(text, s, e))
                name = text[s:e]
                if not plausible(name):
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
                if not (is_org(name) or is_person(name) or (s - pm.end() < 3)):
                    continue
                if is_org(name) or is_person(name):
                    prior = 0.8
                else:  # a bare name after "between" ("High Speed Net Solutions") or a short form
                    prior = 0.6 if len(name.split()) > 1 else 0.4
                out.append(party_candidate(text, page, s, e, prior, "preamble"))
                found = True
            if found:
                break
        if found:
            break
    return out


def defined_candidates(head: list[tuple[int, str]]) -> list[Candidate]:
    """A name followed by its defined term: `NIKE, Inc. ("NIKE")`, `James C. Lee ("Employee")`,
    and the company of an "I agree" form: "my employment with Dolby Laboratories, Inc., its
    subsidiaries ... (together the "Company")"."""
    out = []
    before = 0  # characters on earlier pages: a cover page does not make the preamble late
    for page, text in head:
        for dm in _DEFINED.finditer(text, 0, min(len(text), 12000)):
            lo = max(0, dm.start() - 260)
            named = []
            for s, e in names_in(text, lo, dm.start()):
                s, e = trim(text, s, e)
                gap = text[e : dm.start()]
                if len(gap) > 200 or not _INTRO_AFTER.match(gap + "("):
                    continue
                if HAS_SUFFIX.search(clean(text[s:e])) and not plausible_org_core(text[s:e]):
                    continue  # "a Delaware corporation": what the party is, not its name
                named.append((s, e))
            term = dm.group("term").strip()
            group = re.match(r"\(\s*(?:together|collectively)\b", dm.group(0), re.I) is not None
            found = _defined_party(text, named, term, group)
            if found:
                s, e = found
                early = before + s < 2500
                out.append(party_candidate(text, page, s, e, 0.5 if early else 0.35, "defined"))
        before += len(text)
    return out


def _defined_party(
    text: str, named: list[tuple[int, int]], term: str, group: bool
) -> tuple[int, int] | None:
    """Which of the names before a defined term it defines: the nearest that can be a party.
    None when the term repeats the words of another listed name instead ("Stone Key Partners LLC
    and ... Hudson Partners Securities LLC (together, "Stone Key")": the term names an adviser's
    group, not Hudson) or, for a group's term ("together", "collectively"), when the name is a
    member listed under the group and no name before it can be the party."""
    term_words = _words(term) - _COMMON_NAME_WORDS
    for found in reversed(named):
        s, e = extend_left(text, *found)
        gap = text.rfind("\n\n", s, e)
        if gap != -1:  # "MD 21017\n\nDatakey, Inc.": the line above is the last address's
            s = gap + 2 + len(text[gap + 2 : e]) - len(text[gap + 2 : e].lstrip())
        name = text[s:e]
        lead = text[max(0, s - 40) : s]
        listed = group and _LISTED_UNDER.search(lead) is not None  # "affiliates, including X"
        other = (
            term_words
            and not term_words & _words(name)
            and any(term_words <= _words(text[a:b]) for a, b in named if (a, b) != found)
        )
        if not listed and not other and plausible(name):
            if is_org(name) or _person_by_term(name, term):
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
        is_person(name)
        and bool(_ROLE.search(term) or term.lower() == surname)
        and term.lower() != name.lower()
    )
