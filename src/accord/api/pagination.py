"""Cursor pagination for every list: stable under inserts, no OFFSET scans.

A page is sorted by one field plus the id (the tie-breaker that makes the order total).
The cursor is the (sort, value, id) of the last row shown, base64 JSON; the next page
asks for rows strictly after it, so rows added or removed meanwhile never shift a page.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from ninja import Field

from accord.api.body import QueryIn
from accord.core.validation import MAX_ID, ValidationProblem

M = TypeVar("M", bound=Model)
MAX_LIMIT = 500

# An id a database column can hold (bigint); larger numbers would overflow the driver.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


class PageParams(QueryIn):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="rows per page")
    cursor: str = Field("", max_length=500, description="`next_cursor` of the previous page")


def _encode(sort: str, value: Any, pk: int) -> str:
    if isinstance(value, datetime | date | Decimal):
        value = str(value) if isinstance(value, Decimal) else value.isoformat()
    raw = json.dumps([sort, value, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, sort: str) -> tuple[Any, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        cursor_sort, value, pk = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError, binascii.Error):
        raise ValidationProblem("cursor", "is not a cursor this API gave out") from None
    if cursor_sort != sort or not isinstance(pk, int):
        raise ValidationProblem("cursor", f"belongs to another sort order than {sort!r}")
    return value, pk


def sort_field(sort: str, allowed: Sequence[str]) -> tuple[str, bool]:
    """("field", descending) for "field" or "-field"; ValidationProblem("sort") otherwise."""
    field = sort.removeprefix("-")
    if field not in allowed:
        listed = ", ".join(f"{name}, -{name}" for name in allowed)
        raise ValidationProblem("sort", f"unknown sort {sort!r}, use one of {listed}")
    return field, sort.startswith("-")


def paginate(
    queryset: QuerySet[M], *, sort: str, allowed: Sequence[str], params: PageParams
) -> tuple[list[M], str | None]:
    """One page of `queryset` in `sort` order and the cursor of the next page (or None).

    Sort fields must be NOT NULL columns (a NULL never compares, it would drop rows).
    """
    field, descending = sort_field(sort, allowed)
    order = (f"-{field}", "-pk") if descending else (field, "pk")
    queryset = queryset.order_by(*order)
    if params.cursor:
        value, pk = _decode(params.cursor, sort)
        after = "lt" if descending else "gt"
        queryset = queryset.filter(
            Q(**{f"{field}__{after}": value}) | Q(**{field: value, f"pk__{after}": pk})
        )
    rows = list(queryset[: params.limit + 1])
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    last = rows[-1]
    return rows, _encode(sort, getattr(last, field), int(last.pk))


def page_out(
    request: HttpRequest,
    rows: list[M],
    next_cursor: str | None,
    render: Callable[[M], Any] = lambda row: row,
) -> dict[str, Any]:
    """The page body: items, next_cursor and the ready-made URL of the next page."""
    next_url = None
    if next_cursor:
        query = request.GET.copy()
        query["cursor"] = next_cursor
        next_url = request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))
    return {"items": [render(row) for row in rows], "next_cursor": next_cursor, "next": next_url}
