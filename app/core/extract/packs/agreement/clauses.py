"""Agreements (NDAs, contracts): governing law, term and effective date from the clauses that
state them. The parties are in `parties/`."""

from __future__ import annotations

import re

from app.core.documents import TextSpan
from app.core.extract import patterns as P
from app.core.extract.candidates import Candidate

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
    r"be\s+in\s+effect|apply|govern|cover|run)|\bterm\s+of\s+this\s+(?:letter\s+)?agreement\b|\b(?:initial\s+)?term\b[^.;]{0,30}\bshall\s+be\b|"
    r"(?:^|\n)\s*(?:\d+\.\s*)?(?:term|duration|term\s+of\s+agreement|term\s+and\s+termination)\s*[.:])",
    re.IGNORECASE,
)
# How long the obligations last: "the obligations ... shall survive", "will continue to be bound by
# their obligations of confidentiality", "the restrictions and covenants set forth herein shall
# terminate".
_OBLIGATION_TERM = re.compile(
    r"\b(?:obligations?|confidentiality|non-?disclosure|duty|duties|restrictions|covenants|provisions)\b"
    r"[^.;]{0,120}?\b(?:shall|will)?\s*"
    r"(?:terminate|expire|remain\s+in\s+(?:full\s+)?(?:force|effect)|continue|survive|last|be\s+(?:held|kept|maintained))|"
    r"\b(?:keep|hold|maintain)\b[^.;]{0,60}\bconfiden|"
    r"\b(?:continue\s+to\s+be|remain|be)\s+bound\s+by\b[^.;]{0,40}\bobligations?\b",
    re.IGNORECASE,
)
_RESTRICTION = re.compile(
    r"\b(?:solicit|recruit|renew|hire|employ|compet|standstill|acquire|purchase|propos|tender\s+offer|vot|contact|engage|"
    r"salary|severance|vacation|payments?|employment|prior\s+to|within\s+the\s+(?:last|prior)|preceding)",
    re.IGNORECASE,
)


_COVENANT = re.compile(
    r"\b(?:solicit|recruit|hire|compet|standstill|acquire|tender\s+offer)", re.IGNORECASE
)
# "two years following the termination of your employment", "24 months after the occurrence of a
# Change in Control", "three (3) years from the date of termination": a period counted from a
# later event (one relationship's end, a transaction) is how long some duty survives it, not how
# long this agreement runs. Counted from this agreement's own end ("one year after the date of
# termination of this Agreement") it still measures the agreement. After "the earlier of" a list
# mark ("(a)", "(i)") may stand before the event.
_AFTER_EVENT = re.compile(
    r"^\s*(?:after|following|from)\s+(?:the\s+)?(?:earlier|later)?(?:\s+of)?[\s(a-z).]{0,6}?"
    r"(?:(?:the\s+)?date\s+of\s+)?(?:the\s+|any\s+|such\s+)?"
    r"(?:termination|expiration|completion|occurrence|consummation|closing|cessation|end)\b"
    r"(?!\s+(?:or\s+expiration\s+)?of\s+(?:this|the)\s+(?:letter\s+)?(?:agreement|nda)\b)",
    re.IGNORECASE,
)

# "two years from the date on which the Designee ceases to be a director", "one (1) year after the
# Director ceases to be a director", "the first anniversary of the first date on which Sisitsky is
# no longer a member", "three (3) years from the date of disclosure": counted from a person's
# leaving or from each disclosure, so again not how long this agreement runs.
_LATER_EVENT = re.compile(
    r"^\s*(?:after|following|from|of)\s+(?:the\s+)?(?:"
    r"(?:first\s+|last\s+)?(?:date|day|time)\s+(?:on\s+which|that|when)\b[^.;,]{0,80}?"
    r"\b(?:ceases?|ceased|no\s+longer|resigns?|leaves?)\b"
    r"|[A-Z]\w+\s+(?:ceases|shall\s+have\s+ceased|is\s+no\s+longer|leaves|resigns)\b"
    r"|(?:date\s+of\s+(?:the\s+)?)?disclosure\b)",
)


