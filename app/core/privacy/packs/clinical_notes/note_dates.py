"""Dates as ICU nursing notes write them, told from the numbers that only look like dates.

A "d/d" in a note is a ventilator setting ("PSV 10/5"), a fraction ("1/2 NS"), a pain score
("PAIN 8/10") as often as a date, a 4-digit "year" a 24-hour clock time ("AT 1930"), and a
weekday alone ("MONDAY") no Safe Harbor date. These rules read the words around the number;
they are the clinical-notes pack's (written for, and tuned on, ICU nursing notes).
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from app.core.privacy.recognizers.base import TextView

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


def date_keep(view: TextView, r: RecognizerResult) -> bool:
    """A date recognizer's "d/d" that context shows to be a setting, fraction or strength is
    dropped in any text; in a note (`view.shorthand`) also a weekday alone and a clock time."""
    text = view.text
    if not slashed_date_ok(text, r.start, r.end):
        return False
    if view.shorthand and _WEEKDAY.fullmatch(text[r.start:r.end]):
        return False  # a weekday alone is no Safe Harbor date; notes say "MONDAY" constantly
    return not (view.shorthand and _clock_time(text, r.start, r.end))
