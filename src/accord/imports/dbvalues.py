"""Clean Python values to what the bulk writer sends, and stored values back for comparing.

SQLite keeps datetimes as naive UTC text and decimals as REAL; PostgreSQL hands back
aware datetimes and Decimals. A re-run compares the file's clean values with the stored
ones, so both sides are brought to the same Python values first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

Convert = Callable[[Any], Any]
_ZERO = timedelta(0)


def _sqlite_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.utcoffset() != _ZERO:  # most exports write UTC: skip the conversion
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(" ")


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def same(value: Any) -> Any:
    return value


SQLITE_WRITE: dict[str, Convert] = {
    "datetime": _sqlite_datetime,
    "date": _sqlite_date,
    "decimal": _sqlite_decimal,
}


def writer(kind: str, vendor: str) -> Convert:
    """The function that turns a clean value of this kind into a database parameter."""
    if vendor == "sqlite":
        return SQLITE_WRITE.get(kind, same)
    return same


def _read_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _read_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _read_decimal(places: int) -> Convert:
    step = Decimal(1).scaleb(-places)

    def read(value: Any) -> Decimal | None:
        if value is None:
            return None
        # repr of a float is its shortest round-tripping text: 12.1 -> "12.1".
        return Decimal(repr(value) if isinstance(value, float) else str(value)).quantize(step)

    return read


def _read_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def reader(kind: str, places: int = 2) -> Convert:
    """The function that turns a stored value into the clean value a file row would have."""
    if kind == "datetime":
        return _read_datetime
    if kind == "date":
        return _read_date
    if kind == "decimal":
        return _read_decimal(places)
    if kind == "boolean":
        return _read_bool
    return same
