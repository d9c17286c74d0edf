"""Layout cues: where on the page a value stands when no label names it.

A receipt's or letterhead's issuer is printed at the top: a brand or the owner's name may come
first, then the business's registered name (often with "SDN BHD", "LLC", a registration number),
then its address block, then contact and tax lines. Each header line is classified once; the
issuer and the address are read from that classification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.dates import MONTH_PATTERN
from app.core.documents import Document, TextSpan
from app.core.extract import patterns as P
from app.core.extract.candidates import Candidate
from app.core.extract.lines import Line
from app.core.extract.packs.receipt.misread import (
    ADDRESS_WORDS,
    NAME_WORDS,
    mend_address,
    mend_name,
    misreadings,
)

_STREET = re.compile(
    r"\b(?:jalan|jln|jl|road|rd|street|st|avenue|ave|lorong|lrg|persiaran|lebuh(?:raya)?|taman|tmn|"
    r"suite|ste|blvd|boulevard|lane|ln|drive|dr|highway|hwy|lot|floor|flr|fl|level|lvl|bldg|building|"
    r"plaza|block|blk|blok|unit|wisma|menara|kompleks|complex|centre|center|mall|kawasan|perindustrian|"
    r"bandar|batu|kampung|kg|seksyen|section|off|no|p\.?\s*o\.?\s*box|jaya|utama|ss\d+|usj\s*\d+)\b",
    re.IGNORECASE,
)
_ADDRESS_START = re.compile(
    r"^(?:no\b|no\.|lot\b|unit\b|level\b|lvl\b|block\b|blk\b|suite\b|jalan\b|jln\b|g-?\d|[a-z]{0,2}\d+[a-z]?\b|\d)",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"(?<![\d-])\d{5}(?:-\d{4})?(?![\d-])")
_REGION = re.compile(
    r"\b(?:johor|kedah|kelantan|melaka|malacca|negeri\s*sembilan|pahang|perak|perlis|pulau\s*pinang|penang|"
    r"sabah|sarawak|selangor|terengganu|kuala\s*lumpur|kl|labuan|putrajaya|darul\s*\w+|d\.\s*e|w\.?p|"
    r"malaysia|singapore|[A-Z]{2}\s+\d{5})\b",
    re.IGNORECASE,
)
# Lines that end a header's address block or are never a name.
_CONTACT = re.compile(
    r"\b(?:tel|telephone|phone|fax|h/?p|hp|mobile|email|e-mail|www|http|website)\b|^[tf]\s*:|@|\.com\b|^\+?[\d\s()/-]{7,}[,.]?$"
    # "CARELINE : 1800 88 1231", whatever the label's spelling: a label and a phone number.
    r"|^[a-z][a-z .]*:\s*\+?[\d\s()/-]{7,}$"
    # A Malaysian number after a label OCR garbled ("fer none 03- 40212008" for "Tel No").
    r"|(?<![\d-])0\d{1,2}\s?-\s?\d{3,4}\s?\d{4}[\s.,]*$",
    re.IGNORECASE,
)
# An address printed to its country is complete: what follows is a branch or site name.
_COUNTRY_END = re.compile(r"\b(?:malaysia|singapore|indonesia|thailand|usa|u\.s\.a)\W*$", re.I)
_TAXREG = re.compile(
    r"\b(?:gst|sst|vat|tax\s*(?:id|reg)|reg(?:istration)?\.?\s*(?:no|id)?|co\.?\s*[-.]?\s*(?:reg|no)|company\s*(?:reg|no)|"
    r"roc|br\s*no|business\s*reg|abn|ein)\b",
    re.IGNORECASE,
)
_BODY = re.compile(
    r"\b(?:tax\s*invoice|invoice|receipt|cash\s*bill|bill\s*no|qty|description|guest\s*check|doc\s*no)\b|"
    r"\b(?:date|time|table|terminal|counter|order|slip|trn|pos|cashier|served|item)\b\s*(?:[:#.]|no\b|$|\d)",
    re.IGNORECASE,
)
_DATETIME_ONLY = re.compile(
    r"[\d\s/.:-]*(?:" + MONTH_PATTERN + r")?[\d\s/.:,-]*(?:[ap]\.?m\.?)?", re.IGNORECASE
)
_NOISE = re.compile(
    r"\b(?:thank|welcome|tq\b|shopping\s+with|formerly|licensee|since\s+\d{4})", re.IGNORECASE
)
_REG_ONLY = re.compile(
    r"^[({\[]?\s*(?:[a-z.\s]*:)?\s*\(?[a-z]{0,3}\d{3,}[-\s]?[a-z]?\)?\s*[)}\]]?[.,]?$"
    # A company number with its check letter after a label OCR garbled ("Conpany No 002643278-A").
    # Its label names a company or a registration, not a lot ("LOT 123456-A" is an address).
    r"|^(?=[a-z.\s]*(?:co|reg))[a-z.\s]{0,20}\b\d{6,12}\s?-\s?[a-z]\)?[.,]?$",
    re.IGNORECASE,
)
_REG_TAIL = re.compile(
    r"\s*\(?\s*(?:co\.?\s*(?:reg\.?|no\.?)\s*:?\s*)?[a-z]{0,3}\d{4,}[-\s]?[a-z]\s*\)?\s*$",
    re.IGNORECASE,
)
_LEAD_LABEL = re.compile(
    r"^(?:dimiliki(?:\s+oleh)?|owned\s+by|operated\s+by|company|merchant)\s*:\s*", re.IGNORECASE
)
_LEGAL = re.compile(
    r"(?:\bsdn\.?\s*bhd\b|\bbhd\b|\bs/b\b|\bsb\b|\bberhad\b|\bplc\b|\bltd\b|\blimited\b|\binc\b|\bllc\b|"
    r"\bl\.l\.c\b|\bcorp\b|\bcorporation\b|\bco\b\.?|\bcompany\b|\bgmbh\b|\bpte\b|\bllp\b)",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(
    r"\b(?:enterprise|trading|restaurant|restoran|cafe|bistro|store|stores|shop|mart|market|minimarket|"
    r"pasaraya|hardware|supply|supplies|stationery|books?|bakery|pharmacy|farmasi|clinic|hospital|hotel|"
    r"services?|industries|marketing|holdings?|group|kedai|gift|florist|electrical|motor|auto|petrol|"
    r"station|kitchen|kitchenette|food|foods|house|perniagaan|syarikat|international|handicraft|tailoring|"
    r"grocer|machinery|delights|roasted|pub|bar|steamboat|seafood|trade|traders|agency|centre|center)\b",
    re.IGNORECASE,
)


STOP_KINDS = {"contact", "taxreg", "regno", "body", "noise"}
AFTER_POSTCODE = 2  # lines an address block may run on past its postcode line
# A value's prior is halved for each sign that OCR misread it (misread.py), twice at most.
MISREAD_KEEP = 0.5


@dataclass
class HeaderLine:
    line: Line
    kind: str  # "name", "address", "contact", "taxreg", "regno", "body", "noise"


def _kind(text: str) -> str:
    t = text.strip()
    if _NOISE.search(t):
        return "noise"
    if _CONTACT.search(t):
        return "contact"
    if _REG_ONLY.match(t) or re.fullmatch(r"[\d\s./:-]+", t):
        return "regno"
    if _TAXREG.search(t) and not _LEGAL.search(_TAXREG.sub(" ", _REG_TAIL.sub("", t))):
        return "taxreg"
    if P.DATE_RE.search(t) or _BODY.search(t):
        return "body"
    name = _REG_TAIL.sub("", t)
    if _LEGAL.search(name) or (
        _ORG_WORDS.search(name) and not _STREET.search(name) and not _POSTCODE.search(name)
    ):
        return "name"
    if (
        _POSTCODE.search(t)
        or (_ADDRESS_START.match(t) and re.search(r"\d", t))
        or (_STREET.search(t) and re.search(r"[\d,]", t))
    ):
        return "address"
    if _STREET.search(t) and not (_LEGAL.search(t) or _ORG_WORDS.search(t)):
        return "address"
    return "name"


def looks_like_address(text: str) -> bool:
    return bool(
        re.search(r"\d", text) and (_STREET.search(text) or _POSTCODE.search(text) or "," in text)
    )


def is_name_line(text: str) -> bool:
    return _kind(text) == "name"


def header(lines: list[Line], top: int = 16) -> list[HeaderLine]:
    """The classified lines above the body of a receipt or letter."""
    out = []
    for ln in lines[:top]:
        k = _kind(ln.text)
        if k == "body" and out and _DATETIME_ONLY.fullmatch(ln.text.strip()) and len(out) < 4:
            k = "date"  # a print date under the name does not end the header
        elif k == "body" and out:
            break
        out.append(HeaderLine(ln, k))
    return out


def address_block(lines: list[Line], top: int = 16, doc: Document | None = None) -> list[Line]:
    """The first run of address lines: from an address-like line (after the name) to the contact,
    tax or registration lines that follow every address block. What comes after the postcode line
    (the state, the country, a site or branch name) belongs to it too, up to two lines and not
    past a blank line: that is how receipts print it and how people read it back."""
    head = [h for h in header(lines, top) if h.kind != "date"]
    start = next((i for i, h in enumerate(head) if h.kind == "address"), None)
    if start is None:
        return []
    block = [head[start].line]
    after_postcode = 0 if _POSTCODE.search(head[start].line.text) else -1
    for h in head[start + 1 : start + 7]:
        if h.kind in STOP_KINDS or after_postcode >= AFTER_POSTCODE:
            break
        if _COUNTRY_END.search(block[-1].text):
            break
        if after_postcode >= 0 and doc is not None and _blank_line_before(doc, h.line):
            break
        block.append(h.line)
        if after_postcode >= 0:
            after_postcode += 1
        elif _POSTCODE.search(h.line.text):
            after_postcode = 0
    return block


def _name_text(text: str) -> tuple[int, int]:
    """The part of a header line that is the name: without a leading "DIMILIKI:" label or a
    trailing registration number "(12345-X)"."""
    start = 0
    m = _LEAD_LABEL.match(text)
    if m:
        start = m.end()
    end = len(text)
    tail = _REG_TAIL.search(text, start)
    if tail and tail.start() > start:
        end = tail.start()
    end = len(text[:end].rstrip(" ,;:"))
    return start, end


def _descriptor_only(text: str) -> bool:
    """ "BISTRO & CAFE": business words and nothing that names this business."""
    words = re.findall(r"[A-Za-z']+", text)
    return bool(words) and all(
        _ORG_WORDS.fullmatch(w) or _LEGAL.fullmatch(w) or w.lower() in {"and", "the", "of"}
        for w in words
    )


_OPENS_WITH_BUSINESS_WORD = re.compile(rf"\W*(?:{_LEGAL.pattern}|{_ORG_WORDS.pattern})", re.I)
_ENDS_LEGAL = re.compile(r"(?:sdn\.?\s*bhd|bhd|s/b|ltd|limited|inc|llc|corp|corporation)\.?$", re.I)


def _joins(group: str, rest: list[str]) -> bool:
    """A name printed over lines: "HOME MASTER HARDWARE &" / "ELECTRICAL", "POPULAR BOOK" /
    "CO. (M) SDN BHD", "AIK HUAT HARDWARE" / "ENTERPRISE (SETIA" / "ALAM) SDN BHD"."""
    if not rest:
        return False
    if group.rstrip().endswith(("&", "-", ",")) or group.count("(") > group.count(")"):
        return True
    if _LEGAL.search(group):
        return False
    # A legal form with almost nothing before it ("CO. (M) SDN BHD", OCR's "CP. (M) SDN BHD")
    # cannot stand alone: it ends the name above.
    bare = _LEGAL.sub(" ", re.sub(r"\([^)]*\)", " ", rest[0]))
    if _LEGAL.search(rest[0]) and len(re.sub(r"[^A-Za-z]", "", bare)) <= 3:
        return True
    # The next line continues the name only when it cannot stand alone: it opens with a business
    # or legal word ("SDN BHD", "CO. (M) SDN BHD", "ENTERPRISE (SETIA").
    if not _OPENS_WITH_BUSINESS_WORD.match(rest[0]):
        return False
    for n in (1, 2):
        tail = _REG_TAIL.sub("", " ".join(rest[:n])).strip()
        if len(rest) >= n and _ENDS_LEGAL.search(tail) and len(tail.split()) <= 5:
            return True
    return False


def _misread_factor(value: str, vocabulary: frozenset[str]) -> float:
    """What is left of a value's prior after its signs of an OCR misreading (misread.py)."""
    return MISREAD_KEEP ** min(2, misreadings(value, vocabulary))


