"""My book's table of relationships and the board's table of gaps: sort by any shown
column, the shared filters that apply to them, and CSV export (staff/listing.py).

Kept apart from the worklist views (accountability_views) so the two grow separately.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from accord.relationships.gaps import Gap, GapKind
from accord.relationships.models import Relationship, Stage
from accord.relationships.queries import list_book
from accord.scoring.models import Segment
from accord.staff.book_filters import BookFilters
from accord.staff.listing import (
    Column,
    Sort,
    csv_link,
    csv_response,
    header_links,
    page_links,
    page_query,
    parse_sort,
)

BOOK_PAGE = 50
BOOK_COLUMNS = (
    Column("customer", "Customer", ("customer__name",)),
    Column("stage", "Stage", ("stage",)),
    Column("stage_since", "Stage since", ("stage_changed_at",)),
    Column("since", "Relationship started", ("started_at",)),
    Column("segment", "Segment", ("customer__score__segment",)),
    Column("health", "Health", ("customer__score__health",), numeric=True),
)
GAP_COLUMNS = (
    Column("customer", "Customer", ("customer_name",)),
    Column("gap", "Gap", ("kind_label",)),
    Column("owner", "Owner", ("owner_name",)),
    Column("team", "Team", ("owner_function",)),
    Column("why", "Why"),
    Column("action", "What to do"),
)
_SEGMENTS = dict(Segment.choices)
_GAP_KIND_LABELS = {value: str(label) for value, label in GapKind.choices}


def _book(owner_id: int, filters: BookFilters, sort: Sort) -> QuerySet[Relationship]:
    rows = list_book(owner_id).select_related("customer__score")
    if filters.stage:
        rows = rows.filter(stage=filters.stage)
    if filters.segment:
        rows = rows.filter(customer__score__segment=filters.segment)
    if filters.health_band is not None:
        rows = rows.filter(customer__score__health__gte=filters.health_band * 10)
        if filters.health_band < 9:
            rows = rows.filter(customer__score__health__lt=filters.health_band * 10 + 10)
    return rows.order_by(*sort.order_by)


def book_table(
    request: HttpRequest, owner_id: int, filters: BookFilters
) -> dict[str, Any] | StreamingHttpResponse:
    """Context for My book's table, or its CSV when asked (?format=csv&table=book)."""
    sort = parse_sort(request.GET.get("sort", ""), BOOK_COLUMNS, "customer", "customer_id")
    rows = _book(owner_id, filters, sort)
    if request.GET.get("format") == "csv" and request.GET.get("table") == "book":
        header = [column.label for column in BOOK_COLUMNS]
        return csv_response("my-book.csv", header, _book_cells(rows))
    page: Page = Paginator(rows.values(*_ROW_FIELDS), BOOK_PAGE).get_page(request.GET.get("page"))
    return {
        "book": page,
        "book_rows": _book_rows(page.object_list),
        "book_headers": header_links(request, BOOK_COLUMNS, sort),
        "book_csv_href": csv_link(request, "book"),
        "book_page_links": page_links(page),
        "query_string": page_query(request),
        "sort_param": sort.param,
    }


_ROW_FIELDS = (
    "customer_id",
    "customer__name",
    "stage",
    "stage_changed_at",
    "started_at",
    "customer__score__segment",
    "customer__score__health",
)
_STAGES = dict(Stage.choices)


def _day(moment: Any) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}" if moment else ""


def _book_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    """The table's `<tr>`s, built in Python like the customer list's (customer_rows.py):
    50 rows through the template engine cost more CPU than the rest of My book."""
    html = []
    for row in rows:
        stage, segment = row["stage"], row["customer__score__segment"] or ""
        health = row["customer__score__health"]
        html.append(
            f'<tr><td><a href="/customers/{int(row["customer_id"])}/">'
            f"{escape(row['customer__name'])}</a></td>"
            f'<td><span class="badge badge--{escape(stage)}">'
            f"{escape(str(_STAGES.get(stage, stage)))}</span></td>"
            f"<td>{_day(row['stage_changed_at'])}</td><td>{_day(row['started_at'])}</td>"
            f"<td>{escape(str(_SEGMENTS.get(segment, segment)))}</td>"
            f'<td class="num">{"—" if health is None else f"{health:.0f}"}</td></tr>'
        )
    return mark_safe("\n".join(html))  # safe: every value is escaped above


def _book_cells(rows: QuerySet[Relationship]) -> Iterator[list[Any]]:
    for relationship in rows.iterator(chunk_size=2000):
        score = getattr(relationship.customer, "score", None)
        yield [
            relationship.customer.name,
            relationship.get_stage_display(),
            f"{relationship.stage_changed_at:%Y-%m-%d}",
            f"{relationship.started_at:%Y-%m-%d}",
            _SEGMENTS.get(score.segment, score.segment) if score else "",
            round(score.health) if score else "",
        ]


def gap_rows(gaps: Iterable[Gap]) -> SafeString:
    """My book's gap `<tr>`s in Python: a busy owner of the 100k demo book has 600."""
    html = []
    for gap in gaps:
        customer = (
            f'<a href="/customers/{int(gap.customer_id)}/">{escape(gap.customer_name)}</a>'
            if gap.customer_id
            else "—"
        )
        badge = "bad" if gap.kind in ("orphaned", "contested") else "warn"
        html.append(
            f"<tr><td>{customer}</td>"
            f'<td><span class="badge badge--{badge}">{escape(gap.kind_label)}</span> '
            f'<span class="muted gap-reason" data-reason="{escape(gap.reason)}">'
            f"{escape(gap.reason_label)}</span></td>"
            f"<td>{escape(gap.explanation)}</td><td>{escape(gap.suggested_action)}</td></tr>"
        )
    return mark_safe("\n".join(html))  # safe: every value is escaped above


def sort_gaps(request: HttpRequest, gaps: list[Gap]) -> tuple[list[Gap], list[dict[str, Any]]]:
    """The board's gaps in the requested column order, and the header links."""
    sort = parse_sort(request.GET.get("sort", ""), GAP_COLUMNS, "gap", "customer_name")
    fields = [name.removeprefix("-") for name in sort.order_by]

    def value(gap: Gap, field: str) -> Any:
        # The label from a dict: Gap.kind_label builds an enum member per call, which
        # was half the board's CPU when sorting 12,000 gaps.
        if field == "kind_label":
            return _GAP_KIND_LABELS.get(gap.kind, gap.kind)
        return getattr(gap, field) or ""

    ordered = sorted(gaps, key=lambda gap: tuple(value(gap, f) for f in fields))
    if sort.descending:
        ordered.reverse()
    return ordered, header_links(request, GAP_COLUMNS, sort)


def gap_cells(gaps: list[Gap]) -> Iterator[list[Any]]:
    for gap in gaps:
        yield [
            gap.customer_name,
            gap.kind_label,
            gap.owner_name,
            gap.owner_function,
            gap.explanation,
            gap.suggested_action,
        ]


def gaps_csv(gaps: list[Gap]) -> StreamingHttpResponse:
    return csv_response("gaps.csv", [c.label for c in GAP_COLUMNS], gap_cells(gaps))
