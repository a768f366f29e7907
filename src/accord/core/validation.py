"""One set of cleaners for every way in (UI, API, import, mail): raw value -> clean value.

A cleaner is built once for a field (`text("name", 200, required=True)`) and then called
per value; it returns the clean value or raises ValidationProblem naming the field. They
take strings (from files and forms) or typed values (from the API) alike, and are cheap
enough for the importer to call on every cell of 100,000 rows a second.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from accord.core.countries import COUNTRY_CODES

Cleaner = Callable[[Any], Any]

# Storable by both databases: SQLite keeps ISO text with four-digit years and
# PostgreSQL's timestamptz reaches far beyond; Python's own range (years 1-9999) is the
# narrower one, and a day of margin keeps every time zone conversion inside it.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)
EVALUATION_FIRST = datetime(1900, 1, 1, tzinfo=UTC)
EVALUATION_LAST = datetime(9000, 12, 31, tzinfo=UTC)
MAX_ID = 2**63 - 1  # a signed 64-bit column (bigint) holds this much

# Control characters break CSV exports, terminals and some drivers (PostgreSQL refuses
# NUL in text outright); tabs and line breaks are allowed only in multi-line text.
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidirectional embeddings, overrides (closed by PDF) and isolates (closed by PDI). One left
# open (a "U+202E" in a subject) would reverse whatever is shown after the value on the
# same line, so text() closes them at its end: nothing is dropped, the value is contained.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_PDF, _PDI = "\u202c", "\u2069"
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COMMON_CURRENCIES = frozenset({"EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK"})
_TRUE = frozenset({"true", "1", "yes", "y", "t", "on"})
_FALSE = frozenset({"false", "0", "no", "n", "f", "off", ""})


class ValidationProblem(ValueError):
    """A value that cannot be accepted: `.field` says where, the message says what."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ServiceRefusal(ValidationProblem):
    """A domain service's own refusal, raised as one "field: message" text (the style
    services used before this module); the field is read from the text."""

    def __init__(self, text: str, field: str = "") -> None:
        name, separator, rest = text.partition(": ")
        ValueError.__init__(self, text)
        self.field = field or (name if separator else "")
        self.message = rest if separator else text


class Conflict(ValidationProblem):
    """Well-formed, but clashes with what is stored (a duplicate email, an ended record).

    Interfaces answer it differently from bad input (HTTP 409, not 400/422).
    """


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def contain_bidi(value: str) -> str:
    """`value` with every bidirectional embedding, override or isolate it opens closed."""
    if not _BIDI.search(value):
        return value
    opened: list[str] = []  # the closer each open level needs
    for character in value:
        if character in "\u202a\u202b\u202d\u202e":
            opened.append(_PDF)
        elif character in "\u2066\u2067\u2068":
            opened.append(_PDI)
        elif character == _PDF and opened and opened[-1] == _PDF:
            opened.pop()
        elif character == _PDI and _PDI in opened:
            # A PDI closes its isolate and every embedding opened inside it (UAX #9).
            while opened.pop() != _PDI:
                pass
    return value + "".join(reversed(opened))


def text(
    field: str, max_length: int, *, required: bool = False, multiline: bool = False
) -> Cleaner:
    """Stripped text of at most max_length characters, without control characters."""
    control = _CONTROL_MULTI_LINE if multiline else _CONTROL_SINGLE_LINE

    def clean(value: Any) -> str:
        if value.__class__ is not str:  # the exact-type test is the importer's fast path
            if value is None:
                return clean("")
            if not isinstance(value, str):
                raise ValidationProblem(field, f"must be text, not {type(value).__name__}")
        value = value.strip()
        if not value and required:
            raise ValidationProblem(field, "is required")
        value = contain_bidi(value)
        if len(value) > max_length:
            raise ValidationProblem(
                field, f"is {len(value)} characters long, at most {max_length} fit"
            )
        found = control.search(value)
        if found:
            raise ValidationProblem(field, f"contains control character U+{ord(found.group()):04X}")
        return value

    return clean


