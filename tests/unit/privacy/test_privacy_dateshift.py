from __future__ import annotations

import random
from datetime import date

import pytest

from app.core.privacy.dateshift import new_shift, shift_date


@pytest.mark.parametrize(("original", "days", "expected"), [
    ("03/14/2021", 10, "03/24/2021"),
    ("3/14/21", 10, "3/24/21"),
    ("3/14/1931", -14, "2/28/1931"),
    ("2021-03-14T10:22", 10, "2021-03-24T10:22"),
    ("15.03.2024", 1, "16.03.2024"),  # a dot: day first
    ("16/03/2024", 1, "17/03/2024"),  # 16 cannot be a month
    ("March 14, 2021", 10, "March 24, 2021"),
    ("Mar. 14th", 10, "Mar. 24th"),
    ("the 1st of June", 1, "the 2nd of June"),
    ("12th day of July, 2024", 1, "13th day of July, 2024"),
    ("14 March 2021", -14, "28 February 2021"),
    ("MARCH 2021", 31, "APRIL 2021"),
    ("Sept. 4", 30, "Oct. 4"),
    ("12/24", 8, "01/01"),  # no year: the calendar still turns
    ("8/87", 400, "9/88"),  # month/year
    ("2019", 400, "2020"),
    ("CA'91", 400, "CA'92"),
    ("Tuesday", 1, "Wednesday"),
    ("Tuesday, August 6, 2024", 1, "Wednesday, August 7, 2024"),
])
def test_shift_keeps_the_written_form(original: str, days: int, expected: str) -> None:
    assert shift_date(original, days) == expected


@pytest.mark.parametrize("original", ["tomorrow", "02/30/2021", "at noon", ""])
def test_unreadable_or_impossible_dates_give_none(original: str) -> None:
    assert shift_date(original, 400) is None


@pytest.mark.parametrize("original", [
    "03/14/2024 by Dr. Hannah Okafor",  # a name merged into the span would be copied
    "03/02/2024 - 03/09/2024",  # the second date would stay as it was
    "March 3 and 4",
    "seen 7/23 at Mercy",
])
def test_a_span_with_more_than_one_date_is_refused(original: str) -> None:
    assert shift_date(original, 400) is None


def test_times_of_day_may_stay() -> None:
    assert shift_date("2024-03-14 10:22", 1) == "2024-03-15 10:22"
    assert shift_date("Mar 14 at 9:30 pm", 1) == "Mar 15 at 9:30 pm"


def test_zero_shift_is_refused() -> None:
    assert shift_date("03/14/2021", 0) is None


def test_intervals_between_dates_survive() -> None:
    days = new_shift(random.Random(7))
    admitted, discharged = "03/02/2024", "03/09/2024"
    a, d = shift_date(admitted, days), shift_date(discharged, days)
    assert a and d and a != admitted and d != discharged

    def parse(s: str) -> date:
        m, dd, y = (int(x) for x in s.split("/"))
        return date(y, m, dd)

    assert (parse(d) - parse(a)).days == 7
    assert (parse(a) - date(2024, 3, 2)).days == days


def test_new_shift_moves_every_form() -> None:
    rng = random.Random(1)
    shifts = [new_shift(rng) for _ in range(300)]
    assert {s > 0 for s in shifts} == {True, False}
    for s in shifts:
        assert 366 <= abs(s) <= 1095
        assert abs(s) % 7 != 0  # a weekday moves
        rest = abs(s) % 365
        assert min(rest, 365 - rest) >= 7  # a day and month without a year move
    for s in shifts[:50]:
        for form in ("7/23", "2019", "Tuesday", "Mar 3", "03/14/2021"):
            out = shift_date(form, s)
            assert out is not None and out != form, (form, s)