def _blank_line_before(doc: Document, line: Line) -> bool:
    before = doc.pages[line.page - 1].text[max(0, line.start - 200) : line.start]
    return before[len(before.rstrip()) :].count("\n") > 1


def issuer_candidates(doc: Document, lines: list[Line]) -> list[Candidate]:
    """The business at the top. A registered name ("... SDN BHD", "... LLC") beats a brand or the
    owner's name; a line of business words beats a bare name; the name just above the address
    block or a registration number is the usual place."""
    head = header(lines)
    addr = next((i for i, h in enumerate(head) if h.kind == "address"), len(head))
    names = [i for i, h in enumerate(head[:addr]) if h.kind == "name"]
    if not names and head:
        names = [i for i, h in enumerate(head[:4]) if h.kind == "name"]
    out: list[Candidate] = []
    formerly = next(
        (i for i, h in enumerate(head) if re.search(r"formerly|licensee", h.line.text, re.I)),
        len(head),
    )
    joined: set[int] = set()
    for i in names:
        if i in joined:
            continue
        group = [head[i].line]
        j = i
        while True:
            rest = []
            for h in head[j + 1 : j + 3]:
                if h.kind != "name" or _blank_line_before(doc, h.line):
                    break  # a blank line ends the name ("tan woon yann" written above it)
                rest.append(h.line.text)
            if not _joins(" ".join(g.text for g in group), rest):
                break
            j += 1
            group.append(head[j].line)
            joined.add(j)
        first, last = group[0], group[-1]
        s0, _ = _name_text(first.text)
        _, e1 = _name_text(last.text)
        if len(group) == 1:
            s0, e1 = _name_text(first.text)
        if len(group) == 1 and e1 <= s0:
            continue
        text = " ".join(g.text for g in group)
        if len(re.sub(r"[^A-Za-z]", "", text)) < 3:
            continue
        score = 0.3
        if _LEGAL.search(text):
            score += 0.4
        elif _ORG_WORDS.search(text):
            score += 0.25
        if _descriptor_only(text):
            score -= 0.45  # a tagline ("BISTRO & CAFE") under the name
        after = head[j + 1].kind if j + 1 < len(head) else ""
        if after in {"regno", "taxreg"} or _REG_TAIL.search(last.text):
            score += 0.1
        if j + 1 == addr or (after in {"regno", "taxreg"} and j + 2 == addr):
            score += 0.1
        if i > formerly:
            score -= 0.3
        score -= 0.02 * i
        if len(group) > 1:
            score += 0.05
        span = TextSpan(first.page, first.start + s0, last.start + e1)
        value = doc.pages[span.page - 1].text[span.start : span.end]
        score *= _misread_factor(value, NAME_WORDS)
        if doc.pages[span.page - 1].ocr:
            value = mend_name(value)  # "SON BHD" read from a scan; the prior counted the slip
        out.append(
            Candidate(
                value,
                [span],
                round(min(0.92, max(0.05, score)), 3),
                "layout",
                P.normalize_name(" ".join(value.split())),
            )
        )
    return out


def address_candidates(doc: Document, lines: list[Line]) -> list[Candidate]:
    block = address_block(lines, doc=doc)
    if not block:
        return []
    span = TextSpan(block[0].page, block[0].start, block[-1].end)
    value = doc.pages[span.page - 1].text[span.start : span.end]
    # Where a block ends is the uncertain part (a branch name, a site code, a region line may or
    # may not belong to it), so even a well-formed block is only moderately certain; one that
    # looks misread is less so, since the value is copied as printed.
    score = 0.3 + 0.1 * bool(_POSTCODE.search(value)) + 0.05 * (len(block) > 1)
    score *= _misread_factor(value, ADDRESS_WORDS)
    if doc.pages[span.page - 1].ocr:
        # Read from a scan, the value is the address as printed where the misreading is plain
        # (misread.mend_address); the prior above counts the signs of the text as read.
        value = mend_address(value, ADDRESS_WORDS)
    return [Candidate(value, [span], round(score, 3), "layout", " ".join(value.split()))]