def _clause_after(after: str) -> str:
    """What follows a duration up to the end of its sentence or clause."""
    m = re.search(r"[.;](?:\s|$)", after)
    return after[: m.start()] if m else after


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
            after = text[tm.end() : tm.end() + 200]
            if _AGREEMENT_TERM.search(sentence) and not _RESTRICTION.search(sentence[-120:]):
                score, how = 0.5, "term"
            elif _OBLIGATION_TERM.search(sentence) and not _RESTRICTION.search(sentence[-120:]):
                score, how = 0.4, "obligation"
            elif _RESTRICTION.search(sentence + after[:40]):
                score, how = 0.1, "restriction"
            else:
                score, how = 0.25, "period"
            if re.match(r"\s*(?:prior|before|preceding)\b", after):
                score, how = 0.05, "restriction"
            elif how in ("term", "obligation", "period") and (
                _AFTER_EVENT.match(after) or _LATER_EVENT.match(after)
            ):
                score, how = 0.2, "after_event"
            elif how in ("term", "obligation") and _COVENANT.search(_clause_after(after)):
                # "During the term of this Agreement and for one year thereafter, Employee will
                # not solicit ...": the tail of a covenant, not how long the agreement lasts.
                score, how = 0.1, "restriction"
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
# "Effective Date: January 16, 2015", "This agreement has an effective date of April 9, 2003", "The
# effective date of this Agreement is October 1, 2010": the
# date is given as the effective date by name, as strongly as a defined term after it.
_EFFECTIVE_LABEL = re.compile(
    r"\beffective\s+date(?:\s+of\s+this\s+agreement)?\s*(?::|of|is|shall\s+be|will\s+be)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# "the Asset Purchase Agreement dated October 28, 2004", "the General Consulting Agreement between
# the parties dated January 5, 2006": another agreement's date. Its head noun is checked for a
# leading "This" separately (`_names_this_agreement`), since "This Amended and Restated
# Confidentiality Agreement dated as of ..." is this agreement's own preamble.
_OTHER_DOC = re.compile(
    r"\b(?P<head>Agreement|Plan|Letter|Contract|Note|Notes|Offer|Policy|Amendment|Order|NDA)\b"
    r"\s*(?:\([^)]{0,60}\))?"
    r"(?:,?\s+(?:(?:entered\s+into|made)\s+)?(?:(?:by\s+and\s+)?(?:between|among)|with|by)\s"
    r"(?:[^.;()]|\.(?!\s+[A-Z])){0,100}?)?"
    r",?\s*(?:dated|effective|entered\s+into|executed)(?:\s+as\s+of|\s+on)?\s*(?:the\s+)?$"
)
_THIS_HEAD = re.compile(
    r"\b(?:this|THIS|This)(?:\s+is\s+an?)?\s+(?:[A-Z][\w&’'-]*,?\s+(?:and\s+|&\s+)?){0,8}$"
)
# "that certain letter agreement by and between ..., dated February 6, 2008": "that certain" only
# ever introduces another instrument.
_THAT_CERTAIN = re.compile(
    r"\bthat\s+certain\b(?:[^.;]|\.(?!\s+[A-Z])){0,300}\b(?:dated|effective|entered\s+into|executed)(?:\s+as\s+of|\s+on)?"
    r"\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# A date followed by the term it defines: `(the "Agreement")` makes it this agreement's date, any
# other term (`(the "Merger Agreement")`, `(the "Vesting Date")`) makes it something else's; also
# when the date closes a parenthesis first ("Severance Plan (as amended effective January 1,
# 2015) (the "Severance Plan")").
_DEFINES = re.compile(
    r"^[\s,]*\)?[\s,]*\((?:[^()“\"]{0,30}?)[“\"']\s*(?P<term>[^”\"']{1,40}?)\s*[”\"']\s*\)",
    re.IGNORECASE,
)
_OWN_TERM = re.compile(
    r"^(?:this\s+)?(?:agreement|nda|letter\s+agreement|(?:effective|commencement|execution|"
    r"agreement)\s+date|date\s+hereof|date\s+of\s+(?:this\s+)?agreement)$",
    re.IGNORECASE,
)
_SIGN_DATE = re.compile(r"(?:\bdate[d]?\s*:?|/s/[^\n]{0,60}\n?)\s*$", re.IGNORECASE)
# "IN WITNESS WHEREOF, the parties have executed this agreement this 16th day of May, 2011."
_EXECUTED_ON = re.compile(
    r"\bexecuted\s+this\s+(?:\w+\s+){0,3}agreement\s+(?:as\s+of|on|this)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# "PARTIES: ... DATE: July 24, 2008" at the head of an agreement: its date, by label.
_DATE_LABEL = re.compile(r"\bdate\s*:\s*$", re.IGNORECASE)


# "amends and restates YRCW's prior agreement with you dated December 18, 2008", "supersedes the
# letter agreement dated ...": the instrument this one replaces, however it is spelled.
_REPLACED = re.compile(
    r"\b(?:(?:amends|restates|supersedes|replaces|terminates)\b[^.;]{0,60}?|"
    r"(?:prior|previous|earlier|existing|original|separate)\s+(?:[\w’'-]+\s+){0,3}?)"
    r"(?:agreement|letter|contract|nda)\b[^.;]{0,100}?"
    r"\b(?:dated|entered\s+into|executed|made)(?:\s+as\s+of|\s+on)?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# "This Agreement, which amends the Original Agreement, is dated as of ...": this one's own date.
_OWN_VERB = re.compile(r"\b(?:is|was|be)\s+(?:dated|entered|executed|made)\b", re.IGNORECASE)


def _another_documents(wide: str) -> bool:
    """Whether the words before a date (whitespace-joined, ~400 characters) date an instrument
    other than this agreement."""
    if _THAT_CERTAIN.search(wide):
        return True
    # About the longest phrase _REPLACED spans (verb, 60, "agreement", 100, "dated"): no need to
    # search the whole window for a pattern anchored at the date.
    replaced = _REPLACED.search(wide[-220:])
    if replaced and not _OWN_VERB.search(replaced.group(0)):
        return True
    m = _OTHER_DOC.search(wide)
    return bool(m) and not _THIS_HEAD.search(wide[: m.start("head")])


def effective_date_candidates(text_by_page: list[tuple[int, str]]) -> list[Candidate]:
    """When the agreement takes effect: the date the preamble gives ("made as of ...",
    "... (the "Effective Date")"), else the date it was signed; never another agreement's date."""
    out: list[Candidate] = []
    n_pages = len(text_by_page)
    for page, text in text_by_page:
        for m in P.DATE_RE.finditer(text):
            iso = P.normalize_date(m.group(0))
            if iso is None or not (1950 <= int(iso[:4]) <= 2035):
                continue
            wide = " ".join(text[max(0, m.start() - 400) : m.start()].split())
            before = wide[-90:]
            after = text[m.end() : m.end() + 60]
            defined = _DEFINES.match(after)
            # `(the "Agreement")` after the date: this agreement's; any other term: not.
            own_term = bool(defined and _OWN_TERM.match(defined.group("term")))
            early = page == text_by_page[0][0] and m.start() < 4000
            late = (
                page >= text_by_page[-1][0] - 1
                and n_pages > 1
                or (n_pages == 1 and m.start() > len(text) * 0.7)
            )
            if defined and not own_term:
                score, how = 0.05, "other"
            elif own_term or _EFFECTIVE_AFTER.match(after):
                score, how = 0.9, "defined"
            elif _another_documents(wide):
                score, how = 0.05, "other"
            elif _EFFECTIVE_LABEL.search(before):
                score, how = 0.9, "defined"
            elif early and m.start() < 1500 and _DATE_LABEL.search(before):
                score, how = 0.7, "label"  # below a stated "effective as of" in the recitals
            elif _EFFECTIVE_BEFORE.search(before) and early:
                score, how = 0.85, "preamble"
            elif _EFFECTIVE_BEFORE.search(before):
                score, how = 0.5, "clause"
            elif (
                early
                and m.start() < 900
                and re.search(r"(?:^|\n)[ \t]*$", text[max(0, m.start() - 3) : m.start()])
            ):
                score, how = 0.45, "letter"  # a letter's date line
            elif (late and _SIGN_DATE.search(text[max(0, m.start() - 80) : m.start()])) or (
                _EXECUTED_ON.search(before)
            ):
                score, how = 0.4, "signed"
            else:
                score, how = 0.1, "mention"
            out.append(Candidate(m.group(0), [TextSpan(page, m.start(), m.end())], score, how, iso))
    _prefer_first_stated_and_last_signed(out)
    return out


def _prefer_first_stated_and_last_signed(cands: list[Candidate]) -> None:
    """Of equally supported dates, the first stated is the agreement's; but of the dates beside
    the signatures, the last: an agreement signed on different days binds when the last party
    signs. The others lose a little score, so the order among methods stands."""
    last_signed = max((c.normalized or "" for c in cands if c.method == "signed"), default="")
    seen: set[str] = set()
    for c in sorted(cands, key=lambda c: (c.spans[0].page, c.spans[0].start)):
        later = c.normalized != last_signed if c.method == "signed" else c.method in seen
        c.score = max(0.02, c.score - 0.05 * later)
        seen.add(c.method)