def email(field: str, *, required: bool = False) -> Cleaner:
    """A lower-cased email address ("" when blank and not required)."""
    as_text = text(field, 254, required=required)

    def clean(value: Any) -> str:
        value = as_text(value).lower()
        if value and not _EMAIL.match(value):
            raise ValidationProblem(field, f"{value!r} is not an email address")
        return value

    return clean


def country(field: str) -> Cleaner:
    """An ISO 3166-1 alpha-2 country code, upper case ("" when blank)."""

    as_text = text(field, 10)

    def clean(value: Any) -> str:
        value = as_text(value).upper()
        if value and value not in COUNTRY_CODES:
            raise ValidationProblem(field, f"{value!r} is not an ISO 3166 country code")
        return value

    return clean


def currency(field: str, *, default: str = "EUR") -> Cleaner:
    """A three-letter ISO 4217 currency code, upper case (default when blank)."""

    as_text = text(field, 13)

    def clean(value: Any) -> str:
        if value.__class__ is str and value in _COMMON_CURRENCIES:
            return str(value)
        value = as_text(value).upper()
        if not value:
            return default
        if not _CURRENCY.match(value):
            raise ValidationProblem(field, f"{value!r} is not a three-letter currency code")
        return value

    return clean


def money(
    field: str,
    *,
    max_digits: int,
    decimal_places: int,
    required: bool = True,
    default: Decimal | None = None,
    allow_negative: bool = False,
) -> Cleaner:
    """A Decimal that fits the column exactly: more decimals than it keeps are refused,
    not rounded, so an imported amount is never silently changed."""
    limit = Decimal(10) ** (max_digits - decimal_places)
    exponent = Decimal(1).scaleb(-decimal_places)

    def clean(value: Any) -> Decimal | None:
        if _is_blank(value):
            if required and default is None:
                raise ValidationProblem(field, "is required")
            return default
        if isinstance(value, float | bool):
            # floats carry binary noise (0.1 + 0.2); bools are ints in Python.
            raise ValidationProblem(field, "send an amount as a string or integer")
        try:
            amount = Decimal(value.strip() if isinstance(value, str) else value)
        except (InvalidOperation, TypeError, ValueError):
            raise ValidationProblem(field, f"{value!r} is not a number") from None
        if not amount.is_finite():
            raise ValidationProblem(field, f"{value!r} is not a number")
        if amount < 0 and not allow_negative:
            raise ValidationProblem(field, "must not be negative")
        if abs(amount) >= limit:
            raise ValidationProblem(field, f"{amount} is too large (below {limit} fits)")
        places = amount.as_tuple().exponent
        # Only a value with more decimals than the column keeps can lose something
        # ("1.50000" loses nothing); the exponent test spares most values the quantize.
        too_precise = isinstance(places, int) and places < -decimal_places
        if too_precise and amount != amount.quantize(exponent):
            raise ValidationProblem(field, f"{amount} has more than {decimal_places} decimals")
        return amount.quantize(exponent)

    return clean


