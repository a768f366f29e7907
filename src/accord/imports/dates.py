"""Dates and times as other CRMs and spreadsheets write them, parsed fast.

A DateTimeParser belongs to one column: it remembers the layout that read the last value
and tries it first, so a million-row column costs one parse per value, not one per
layout. Layouts: ISO 8601 (`2023-05-08 21:13`, `2023-05-08 21:13:02`,
`2023-05-08T21:13:02.000Z`, with offsets), US spreadsheet `M/D/YYYY[ H:MM[:SS][ AM]]`,
European `DD.MM.YYYY[ HH:MM[:SS]]` and day-first `DD/MM/YYYY` (chosen when the first
number cannot be a month), and epoch milliseconds (HubSpot's API).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo

Layout = Callable[[str, tzinfo], datetime]

_SLASHED = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?$"
)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class DateProblem(ValueError):
    """A value no known layout reads; the message quotes it."""


def _iso(value: str, tz: tzinfo) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def _year(text: str) -> int:
    # Two-digit years from spreadsheets: 00-68 -> 2000s, as Excel and strptime do.
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 69 else 1900
    return year


def _clock(
    hour: str | None, minute: str | None, second: str | None, meridiem: str | None
) -> tuple[int, int, int]:
    if hour is None:
        return 0, 0, 0
    h = int(hour)
    if meridiem:
        if not 1 <= h <= 12:
            raise ValueError("hour out of range for AM/PM")
        h = h % 12 + (12 if meridiem in "Pp" else 0)
    return h, int(minute or 0), int(second or 0)


def _slashed(month_first: bool) -> Layout:
    def parse(value: str, tz: tzinfo) -> datetime:
        match = _SLASHED.match(value)
        if match is None:
            raise ValueError(value)
        first, second, year, hour, minute, sec, meridiem = match.groups()
        month, day = (first, second) if month_first else (second, first)
        h, m, s = _clock(hour, minute, sec, meridiem)
        return datetime(_year(year), int(month), int(day), h, m, s, tzinfo=tz)

    return parse


def _dotted(value: str, tz: tzinfo) -> datetime:
    match = _DOTTED.match(value)
    if match is None:
        raise ValueError(value)
    day, month, year, hour, minute, sec = match.groups()
    h, m, s = _clock(hour, minute, sec, None)
    return datetime(int(year), int(month), int(day), h, m, s, tzinfo=tz)


def _epoch_milliseconds(value: str, tz: tzinfo) -> datetime:
    # 11+ digits: seconds since 1970 would be past the year 5000, so these are milliseconds.
    if not (value.isdigit() and 11 <= len(value) <= 14):
        raise ValueError(value)
    return EPOCH + timedelta(milliseconds=int(value))


LAYOUTS: tuple[Layout, ...] = (
    _iso,
    _slashed(month_first=True),
    _slashed(month_first=False),
    _dotted,
    _epoch_milliseconds,
)


class DateTimeParser:
    """Parses one column's values to aware datetimes; naive values are in `tz`.

    Not thread-safe (it caches the layout that worked last); make one per column.
    """

    def __init__(self, tz: tzinfo = UTC) -> None:
        self.tz = tz
        self._layouts: list[Layout] = list(LAYOUTS)

    def parse(self, value: str) -> datetime:
        value = value.strip()
        for index, layout in enumerate(self._layouts):
            try:
                parsed = layout(value, self.tz)
            except ValueError:
                continue
            if index:
                # Move the winner to the front: the column's next value likely shares it.
                self._layouts.insert(0, self._layouts.pop(index))
            return parsed
        raise DateProblem(f"not a date or time: {value!r}")

    def parse_date(self, value: str) -> date:
        """The calendar date of the value as written (no time-zone shift)."""
        return self.parse(value).date()
