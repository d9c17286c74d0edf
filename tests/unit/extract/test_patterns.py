from __future__ import annotations

import pytest

from app.core.extract import patterns as P


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("03/14/2026", "2026-03-14"),
        ("14/03/2026", "2026-03-14"),
        ("19/10/2018 20:49:59", "2018-10-19"),
        ("January 12, 2026", "2026-01-12"),
        ("12 Jan 2018", "2018-01-12"),
        ("2018-01-05", "2018-01-05"),
        ("5th day of March, 2019", "2019-03-05"),
        ("12-Sept-2019", "2019-09-12"),
        ("31/02/2020", None),
        ("no date here", None),
    ],
)
def test_normalize_date(text: str, iso: str | None) -> None:
    assert P.normalize_date(text) == iso


def test_day_first_when_asked() -> None:
    assert P.normalize_date("05/04/2019", day_first=True) == "2019-04-05"
    assert P.normalize_date("05/04/2019") == "2019-05-04"


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("RM 12.50", "12.50"),
        ("1,234.56", "1234.56"),
        ("$18,500.00", "18500.00"),
        ("12,50", "12.50"),
        ("abc", None),
    ],
)
def test_normalize_amount(text: str, norm: str | None) -> None:
    assert P.normalize_amount(text) == norm


def test_term_and_jurisdiction() -> None:
    assert P.normalize_term("for a period of two (2) years") == "2 years"
    assert P.normalize_term("eighteen months") == "18 months"
    assert P.normalize_term("1 year") == "1 year"
    assert P.normalize_jurisdiction("the laws of the State of New York") == "New York"
    assert P.normalize_jurisdiction("the laws of Mars") is None


def test_normalize_name_strips_punctuation() -> None:
    assert P.normalize_name(' "Nike Inc.", ') == "Nike Inc."


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("effective as of January\n22, 2013, you and", "2013-01-22"),
        ("on the 14 day of\nDecember, 2011.", "2011-12-14"),
        ("Exhibit (d)(2)\n\nDecember 11,2014\n", "2014-12-11"),
        ("is made as of the 15th\nday of May, 1996, by and between", "1996-05-15"),
    ],
)
def test_written_dates_wrap_at_a_line_break(text: str, iso: str) -> None:
    assert P.normalize_date(text) == iso


def test_a_number_ending_a_line_does_not_join_the_month_below() -> None:
    assert P.DATE_RE.search("pursuant to Section 10\nMay 2005 Plan") is None


def test_anniversary_is_a_term_in_years() -> None:
    assert P.normalize_term("until the third anniversary of the Effective Date") == "3 years"
    assert P.normalize_term("the first anniversary hereof") == "1 year"


def test_a_repeated_legal_suffix_is_kept_once() -> None:
    assert P.normalize_party("Interclick, Inc. Inc.") == "Interclick Inc."
