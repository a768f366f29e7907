"""The base of every JSON body schema: types are taken as the OpenAPI document says.

Pydantic's lax mode would turn `0` into 1970-01-01 for a datetime, `false` into 0 for an
integer, `"5"` into 5 and `1` into true; the document promises a date-time string, an
integer and a boolean, so anything else is refused with 422 naming the field, as a
client that sent the wrong type needs to hear. Query parameters arrive as text and keep
Ninja's conversions except one: a date is never read from a number ("0.5" is not a
time). tests/api/test_openapi.py fails on a body or query schema not built on these.
"""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from ninja import Schema
from pydantic import ValidationInfo, field_validator, model_validator

from accord.core.validation import EARLIEST, LATEST, MAX_ID


@cache
def _accepted(annotation: Any) -> frozenset[type]:
    """The plain types an annotation allows (through Optional, unions, Annotated, lists)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _accepted(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return frozenset().union(*(_accepted(arg) for arg in typing.get_args(annotation)))
    if isinstance(annotation, type):
        return frozenset({annotation})
    return frozenset({object})  # lists, literals, ...: pydantic's own checks apply


def _numeric_text(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _past_64_bits(kinds: frozenset[type], value: Any) -> bool:
    # Every whole number Accord stores or looks up is a 64-bit column (ids, offsets,
    # counts): larger ones would overflow the database driver.
    if int not in kinds or isinstance(value, bool):
        return False
    if isinstance(value, str):
        digits = value.strip().lstrip("+-")
        return digits.isascii() and digits.isdigit() and abs(int(value)) > MAX_ID
    return isinstance(value, int) and abs(value) > MAX_ID


def _outside_storable_years(value: Any) -> bool:
    # Both databases must answer alike: SQLite cannot compare a year-0 UTC moment that
    # PostgreSQL would take, so a time outside what both store is refused up front.
    if not isinstance(value, datetime) or value.utcoffset() is None:
        return False
    try:
        return not EARLIEST <= value <= LATEST
    except OverflowError:
        return True


def _in_range(value: Any) -> Any:
    if _outside_storable_years(value):
        raise ValueError("is outside the years both databases store (0001-9999, in UTC)")
    return value


def _wrong_type(kinds: frozenset[type], value: Any) -> str | None:
    if kinds & {datetime, date} and isinstance(value, str) and _numeric_text(value):
        return "must be an ISO 8601 text, not a number"
    if _past_64_bits(kinds, value):
        return f"is outside the 64-bit range (at most {MAX_ID})"
    if value is None or any(isinstance(value, kind) for kind in kinds if kind is not object):
        if isinstance(value, bool) and bool not in kinds:
            return "must be a number, not true or false"  # bool is an int in Python
        if isinstance(value, int | float) and kinds & {datetime, date}:
            return "must be an ISO 8601 text, not a number"
        return None
    if object in kinds or str in kinds:
        return None
    if bool in kinds:
        return "must be true or false"
    if int in kinds and isinstance(value, str):
        return "must be a whole number, not text"
    if kinds & {datetime, date} and isinstance(value, int | float):
        return "must be an ISO 8601 text, not a number"
    if float in kinds and isinstance(value, str):
        return "must be a number, not text"
    if Decimal in kinds and isinstance(value, bool):
        return "must be a number, not true or false"
    return None


class BodyIn(Schema):
    """The base of every JSON request body."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value: Any) -> Any:
        # Ninja hands the parsed JSON over wrapped (it reads attributes, so a list would
        # pass as an object whose fields are all missing).
        parsed = getattr(value, "_obj", value)
        if isinstance(parsed, list | str | int | float | bool) or parsed is None:
            raise ValueError("the body must be a JSON object")
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _as_documented(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None:
            return value
        annotation: Any = cls.model_fields[info.field_name].annotation
        problem = _wrong_type(_accepted(annotation), value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        return _in_range(value)


class QueryIn(Schema):
    """The base of every schema of query parameters (text, so only dates are checked)."""

    @field_validator("*", mode="before")
    @classmethod
    def _as_documented(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None:
            return value
        annotation: Any = cls.model_fields[info.field_name].annotation
        kinds = _accepted(annotation)
        if kinds & {datetime, date} and _numeric_text(value):
            raise ValueError("must be an ISO 8601 text, not a number")
        if _past_64_bits(kinds, value):
            raise ValueError(f"is outside the 64-bit range (at most {MAX_ID})")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        return _in_range(value)
