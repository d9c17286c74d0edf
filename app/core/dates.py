"""Month and weekday names, the one pattern that reads a month name, and the one rule for the
order of an ambiguous numeric date, for every module.

Extraction (`extract.patterns`), the date recognizers and filters (`privacy.recognizers.temporal`,
`privacy.recognizers.predefined`) and date shifting (`privacy.dateshift`) all read dates in
English text; they share these tables so a month spelling taught to one is known to all.
"""

from __future__ import annotations

MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july",
                           "august", "september", "october", "november", "december")
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday",
                             "saturday", "sunday")
# The three-letter abbreviations, and the one longer one in common use ("Sept.").
ABBREVIATIONS: tuple[str, ...] = tuple(m[:3] for m in MONTHS)
MONTH_NUMBER: dict[str, int] = {
    **{m: i for i, m in enumerate(MONTHS, start=1)},
    **{a: i for i, a in enumerate(ABBREVIATIONS, start=1)},
    "sept": 9,
}
# A month name, full or abbreviated (no word boundaries: callers add the context they need).
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)


def is_day_first(first: int, second: int, prefer: bool | None) -> bool:
    """Whether a numeric date "first/second/year" is read day first: yes when the first number
    cannot be a month, no when the second cannot be, else as `prefer`red (None: month first, as
    in the US). The one place the order of an ambiguous numeric date is decided."""
    return first > 12 or (second <= 12 and bool(prefer))
