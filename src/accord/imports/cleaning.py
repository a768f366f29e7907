"""Cell parsers of the generic format: a raw string in, a clean Python value out.

Each raises ValueError (accord.core.validation.ValidationProblem is one) with a message
for the error report. They are built once per field so checking a row is one call per
cell; the domain validators plug in here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

Cleaner = Callable[[str], Any]

TRUE_WORDS = frozenset({"true", "1", "yes", "y", "t"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "f"})


def text(max_length: int) -> Cleaner:
    def clean(raw: str) -> str:
        value = raw.strip()
        if len(value) > max_length:
            raise ValueError(f"longer than {max_length} characters ({len(value)})")
        return value

    return clean


def long_text(raw: str) -> str:
    return raw.strip()


def email(raw: str) -> str:
    value = raw.strip().lower()
    if value and ("@" not in value or len(value) > 254 or " " in value):
        raise ValueError(f"{raw!r} is not an email address")
    return value


def choice(choices: Iterable[str]) -> Cleaner:
    allowed = frozenset(choices)
    listed = ", ".join(sorted(allowed))

    def clean(raw: str) -> str:
        value = raw.strip().lower()
        if value not in allowed:
            raise ValueError(f"{raw!r} is not one of {listed}")
        return value

    return clean


def aware_datetime(raw: str) -> datetime:
    """ISO 8601; a time without an offset is UTC (the generic format's rule)."""
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"{raw!r} is not an ISO 8601 date-time") from None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def calendar_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"{raw!r} is not an ISO 8601 date (YYYY-MM-DD)") from None


def decimal(max_digits: int, places: int, minimum: Decimal | None = None) -> Cleaner:
    step = Decimal(1).scaleb(-places)
    ceiling = Decimal(10) ** (max_digits - places)

    def clean(raw: str) -> Decimal:
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            raise ValueError(f"{raw!r} is not a number") from None
        if not value.is_finite() or abs(value) >= ceiling:
            raise ValueError(f"{raw!r} is out of range")
        if minimum is not None and value < minimum:
            raise ValueError(f"{raw!r} is below {minimum}")
        return value.quantize(step)

    return clean


def integer(minimum: int, maximum: int) -> Cleaner:
    def clean(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise ValueError(f"{raw!r} is not a whole number") from None
        if not minimum <= value <= maximum:
            raise ValueError(f"{value} is not between {minimum} and {maximum}")
        return value

    return clean


def number(minimum: float, maximum: float) -> Cleaner:
    def clean(raw: str) -> float:
        try:
            value = float(raw.strip())
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
        if not minimum <= value <= maximum:
            raise ValueError(f"{value} is not between {minimum} and {maximum}")
        return value

    return clean


def boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ValueError(f"{raw!r} is not true or false")


def country(raw: str) -> str:
    value = raw.strip().upper()
    if len(value) != 2 or not value.isalpha():
        raise ValueError(f"{raw!r} is not a two-letter country code")
    return value


def currency(raw: str) -> str:
    value = raw.strip().upper()
    if len(value) != 3 or not value.isalpha():
        raise ValueError(f"{raw!r} is not a three-letter currency code")
    return value
