"""What every staff list shares: sorting by a shown column from an allow-list, header
links that keep the filters, page links that keep filters and sort, and CSV export of
exactly what the list shows.

CSV cells are neutralised against formula injection (OWASP): a cell starting with =, +,
-, @, tab or carriage return is prefixed with a single quote, so a spreadsheet shows the
text instead of running it. Numbers are written as numbers (only text is prefixed).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.http import HttpRequest, QueryDict, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """A shown column: its query-string key, header label, and the ORM fields it sorts
    by (empty: not sortable)."""

    key: str
    label: str
    order_by: tuple[str, ...] = ()
    numeric: bool = False


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool
    order_by: tuple[str, ...]

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def parse_sort(raw: str, columns: Sequence[Column], default: str, tiebreak: str = "pk") -> Sort:
    """`sort=name` or `sort=-name` against the columns' allow-list; anything else is
    the default (never an error: a stale bookmark still opens the list)."""
    sortable = {column.key: column for column in columns if column.order_by}
    for candidate in (raw.strip(), default):
        key = candidate.removeprefix("-")
        if key in sortable:
            descending = candidate.startswith("-")
            fields = tuple(f"-{f}" if descending else f for f in sortable[key].order_by)
            return Sort(key, descending, (*fields, f"-{tiebreak}" if descending else tiebreak))
    raise ValueError(f"default sort {default!r} is not a sortable column")


def page_links(page: Page) -> list[int | None]:
    """Page numbers to show: first, last and a window around the current one (None = gap)."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(max(1, page.number - 2), min(last, page.number + 2) + 1)}
    links: list[int | None] = []
    previous = 0
    for number in sorted(wanted):
        if number - previous > 1:
            links.append(None)
        links.append(number)
        previous = number
    return links


def query_without(request: HttpRequest, *names: str) -> QueryDict:
    """The request's query string minus `names` (a mutable copy)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query


def header_links(
    request: HttpRequest, columns: Sequence[Column], sort: Sort, param: str = "sort"
) -> list[dict]:
    """For each column: label, href that sorts by it (toggling direction when it is the
    current sort, back to page 1, filters and other tables' sorts kept) and aria-sort
    for the current one. `param` names the query parameter (several tables per page)."""
    query = query_without(request, param, "page")
    headers = []
    for column in columns:
        header: dict[str, Any] = {"label": column.label, "numeric": column.numeric}
        if column.order_by:
            current = column.key == sort.key
            query[param] = f"-{column.key}" if current and not sort.descending else column.key
            header["href"] = f"?{query.urlencode()}"
            if current:
                header["aria_sort"] = "descending" if sort.descending else "ascending"
        headers.append(header)
    return headers


def page_query(request: HttpRequest) -> str:
    """Query string for page links: every filter and the sort, without `page`."""
    return query_without(request, "page", "format", "table").urlencode()


def csv_link(request: HttpRequest, table: str = "") -> str:
    """This list as CSV; `table` picks one of several tables on the page."""
    query = query_without(request, "page", "format", "table")
    query["format"] = "csv"
    if table:
        query["table"] = table
    return f"?{query.urlencode()}"


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def safe_cell(value: Any) -> Any:
    """A value as a CSV cell that no spreadsheet evaluates (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = str(value)
        return f"'{text}" if text.startswith(FORMULA_STARTS) else text
    return value


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """Stream rows as CSV (UTF-8 with BOM so spreadsheets read accents), every cell
    through safe_cell. `rows` may be a generator over a large list."""
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff" + writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
