"""Dates, numbers and booleans in the layouts HubSpot, Salesforce and spreadsheets write."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from accord.imports.dates import DateProblem, DateTimeParser
from accord.imports.values import NumberProblem, parse_bool, parse_decimal

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05 14:07", datetime(2024, 3, 5, 14, 7, tzinfo=BERLIN)),
        ("2024-03-05 14:07:09", datetime(2024, 3, 5, 14, 7, 9, tzinfo=BERLIN)),
        ("2023-05-08T21:13:02.000Z", datetime(2023, 5, 8, 21, 13, 2, tzinfo=UTC)),
        (
            "2023-05-08T21:13:02+02:00",
            datetime(2023, 5, 8, 21, 13, 2, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=BERLIN)),
        ("3/5/2024", datetime(2024, 3, 5, tzinfo=BERLIN)),
        ("3/5/2024 2:07 PM", datetime(2024, 3, 5, 14, 7, tzinfo=BERLIN)),
        ("12/31/2023 12:30 AM", datetime(2023, 12, 31, 0, 30, tzinfo=BERLIN)),
        ("3/5/24 9:15", datetime(2024, 3, 5, 9, 15, tzinfo=BERLIN)),
        ("25/12/2023", datetime(2023, 12, 25, tzinfo=BERLIN)),
        ("05.03.2024", datetime(2024, 3, 5, tzinfo=BERLIN)),
        ("05.03.2024 14:07", datetime(2024, 3, 5, 14, 7, tzinfo=BERLIN)),
        ("1683580382000", datetime(2023, 5, 8, 21, 13, 2, tzinfo=UTC)),
    ],
)
def test_layouts(text, expected):
    parsed = DateTimeParser(BERLIN).parse(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


def test_a_column_switches_layout_and_keeps_the_one_that_worked():
    parser = DateTimeParser()
    values = ["2024-01-02 10:00", "1/3/2024", "1/4/2024 3:00 PM", "2024-01-05"]
    assert [parser.parse(v) for v in values] == [
        datetime(2024, 1, 2, 10, tzinfo=UTC),
        datetime(2024, 1, 3, tzinfo=UTC),
        datetime(2024, 1, 4, 15, tzinfo=UTC),
        datetime(2024, 1, 5, tzinfo=UTC),
    ]
    assert parser.parse_date("2023-05-08T21:13:02.000Z") == date(2023, 5, 8)


@pytest.mark.parametrize("text", ["", "tomorrow", "13/13/2024", "2024-02-30", "1:00 PM"])
def test_what_no_layout_reads_is_a_problem_naming_the_value(text):
    with pytest.raises(DateProblem, match="not a date or time"):
        DateTimeParser().parse(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", "1234.5"),
        ("$1,234.50", "1234.50"),
        ("1.234,50 €", "1234.50"),
        ("EUR 12 500", "12500"),
        ("12,5", "12.5"),
        ("1,234", "1234"),
        ("1,234,567", "1234567"),
        ("1.234.567", "1234567"),
        ("(99.95)", "-99.95"),
        ("-7", "-7"),
        ("£0.99", "0.99"),
    ],
)
def test_numbers(text, expected):
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "NaN", "1.2.3,4,5"])
def test_not_numbers(text):
    with pytest.raises(NumberProblem):
        parse_decimal(text)


def test_booleans():
    assert [parse_bool(v) for v in ["1", "true", "TRUE", "Yes", "0", "false", "no", ""]] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    with pytest.raises(ValueError, match="not a yes/no value"):
        parse_bool("maybe")