def aware_datetime(field: str, *, required: bool = True) -> Cleaner:
    """An aware datetime (ISO 8601 text or datetime) that both databases can store."""

    def clean(value: Any) -> datetime | None:
        if _is_blank(value):
            if required:
                raise ValidationProblem(field, "is required")
            return None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                raise ValidationProblem(field, f"{value!r} is not an ISO 8601 datetime") from None
        elif not isinstance(value, datetime):
            raise ValidationProblem(field, f"must be a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationProblem(field, f"needs a time zone (got {value.isoformat()})")
        if 1 < value.year < 9999:  # in range whatever the offset; skips the aware compare
            return value
        try:
            in_range = EARLIEST <= value <= LATEST
        except OverflowError:
            in_range = False
        if not in_range:
            raise ValidationProblem(field, f"{value.isoformat()} is out of range")
        return value

    return clean


def calendar_date(field: str, *, required: bool = True) -> Cleaner:
    """A date (ISO 8601 YYYY-MM-DD text or date)."""

    def clean(value: Any) -> date | None:
        if _is_blank(value):
            if required:
                raise ValidationProblem(field, "is required")
            return None
        if isinstance(value, datetime):
            raise ValidationProblem(field, "must be a date without a time")
        if isinstance(value, date):
            return value
        if not isinstance(value, str):
            raise ValidationProblem(field, f"must be a date, not {type(value).__name__}")
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationProblem(field, f"{value!r} is not a date (YYYY-MM-DD)") from None

    return clean


def choice(field: str, choices: type[models.TextChoices], *, default: str | None = None) -> Cleaner:
    """One of the TextChoices values (default when blank; required without a default)."""
    allowed = frozenset(choices.values)
    listed = ", ".join(choices.values)

    def clean(value: Any) -> str:
        if value.__class__ is str and value in allowed:
            return str(value)
        if _is_blank(value):
            if default is None:
                raise ValidationProblem(field, f"is required, one of {listed}")
            return default
        if not isinstance(value, str):
            raise ValidationProblem(field, f"must be text, not {type(value).__name__}")
        value = value.strip()
        if value not in allowed:
            raise ValidationProblem(field, f"unknown value {value!r}, use one of {listed}")
        return str(value)

    return clean


def integer(
    field: str, *, minimum: int, maximum: int, required: bool = True, default: int | None = None
) -> Cleaner:
    """A whole number in [minimum, maximum], from an int or ASCII digit text."""

    def clean(value: Any) -> int | None:
        if _is_blank(value):
            if required and default is None:
                raise ValidationProblem(field, "is required")
            return default
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationProblem(field, f"must be a whole number, not {type(value).__name__}")
        if isinstance(value, str):
            digits = value.strip()
            unsigned = digits[1:] if digits[:1] in "+-" else digits
            # isdigit() alone accepts "²" and Arabic-Indic digits; int() would take "1_0".
            if not (unsigned.isascii() and unsigned.isdigit()) or len(unsigned) > 20:
                raise ValidationProblem(field, f"{value!r} is not a whole number")
            value = int(digits)
        if not minimum <= value <= maximum:
            raise ValidationProblem(field, f"{value} is outside {minimum}..{maximum}")
        return int(value)

    return clean


def parse_id(raw: str) -> int | None:
    """An id from query-string text, or None: ASCII digits only ("³" and "١٢" pass
    str.isdigit()), 1 to 2**63 - 1. For filters that ignore a junk value."""
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ID else None


def evaluation_time(field: str) -> Cleaner:
    """A moment to evaluate the book at ("as of"): aware, years 1900 to 9000, which
    leaves room for every look-back and look-ahead window around it."""
    as_datetime = aware_datetime(field, required=False)

    def clean(value: Any) -> datetime | None:
        moment = as_datetime(value)
        if moment is not None and not EVALUATION_FIRST <= moment <= EVALUATION_LAST:
            raise ValidationProblem(field, f"{moment.isoformat()} is outside years 1900-9000")
        return moment

    return clean


def record_id(field: str, *, required: bool = True) -> Cleaner:
    """A database id: ASCII digits (or an int), 1 to 2**63 - 1."""
    return integer(field, minimum=1, maximum=MAX_ID, required=required)


def boolean(field: str, *, default: bool = False) -> Cleaner:
    """True/False from a bool or the usual spellings (true/false, 1/0, yes/no)."""

    def clean(value: Any) -> bool:
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered == "":
                return default
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
        raise ValidationProblem(field, f"{value!r} is not true or false")

    return clean


def clean_fields(
    cleaners: Mapping[str, Cleaner], values: Mapping[str, Any], *, partial: bool = False
) -> dict[str, Any]:
    """Clean a record field by field.

    Whole record (partial=False): every field of `cleaners`, missing ones as blank (the
    cleaner's default applies or it says the field is required); other keys are ignored,
    so an import row may carry extra columns. Partial (a PATCH): only the given fields,
    and a field that is not in `cleaners` is refused.
    """
    if not partial:
        get = values.get
        return {name: clean(get(name)) for name, clean in cleaners.items()}
    for name in values:
        if name not in cleaners:
            raise ValidationProblem(name, "is not a field that can be changed here")
    return {name: cleaners[name](value) for name, value in values.items()}
