"""Interval-preserving date shifting that keeps a date's written form.

Every date of a case moves by the same number of days (a per-case secret kept in the vault),
so the time between two events survives and the calendar position does not. The date is
rewritten in place: "03/14/2021" stays MM/DD/YYYY, "Mar. 14th" keeps its abbreviation,
period and ordinal, "2019" stays a year, "Tuesday" moves by the same offset modulo a week.
What cannot be read as a date gives `None` (the caller falls back to a token).
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from app.core.dates import (
    ABBREVIATIONS,
    MONTH_NUMBER,
    MONTH_PATTERN,
    MONTHS,
    WEEKDAYS,
    is_day_first,
)

_REF_YEAR = 2000  # leap: "2/29" without a year still has a day to move from

_ISO = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_MDY = re.compile(r"(?<!\d)(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")
_MY = re.compile(r"(?<![\d/.-])(\d{1,2})([/-])(\d{4}|\d{2})(?![\d/.-])")
_MD = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
_MONTH = re.compile(rf"\b({MONTH_PATTERN})\b", re.I)
_DAY_AFTER = re.compile(r"\.?,?\s*(\d{1,2})(st|nd|rd|th)?(?![\d:])", re.I)
_DAY_BEFORE = re.compile(r"(?<!\d)(\d{1,2})(st|nd|rd|th)?\s*(?:day\s+)?(?:of\s+)?(?:the\s+)?$",
                         re.I)
_YEAR4 = re.compile(r"(?<![\d:])(1[89]\d\d|20\d\d)(?![\d:])")
_YEAR2 = re.compile(r"(?:'(\d{2})(?!\d)|(?<!\d)(\d{2})['’](?!\w))")
_WEEKDAY = re.compile(r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day)?\b\.?", re.I)

_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
# Words a date may carry besides its fields. Anything else in the span (a name the detector
# merged into it: "03/14 by Dr. Okafor") would be copied into the fake: refuse instead.
_FRAME = {*MONTHS, *ABBREVIATIONS, "sept", *WEEKDAYS, "mon", "tue", "tues", "wed",
          "thu", "thur", "thurs", "fri", "sat", "sun", "st", "nd", "rd", "th", "of", "the",
          "day", "at", "on", "in", "am", "pm", "a", "m", "p", "t", "z", "utc", "gmt", "ca",
          "circa", "noon", "midnight"}

Edit = tuple[int, int, str]


def new_shift(rng: random.Random) -> int:
    """A per-case offset of one to three years either way. Never near a whole year (a date
    without a year must still move) and never a whole week (a weekday must still move)."""
    while True:
        days = rng.randint(366, 1095)
        rest = days % 365
        if min(rest, 365 - rest) >= 7 and days % 7:
            return days if rng.random() < 0.5 else -days


def _num(value: int, like: str) -> str:
    # "03" is written padded, "3" is not; a two-digit field stays two digits.
    return str(value).zfill(len(like)) if len(like) == 2 else str(value)


def _year(value: int, like: str) -> str:
    return f"{value % 100:02d}" if len(like) == 2 else str(value)


def _year4(two: str) -> int:
    y = int(two)
    return 1900 + y if y > 30 else 2000 + y  # notes write '91 and '09; either way it moves


def _cased(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word.capitalize()
    return word.lower()


def _month_name(month: int, like: str) -> str:
    full = MONTHS[month - 1]
    if len(like) > 4 or like.lower() in MONTHS:
        word = full
    elif len(like) == 4:  # "Sept": four letters only for September, else three
        word = full[:4] if month == 9 else full[:3]
    else:
        word = full[:3]
    return _cased(word, like)


def _ordinal(day: int, like: str) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return suffix.upper() if like.isupper() else suffix


def _moved(y: int, m: int, d: int, days: int) -> date | None:
    try:
        return date(y, m, d) + timedelta(days=days)
    except (ValueError, OverflowError):
        return None


def _apply(text: str, edits: list[Edit]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _weekday_edits(text: str, days: int, taken: list[Edit]) -> list[Edit]:
    out = []
    for m in _WEEKDAY.finditer(text):
        if any(s < m.end() and m.start() < e for s, e, _ in taken):
            continue
        stem = m.group(1).lower()
        idx = next(i for i, w in enumerate(WEEKDAYS) if w.startswith(stem[:3]))
        new = WEEKDAYS[(idx + days) % 7]
        word = new if m.group(2) else new[:3]
        out.append((m.start(1), m.end(2) if m.group(2) else m.end(1), _cased(word, m.group(1))))
    return out


def _numeric(text: str, days: int) -> list[Edit] | None:
    if m := _ISO.search(text):
        new = _moved(int(m[1]), int(m[3]), int(m[4]), days)
        if new is None:
            return None
        return [(m.start(1), m.end(1), str(new.year)),
                (m.start(3), m.end(3), _num(new.month, m[3])),
                (m.start(4), m.end(4), _num(new.day, m[4]))]
    if m := _MDY.search(text):
        a, b = int(m[1]), int(m[3])
        # US order unless the first field cannot be a month (or the separator is a dot and
        # the second can be one: 14.03.2021).
        day_first = is_day_first(a, b, prefer=m[2] == ".")
        mi, di = (3, 1) if day_first else (1, 3)
        y = int(m[4]) if len(m[4]) == 4 else _year4(m[4])
        new = _moved(y, int(m[mi]), int(m[di]), days)
        if new is None:
            return None
        return [(m.start(mi), m.end(mi), _num(new.month, m[mi])),
                (m.start(di), m.end(di), _num(new.day, m[di])),
                (m.start(4), m.end(4), _year(new.year, m[4]))]
    if (m := _MY.search(text)) and 1 <= int(m[1]) <= 12 and (len(m[3]) == 4 or int(m[3]) > 31):
        y = int(m[3]) if len(m[3]) == 4 else _year4(m[3])
        new = _moved(y, int(m[1]), 15, days)
        if new is None:
            return None
        return [(m.start(1), m.end(1), _num(new.month, m[1])),
                (m.start(3), m.end(3), _year(new.year, m[3]))]
    if (m := _MD.search(text)) and 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 31:
        new = _moved(_REF_YEAR, int(m[1]), int(m[2]), days)
        if new is None:
            return None
        return [(m.start(1), m.end(1), _num(new.month, m[1])),
                (m.start(2), m.end(2), _num(new.day, m[2]))]
    return []


def _named(text: str, days: int) -> list[Edit] | None:
    m = _MONTH.search(text)
    if not m:
        return []
    month = MONTH_NUMBER[m[1].lower()[:3]]
    day = _DAY_AFTER.match(text, m.end())  # "Mar. 14th", "March 14, 2021"
    if day is None or not 1 <= int(day[1]) <= 31:
        day = _DAY_BEFORE.search(text[:m.start()])  # "14 March", "the 14th of March"
    if day is not None and not 1 <= int(day[1]) <= 31:
        day = None
    year = _YEAR4.search(text, m.end()) or _YEAR4.search(text)
    year2 = None if year else _YEAR2.search(text)
    if year:
        y, y_like, ys, ye = int(year[1]), year[1], year.start(1), year.end(1)
    elif year2:
        g = 1 if year2.group(1) is not None else 2
        y_like = year2.group(g)
        y, ys, ye = _year4(y_like), year2.start(g), year2.end(g)
    else:
        y, y_like, ys, ye = _REF_YEAR, "", -1, -1
    new = _moved(y, month, int(day[1]) if day else 15, days)
    if new is None:
        return None
    edits: list[Edit] = [(m.start(1), m.end(1), _month_name(new.month, m[1]))]
    if day:
        edits.append((day.start(1), day.end(1), _num(new.day, day[1])))
        if day[2]:
            edits.append((day.start(2), day.end(2), _ordinal(new.day, day[2])))
    if y_like:
        edits.append((ys, ye, _year(new.year, y_like)))
    return edits


def _only_date(text: str, edits: list[Edit]) -> bool:
    """Every digit is a moved field or a time of day, every word a date word: nothing of the
    original but its frame survives into the fake (a second date in the span would)."""
    if any(w.group(0).lower() not in _FRAME for w in _WORD.finditer(text)):
        return False
    covered = {i for s, e, _ in edits for i in range(s, e)}
    covered |= {i for m in _TIME.finditer(text) for i in range(m.start(), m.end())}
    return all(i in covered for i, c in enumerate(text) if c.isdigit())


def shift_date(text: str, days: int) -> str | None:
    """`text` with its date moved by `days`, written as before; None when no date is read, or
    when the span holds more than one date or anything that is not part of a date."""
    if days == 0:
        return None
    edits = _numeric(text, days)
    if edits == []:
        edits = _named(text, days)
    if edits == []:
        year = _YEAR4.search(text)
        y2 = None if year else _YEAR2.search(text)
        if year:
            new = _moved(int(year[1]), 7, 2, days)  # mid-year: the year moves with the offset
            edits = None if new is None else [(year.start(1), year.end(1), str(new.year))]
        elif y2:
            g = 1 if y2.group(1) is not None else 2
            new = _moved(_year4(y2.group(g)), 7, 2, days)
            edits = None if new is None else [(y2.start(g), y2.end(g), _year(new.year, "00"))]
    if edits is None:
        return None
    edits += _weekday_edits(text, days, edits)
    if not edits or not _only_date(text, edits):
        return None
    return _apply(text, edits)
