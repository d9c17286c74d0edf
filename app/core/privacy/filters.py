"""Post-filters for noisy generic detectors (spaCy NER, Presidio URL and phone).

Each rule says why a result is not an identifier; the analyzer drops results a rule rejects.
They matter most on clinical shorthand, where "today" is a DATE, "BP" an ORG and
"91/42/7.36/25/-1" (a blood gas) a phone number to the generic detectors.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from app.core.geography import US_STATES as ALL_US_STATES
from app.core.privacy.capitals import heading_or_plain_opening
from app.core.privacy.recognizers.facilities import DRUG_END
from app.core.privacy.recognizers.gazetteer import (
    CLINICAL,
    NICKNAMES,
    common_words,
    first_names,
    is_common,
    is_misspelt_word,
    last_names,
)
from app.core.privacy.recognizers.names.vocabulary import RELATIONS

_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
# A specific date: a month name, a 4-digit year, or digits with date separators.
_SPECIFIC_DATE = regex.compile(rf"(?i)\b(?:{_MONTHS})|\b(?:1[89]|20)\d\d\b|\d{{1,4}}[/.-]\d{{1,2}}")
_URL_OK = regex.compile(
    r"(?i)^(?:[a-z][a-z0-9+.-]*://|www\.)\S+$|^[a-z0-9-]+(?:\.[a-z0-9-]+)*"
    r"\.(?:com|org|net|edu|gov|mil|io|co|us|uk|de|fr|it|es|nl|ca|au|info|biz|ai|app)(?:/\S*)?$"
)


# A "d/d" or "d/d/d" that is a setting, a fraction or a strength, not a date: ventilator
# settings ("PSV 10/5", "AC 500X 12/5/40%"), fractions ("1/2 NS", "1/4 STRENGTH"), "5/5".
_SLASHED = regex.compile(r"^\d{1,2}/\d{1,2}(?:/\d{1,4})?$")
_VENT_WORDS = frozenset("""ps psv cpap bipap peep ac simv imv prvc settings setting vent
ventilator flowby peep/ps ps/peep mode rate x trial ventilation""".split())
# Words after "d/d" that make it a setting whatever its numbers ("12/5 CM", "10/5 PEEP").
_SETTING_AFTER = frozenset("peep cm mm".split())
# Words after a fraction or count ("1/2 NS", "3/4 STRENGTH", "4/4 BOTTLES", "8/10 CP").
_AFTER_WORDS = frozenset("""ns str strength dose doses hr hrs hour hours way nph amp amps tab
tabs tsp cup cups peep of up ss liter liters l min mins minutes day days bottles bottle bl bld
cx sets cm mm pain cp ha""".split())
# A score out of ten ("PAIN 8/10", "#9/10", "3-4/10"), not the tenth of a month.
_PAIN_WORDS = frozenset("""pain cp discomfort score scale rates rated rating level""".split())
# Ventilator settings written after the mode a few words back ("CPAP+PS 5/5",
# "WEANING TRIAL 5/5") or with the oxygen fraction after ("ON 12/5 FIO2 40%", "5/5, 40%").
# In a note about ventilation, "5/5", "10/5", "15/5" are pressure support over a PEEP of 5
# (the usual PEEP) even after "on": "TRIALED ON 5/5". A date on the 5th of those months is
# the loss we accept there.
_VENT_PAIR = regex.compile(r"^(?:5|10|12|14|15|16|18|20)/5$")
_VENT_NOTE = regex.compile(r"(?i)\b(?:vent(?:ilat\w*|ed)?|peep|cpap|bi-?pap|psv?|simv|"
                           r"(?:ex|in)tubat\w*|trach)\b")
_VENT_AFTER = regex.compile(r"(?i)^[\s,.;&]{0,4}(?:\d{2,3}\s?%|fio2|peep\b|ps\b)")
_DATE_CUES = frozenset("on since from until till dated date thru through by".split())
# Cues that only a date follows (a setting is "on", "from" or "to" a value, never "since").
_SINCE = frozenset("since until till dated thru through".split())
# An event verb right before "d/d" dates the event: "PLACED 6/21", "extubated 5/3".
_EVENT_WORDS = frozenset("""placed inserted removed started stopped changed discontinued
admitted transferred discharged intubated extubated reintubated drawn sent cultured done
performed seen operated""".split())
# What may stand between an event verb and its date: a count ("CULTURED X 2 8/15") or a site
# ("PLACED IN R AC 11/17": after a side, "AC" is the antecubital fossa, not assist control).
_EVENT_FILLER = regex.compile(r"x|x?\d{1,2}|in|at|r|l|rt|lt|left|right")
_SIDES = frozenset("r l rt lt left right".split())
_FRACTIONS = frozenset("1/2 1/3 2/3 1/4 3/4 1/5 1/8".split())
_TOKEN = regex.compile(r"[^\s]+")
_WEEKDAY = regex.compile(r"(?i)(?:mon|tues|wednes|thurs|fri|satur|sun)days?")


def _words_before(text: str, pos: int, n: int) -> list[str]:
    return [w.strip(".,;:()").lower() for w in _TOKEN.findall(text[max(0, pos - 40):pos])][-n:]


def _count(before: list[str], k: int) -> bool:
    """Word k is the "X" of a small count ("BLOOD CX X 2 10/12"), not of a ventilator's
    volume times rate ("500 X 12 5/5")."""
    nxt = before[k + 1] if k + 1 < len(before) else ""
    return before[k] == "x" and nxt.isdigit() and int(nxt) <= 5


def _event_before(before: list[str]) -> bool:
    """An event verb right before the date, or with only a count or a site between."""
    for k in range(len(before) - 1, -1, -1):
        w = before[k].split("(")[-1]
        if w in _EVENT_WORDS:
            return True
        if not (_EVENT_FILLER.fullmatch(w) or w == "ac" and k and before[k - 1] in _SIDES):
            return False
    return False


def slashed_date_ok(text: str, start: int, end: int) -> bool:
    """False for a "d/d(/d)" that context shows to be a setting, fraction or strength."""
    span = text[start:end]
    if regex.fullmatch(r"\d{1,2}/\d{1,2}\s?-\s?\d{1,2}/\d{1,2}", span):
        # a range of dates, or of fractions ("UP 1/3-1/2" of the lung fields)
        return not any(p.strip() in _FRACTIONS for p in span.split("-"))
    if not _SLASHED.match(span):
        return True
    # The words before it, nearest last: up to six for an event verb and what may stand
    # between it and the date, five for a ventilator mode, three for the other cues.
    before6 = _words_before(text, start, 6)
    before5, before = before6[-5:], before6[-3:]
    if _event_before(before6) or before and before[-1] in _SINCE:
        return True  # "TRACH(PLACED 6/21)", "ON PS SINCE 6/21": a date whatever came before
    if span.endswith("/10") and int(span.split("/")[0]) <= 10 and (
            text[start - 1:start] == "#" or regex.match(r"\d-", text[start - 2:start])
            or any(w in _PAIN_WORDS for w in before)
            or (_TOKEN.findall(text[end:end + 12]) or [""])[0].lower() in _PAIN_WORDS):
        return False
    if _VENT_AFTER.match(text[end:end + 12]) or any(
            # "CPAP+PS 5/5", "SETTINGS-SIMV/PS, 500X10, 40%, & 5/8": a mode joined to others
            any(p in _VENT_WORDS for p in regex.split(r"[-/+]", w)[1:])
            or w.split("+")[-1] in _VENT_WORDS and not _count(before5, k)
            or regex.search(r"[a-z]\+[a-z]", w)
            for k, w in enumerate(before5)):
        return False
    if _VENT_PAIR.match(span) and _VENT_NOTE.search(text) \
            and not any(w in _EVENT_WORDS for w in before[-2:]):  # "EXTUBATED ON 10/5"
        return False  # "TRIALED ON 5/5", "ON BI-PAP 10/5": pressure support over PEEP 5
    if before and before[-1] in _DATE_CUES:
        return True  # "on 6/21": a date
    after = text[end:end + 12]
    nxt = (_TOKEN.findall(after) or [""])[0].strip(".,;:()").lower()
    # A fraction or a count reads "1/2", "3/4", "2/4", "8/10"; a date "10/12", "9/29".
    num, den = (int(p) for p in span.split("/")[:2])
    fraction = num <= den <= 10
    if regex.match(r"\s?%|\.\d", after):
        return False
    if regex.match(r"\s?-\d", after) and not regex.match(r"-\d{1,2}/\d", after) and (
            fraction or regex.match(r"\d-", text[start - 2:start])):
        return False  # "1 1/2-2H", "5-6/3-4/0-80"; not the days "10/12-14"
    if nxt in _SETTING_AFTER or nxt in _AFTER_WORDS and fraction:
        return False  # "1/2 NS", "4/4 BOTTLES", "10/5 PEEP"; not "10/12 HR 80S"
    if any((w in _VENT_WORDS and not _count(before, k)) or regex.fullmatch(r"\d+x", w)
           for k, w in enumerate(before)):
        return False
    return span not in _FRACTIONS


_TIME_BEFORE = frozenset("at @ until till by from to since around approx ~ - and q".split())
# Cues a year follows as often as a time ("since 2006", "from 2001 to 2004").
_SOFT_TIME_BEFORE = frozenset("since from to until till - and".split())


def _clock_time(text: str, start: int, end: int) -> bool:
    """A 4-digit "year" that is a 24-hour clock time in a note ("AT 1930", "@ 2000")."""
    span = text[start:end]
    if not (len(span) == 4 and span.isdigit() and int(span[:2]) <= 23 and int(span[2:]) <= 59):
        return False
    before = _words_before(text, start, 1)
    after = text[end:end + 6].lower()
    if before and before[-1] in _SOFT_TIME_BEFORE and int(span[2:]) % 5 \
            and 1950 <= int(span) <= 2030:
        return False  # "chest ache since 2006": a clock reads 2000 or 2015, a year 2006
    return bool(before and before[-1] in _TIME_BEFORE) or bool(
        regex.match(r"\s*(?:hrs?|hours|h\b|-\s*\d{4})", after))


# The international phone shapes of `contact.phone()` (pattern names are "<recognizer> <i>").
LOOSE_PHONE_PATTERNS = frozenset({"ShorthandPhoneRecognizer 6"})


def _pattern(r: RecognizerResult) -> str:
    return str(getattr(r.analysis_explanation, "pattern_name", "") or "")


def _name(r: RecognizerResult) -> str:
    return str((r.recognition_metadata or {}).get("recognizer_name", ""))


_ADDRESS_CUE = regex.compile(r"(?i)\b(?:address|addr|lives?|living|resides?|residing|moved|"
                             r"home|house|apartment|apt|street|mail|send|ship|located)\b")


_PHONE_CUE = regex.compile(r"(?i)(?:phone|ph|tel|cell|home|work|office|pager|beeper|page|pgr|"
                           r"call(?:ed)?|reach|contact|number|fax|#|no\.?|at|@)\W{0,3}$")
# A phone word earlier in the same sentence: "HOME PHONE IS 555-1234", "WIFE CAN BE CALLED
# ANYTIME 555-1234" (a range of values comes after a measure, not after these words).
_PHONE_SENTENCE = regex.compile(r"(?i)\b(?:phone|cell|pager|beeper|number|contact|call(?:ed)?|"
                                r"reach(?:ed)?)\b[^.;\n]{0,30}$")
_BARE_SEVEN = regex.compile(r"^(\d{3})-(\d{4})$")


def _range_not_phone(text: str, start: int, end: int) -> bool:
    """A bare "ddd-dddd" that reads as a range of values ("TV 800-1200", "SVR 870-1040",
    "400-900CC"): the second number at least the first and at most four times it, or a unit
    right after, and no phone cue before it."""
    m = _BARE_SEVEN.match(text[start:end])
    before = text[max(0, start - 45):start]
    if not m or _PHONE_CUE.search(before[-16:].rstrip()) or _PHONE_SENTENCE.search(before) \
            or _person_before(text, start):
        return False
    low, high = int(m.group(1)), int(m.group(2))
    return _unit_after(text, end) or low <= high <= 4 * max(low, 1)


_WORD_BEFORE = regex.compile(r"(\p{L}+)(?:['’]s)?[\s:=,(-]{1,4}$")  # "WIFE LOPIE (555-1234)"


def _person_before(text: str, start: int) -> bool:
    """A person named or a relative just before the number: "DAUGHTER KAREN 555-1234",
    "SISTER MARY: 555-1234" give a phone number whatever its digits; "SVR 954-1183" a range."""
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if not m:
        return False
    w = m.group(1).lower()
    if w in RELATIONS or w in NICKNAMES or (
            (w in first_names() or w in last_names()) and not is_common(w)):
        return True
    # An unknown word after a relation is the relative's name: "WIFE LOPIE (555-1234)".
    rel = _RELATION_BEFORE.search(text, max(0, m.start() - 20), m.start())
    return bool(rel) and rel.group(1).lower() in RELATIONS and not is_common(w)


_RELATION_BEFORE = regex.compile(r"(\p{L}+)(?:['’]s)?[ \t]+$")


def _unit_after(text: str, end: int) -> bool:
    return bool(regex.match(r"(?i)\s?(?:cc|ml|mg|mcg|units?)\b", text[end:end + 7]))


# A state is no Safe Harbor location (only subdivisions smaller than a state are): in a note,
# "SON WENT BACK TO CALIFORNIA" or "children in new hampshire" is left as written.
# The District of Columbia is a city: it stays a location.
US_STATES = frozenset(s.lower() for s in ALL_US_STATES if s != "District of Columbia")


def _state(span: str) -> bool:
    return " ".join(span.lower().strip(" .,;:()").split()) in US_STATES


_NER_WORD = regex.compile(r"[^\W\d_][\w'’-]*")
# Words of facility names, which are ordinary words ("Sacred Heart", "Holy Cross").
_FACILITY_NAME_WORDS = frozenset("""holy cross sacred heart memorial mercy saint st
samaritan general regional university hospital rehab hospice manor""".split())


def ner_evidence(span: str) -> bool:
    """In clinical prose, a spaCy name/place/organisation must hold a word that is not an
    English, clinical or misspelt word, an abbreviation or a drug ("BS Coarse", "Cont mech",
    "Getting Albuterol", "Treatments" are not), or a word of facility names."""
    for raw in _NER_WORD.findall(span):
        w = raw.lower().strip("'’")
        if w in _FACILITY_NAME_WORDS:
            return True
        if len(w) < 3 or raw.isupper() or w in CLINICAL or DRUG_END.search(w):
            continue
        if not (is_common(w) or is_misspelt_word(w)):
            return True
    return False


def keep(text: str, r: RecognizerResult, shorthand: bool = False,
         clinical: bool = False) -> bool:
    """False when `r` is a known false-positive shape. `shorthand`: the text is an upper-case or
    clinical-shorthand note (see `register`), where number-word-number runs are doses and
    settings ("0 Sats 95", "2 peripheral IV's in place"), so an address needs an address cue.
    `clinical`: prose with clinical markers (`register.clinical_context`). A spaCy
    organisation or place whose capitals say nothing (a heading, a label, the first word of a
    line or sentence) and whose words are all ordinary vocabulary is dropped (`capitals`)."""
    span = text[r.start:r.end]
    rec = _name(r)
    if shorthand and _pattern(r) in LOOSE_PHONE_PATTERNS:
        return False  # digit groups in a note are vitals and doses, not foreign numbers
    if r.entity_type == "PHONE_NUMBER" and _BARE_SEVEN.match(span) and (
            _unit_after(text, r.end) or shorthand and _range_not_phone(text, r.start, r.end)):
        return False  # "700-950cc", "TV 800-1200": an amount or a range
    if (shorthand or clinical) and r.entity_type == "LOCATION" and _state(span):
        return False
    if shorthand and r.entity_type in ("STREET_ADDRESS", "ZIP_CODE"):
        return bool(_ADDRESS_CUE.search(text, max(0, r.start - 40), r.start))
    if rec == "SpacyRecognizer":
        if r.entity_type == "DATE_TIME":
            return bool(_SPECIFIC_DATE.search(span))  # "today", "overnight", "2 hours": no
        words = span.split()
        if any(ch.isdigit() for ch in span) or not span[:1].isupper():
            return False  # "850u", "x3", "mae": names and places start with a capital
        if all(w.lower().strip(".,'") in common_words() for w in words):
            return False
        if clinical and not ner_evidence(span):
            return False
        if r.entity_type in ("ORGANIZATION", "LOCATION") \
                and heading_or_plain_opening(text, r.start, r.end):
            return False  # "3. Hypertension", "DISCHARGE SUMMARY", "Hospital Course:"
        return not (len(span) <= 4 and span.isupper())  # "BP", "SOB", "ABG": abbreviations
    if rec == "UrlRecognizer":
        # "intake.appears", "dose.continue", "PUPILS.CAT SCAN": two words run together
        # at a missing space, cut at a letter the pattern took for a top-level domain.
        if text[r.end:r.end + 1].isalnum() or text[r.start - 1:r.start].isalnum() and r.start:
            return False
        return ".." not in span and bool(_URL_OK.match(span))
    if r.entity_type == "DATE_TIME" and not slashed_date_ok(text, r.start, r.end):
        return False
    if shorthand and r.entity_type == "DATE_TIME" and _WEEKDAY.fullmatch(span):
        return False  # a weekday alone is no Safe Harbor date; notes say "MONDAY" constantly
    if shorthand and r.entity_type == "DATE_TIME" and _clock_time(text, r.start, r.end):
        return False
    if rec == "PhoneRecognizer":
        # Blood gases and ranges ("91/42/7.36/25/-1", "390-500") are not phone numbers.
        digits = sum(ch.isdigit() for ch in span)
        if "/" in span and not regex.fullmatch(r"\(?\d{3}\)?/\d{3}/\d{4}", span):
            return False
        return "." not in span and 7 <= digits <= 15
    return True
