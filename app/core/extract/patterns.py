"""Regular expressions and normalizers for the value types fields have.

Each normalizer returns None when the text is not a valid value of its type: that is the
"validation" signal of a field's confidence.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from app.core.dates import MONTH_NUMBER, MONTH_PATTERN, is_day_first
from app.core.geography import US_STATES

_MON = MONTH_PATTERN

# A written date may wrap at one line break ("effective as of January\n22, 2013", "the 14 day
# of\nDecember, 2011", "the 15th\nday of May, 1996"), and typed contracts drop the space after the
# comma ("December 11,2014").
_BREAK = r"(?:[ \t]*\n[ \t]*|[ \t]+)"
DATE_RE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<ymd>(?P<y1>\d{4})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2}))"
    r"|(?P<dmy>(?P<a2>\d{1,2})[-/.](?P<b2>\d{1,2})[-/.](?P<y2>\d{4}|\d{2}))"
    r"|(?P<dmony>(?P<d3>\d{1,2})(?:st|nd|rd|th)?(?:" + _BREAK + r"(?=day\b)|[ -]*)(?:day"
    + _BREAK
    + r"of"
    + _BREAK
    + r")?(?P<m3>"
    + _MON
    + r")\.?[ ,-]*(?P<y3>\d{4}|\d{2}))"
    r"|(?P<mondy>(?P<m4>" + _MON + r")\.?" + _BREAK + r"(?P<d4>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:," + _BREAK + r"?|" + _BREAK + r")(?P<y4>\d{4}))"
    r")(?![\w/])",
    re.IGNORECASE,
)

# Amounts: optional currency, thousands separators, exactly two decimals (what receipts print).
AMOUNT_RE = re.compile(
    r"(?<![\w.,])(?:(?:RM|USD|US\$|\$|€|£|EUR|GBP|SGD|MYR)\s?)?-?\d{1,3}(?:[,\s]\d{3})*[.,]\d{2}(?![\d%])",
    re.IGNORECASE,
)

COUNTRIES = [
    "England and Wales",
    "England",
    "Scotland",
    "Ireland",
    "Canada",
    "Ontario",
    "Germany",
    "France",
    "Switzerland",
    "Israel",
    "Singapore",
    "Hong Kong",
    "Japan",
    "Netherlands",
    "Sweden",
    "Australia",
    "India",
    "China",
    "Malaysia",
    "United Kingdom",
    "Luxembourg",
    "Cayman Islands",
    "Bermuda",
    "British Columbia",
    "Quebec",
    "Alberta",
]
# The names in any case and across a line break ("STATE OF NEW\nYORK"): contracts shout.
JURISDICTION_ANY_RE = re.compile(
    r"\b(?:"
    + "|".join(
        r"\s+".join(map(re.escape, s.split()))
        for s in sorted(US_STATES + COUNTRIES, key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)
_CANONICAL = {s.lower(): s for s in US_STATES + COUNTRIES}

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "thirty-six": 36,
    "forty-eight": 48,
    "sixty": 60,
}
ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1
    )
}
# "until the third anniversary of the Effective Date" lasts three years, as Kleister counts it.
TERM_RE = re.compile(
    r"(?P<num>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s*\(\d{1,3}\))?[\s-]*(?P<unit>years?|months?|yrs?)\b"
    r"|\b(?P<ord>" + "|".join(ORDINALS) + r")\s+anniversary\b",
    re.IGNORECASE,
)


def _month(name: str) -> int:
    return MONTH_NUMBER[name.lower().rstrip(".")[:3]]


def normalize_date(text: str, day_first: bool | None = None) -> str | None:
    """ISO date, or None. Numeric d/m ambiguity: day-first when the first number exceeds 12,
    month-first when the second does, else `day_first` (None → month-first, US)."""
    m = DATE_RE.search(text)
    if not m:
        return None
    try:
        if m.group("ymd"):
            y, mo, d = int(m.group("y1")), int(m.group("m1")), int(m.group("d1"))
        elif m.group("dmy"):
            a, b, y = int(m.group("a2")), int(m.group("b2")), int(m.group("y2"))
            if is_day_first(a, b, day_first):
                d, mo = a, b
            else:
                mo, d = a, b
        elif m.group("dmony"):
            d, mo, y = int(m.group("d3")), _month(m.group("m3")), int(m.group("y3"))
        else:
            d, mo, y = int(m.group("d4")), _month(m.group("m4")), int(m.group("y4"))
        if y < 100:
            y += 2000 if y < 70 else 1900
        return date(y, mo, d).isoformat()
    except (ValueError, KeyError):
        return None


def parse_amount(text: str) -> Decimal | None:
    """A printed amount's value to the cent ("RM 1,234.50" → 1234.50, "12,50" → 12.50), or None.
    The one reading of an amount: fields normalize with it and the receipt pack weighs with it."""
    s = re.sub(r"(?i)rm|usd|us\$|eur|gbp|sgd|myr|[$€£\s]", "", text)
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+\.\d{2}", s) or re.fullmatch(r"-?\d+\.\d{2}", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})*,\d{2}", s) or re.fullmatch(r"-?\d+,\d{2}", s):
        s = s.replace(".", "").replace(",", ".")  # European decimal comma
    try:
        return Decimal(s).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def normalize_amount(text: str) -> str | None:
    """A plain decimal string ("1234.50"), or None."""
    value = parse_amount(text)
    return None if value is None else str(value)


def normalize_term(text: str) -> str | None:
    m = TERM_RE.search(text)
    if not m:
        return None
    if m.group("ord"):
        n = ORDINALS[m.group("ord").lower()]
        return f"{n} year{'s' if n != 1 else ''}"
    raw = m.group("num").lower()
    n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    unit = "year" if m.group("unit").lower().startswith("y") else "month"
    return f"{n} {unit}{'s' if n != 1 else ''}"


def normalize_jurisdiction(text: str) -> str | None:
    m = JURISDICTION_ANY_RE.search(text)
    return _CANONICAL.get(" ".join(m.group(0).split()).lower()) if m else None


def normalize_name(text: str) -> str:
    """A party's or person's name without surrounding punctuation or quotes."""
    return text.strip().strip(" \t\n,;:\"'“”‘’()[]").strip()


_PARTY_SUFFIXES = [
    (r"incorporated|inc", "Inc."),
    (r"corp", "Corp."),
    (r"limited|ltd", "Ltd."),
    (r"co", "Co."),
    (r"l\.\s?l\.\s?c\.?|llc", "LLC"),
    (r"l\.\s?l\.\s?p\.?|llp", "LLP"),
    (r"l\.\s?p\.?|lp", "LP"),
]


def normalize_party(text: str) -> str:
    """A party's name as Kleister writes it: no commas or surrounding quotes, "&" as "and",
    the legal suffix in one spelling ("Inc.", "LLC", "LP", "Ltd.", "Corp.", "Co.") and a
    person's honorific dropped."""
    s = normalize_name(" ".join(text.split()))
    s = re.sub(r"^(?:mr|mrs|ms|dr|prof)\.?\s+", "", s, flags=re.IGNORECASE)
    s = re.sub(r"(?:,?\s+(?:m\.d|ph\.d|esq)\.?)+$", "", s, flags=re.IGNORECASE)
    s = re.sub(r"\s*&\s*", " and ", s).replace(",", " ")
    s = " ".join(s.split())
    for pat, rep in _PARTY_SUFFIXES:
        s = re.sub(rf"(?<=\s)(?:{pat})\.?(?=\s|$)", rep, s, flags=re.IGNORECASE)
    # "Interclick, Inc. Inc." (a signature block typed twice over): one suffix.
    s = re.sub(r"\b(Inc\.|Corp\.|Ltd\.|Co\.|LLC|LLP|LP)(?:\s+\1)+(?=\s|$)", r"\1", s)
    if s.isupper() and len(s) > 4:
        s = " ".join(
            w
            if len(w) <= 3 and "." in w or w in {"LLC", "LP", "LLP", "PLC", "AG", "II", "III", "IV"}
            else w.title()
            for w in s.split()
        )
    return s.strip(" .") + ("." if s.endswith(".") else "")
