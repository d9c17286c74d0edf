"""Dates and ages: dates of birth (context), clinical short dates, years, ages over 89.

HIPAA Safe Harbor class 3: every element of a date except the year (we take years too: the
nursing notes' "MI 1992" dates an event in a person's history) and every age over 89.
Presidio's DateRecognizer covers long formats; these add the short forms people write. The
two-digit years of a note's past-history section are the clinical-notes pack's
(`packs.clinical_notes.history`).
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from app.core.dates import MONTH_PATTERN
from app.core.privacy.recognizers.base import label, make

_MONTH = MONTH_PATTERN + r"\b\.?"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{2,4}})"
)
# Month 1–12 and day 1–31, optional year; not part of a longer number or a ratio like 1/2/3/4.
# A period right before is a sentence end without its space ("transferred to X.8/31"), not a
# decimal point ("1.5/2").
# The year may follow a period, a slip of the key next to "/" ("11/21.93").
_SHORT = (
    r"(?<![\d/]|\d\.)(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])"
    r"(?:/(?:19|20)?\d{2}|\.\d{2}(?!\.?\d))?(?![\d/])"
)
# A 4-digit year not followed by a unit ("2000 CC", "1200 KCAL" are quantities).
_UNITS = r"cc|ml|mg|mcg|units?|u\b|kcal|cal|g\b|gm|kg|lbs?|meq|mmol|hrs?|am|pm|x\b|/"
_YEAR = rf"\b(?:19[0-9]\d|20[0-3]\d)\b(?!\s*(?:{_UNITS}))"
_APOS_YEAR = r"(?<=[\s(,;:]|^|[A-Za-z])['’]\d\d\b(?!['’]?s\b)"  # "CABG '03", "CA'91"
# Two-digit year with a trailing apostrophe ("CVA 74'", "CHOLECYSTECTOMY 77'").
_YEAR_APOS = r"(?<![\d.,/])\d\d(?=['’](?!\w))"
# Month and two-digit year where the "day" cannot be a day ("echo 8/87", "fx 4/97").
_MONTH_YEAR = r"(?<![\d/.])(?:0?[1-9]|1[0-2])/(?:3[2-9]|[4-9]\d)(?![\d/])"
# Month names with a day or a year, either order ("Aug 23", "nov. 2016", "3rd of May").
_NAMED = (rf"\b{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s*\d{{4}})?|\b{_MONTH}\s*\d{{4}}\b|"
          rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s*\d{{4}})?(?!\w)")
# A range of short dates is one date span: "intubated 6/30-7/2".
_MD = r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])"
_SHORT_RANGE = rf"(?<![\d/.]){_MD}\s?-\s?{_MD}(?![\d/])"
# Month-day-year with hyphens ("LAST DOSE 12-14-05"); a two-part "12-14" only after a cue
# only a date follows and with a two-digit day and no unit after ("ON 12-14 PT HAD", not
# "ON 2-4L", "on 10-12 bpm"). Not with a period: "STARTED PT ON 6.25 CAPTOPRIL" is a dose.
_HYPHEN_DATE = r"(?<![\d-])(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])-(?:19|20)?\d{2}(?![\d-])"
_CUE_UNITS = r"\s?(?:%|mg|mcg|cc|ml|l\b|lpm|liters?|units?|u\b|bpm|breaths|mm|cm|min|hr|x\b)"
_CUED_MD = (r"(?<=\b(?:on|since|until|till|dated)\s)(?:0?[1-9]|1[0-2])\s?-\s?(?:[12]\d|3[01])"
            rf"(?![\d.-]|(?i:{_CUE_UNITS}))")
# A slash with a space on one side, after a date cue: "LINE PLACED 12 /14", "seen on 12/ 14".
_SPACED_SHORT = (r"(?<=\b(?:on|since|until|placed|changed|started|dated)\s)"
                 r"(?:0?[1-9]|1[0-2])(?: /|/ )(?:0?[1-9]|[12]\d|3[01])(?![\d/])")
# Two short dates run together: "HAD TREATMENTS 10/03/10/04".
_SHORT_PAIR = rf"(?<![\d/.]){_MD}/{_MD}(?![\d/])"
# Holidays name a day of a year (Safe Harbor: every element of a date but the year).
_HOLIDAY = (r"\b(?:christmas(?:\s+(?:day|eve))?|thanksgiving(?:\s+day)?|easter(?:\s+sunday)?|"
            r"new\s+year['’]?s(?:\s+(?:day|eve))?|memorial\s+day|labou?r\s+day|"
            r"independence\s+day|fourth\s+of\s+july|july\s+4th|halloween|"
            r"valentine['’]?s\s+day|mother['’]?s\s+day|father['’]?s\s+day|veterans\s+day|"
            r"presidents['’]?\s+day|columbus\s+day|good\s+friday|yom\s+kippur|"
            r"rosh\s+hashanah|hanukkah|chanukah|passover)\b")
# A month and its year: "IN THIS CASE MARCH OF 1993".
_MONTH_OF_YEAR = rf"\b{_MONTH}\s+of\s+(?:19|20)\d\d\b"
# A bare ordinal day after "the" ("on the 11th").
# A month alone after "in" ("in sept.", "IN MARCH OF 1993").
_IN_MONTH = rf"(?<=\bin\s){_MONTH}(?:\s+of\s+\d{{4}})?"
_ORDINAL_DAY = r"(?<=\bthe\s)(?:[12]?\d|3[01])(?:st|nd|rd|th)\b"
_WEEKDAY = r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b"
_ISO_TIME = r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?\b"


def date_of_birth() -> EntityRecognizer:
    lb = label("DOB", "D\\.O\\.B", "date of birth", "birth date", "birthdate", "born", "born on")
    return make("DATE_TIME", "DateOfBirthRecognizer", [(lb + _DATE, 0.95)])


def clinical_date() -> EntityRecognizer:
    return make("DATE_TIME", "ClinicalDateRecognizer",
                [(_SHORT, 0.6), (_YEAR, 0.45), (_APOS_YEAR, 0.5), (_YEAR_APOS, 0.5),
                 (_MONTH_YEAR, 0.5), (_NAMED, 0.6), (_ORDINAL_DAY, 0.5), (_IN_MONTH, 0.5),
                 (_ISO_TIME, 0.85),
                 (_SHORT_RANGE, 0.6), (_MONTH_OF_YEAR, 0.6), (_SHORT_PAIR, 0.6),
                 (_HOLIDAY, 0.6), (_HYPHEN_DATE, 0.6), (_CUED_MD, 0.55), (_SPACED_SHORT, 0.55),
                 (_WEEKDAY, 0.5)],
                context=["on", "since", "date", "admitted", "in", "until"])


def age_over_89() -> EntityRecognizer:
    # 90–129 with an age marker on either side; younger ages are not identifying (HIPAA).
    n = r"(?:9\d|1[01]\d|12\d)"
    after = rf"\b{n}(?=\s*(?:-|\s)?\s*(?:y/?o\b|yrs?\b|years?\b|yo\b|y\.o\.|year-old|years-old))"
    before = rf"(?<=\b(?:age|aged|age:)\s*){n}\b"
    return make("AGE", "AgeOver89Recognizer", [(after, 0.85), (before, 0.85)])


def all_temporal() -> list[EntityRecognizer]:
    return [date_of_birth(), clinical_date(), age_over_89()]
