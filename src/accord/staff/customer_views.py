"""The customer list: the company's book with owner, stage and scores; search, the shared
filters (owner, team, stage, segment, health band, a loyalty-matrix cell), sort by any
column, CSV export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from accord.customers.models import CustomerKind
from accord.customers.queries import CustomerFilter, count_customers, list_customer_rows
from accord.relationships.models import Stage
from accord.scoring.models import Segment
from accord.staff.book_filters import BookFilters, filter_options, read_book_filters
from accord.staff.customer_rows import render_customer_rows
from accord.staff.listing import (
    Column,
    Sort,
    csv_link,
    csv_response,
    header_links,
    page_links,
    page_query,
    parse_sort,
    wants_csv,
)

COLUMNS = (
    Column("name", "Name", ("name",)),
    Column("kind", "Kind", ("kind",)),
    Column("email", "Email", ("email",)),
    Column(
        "owner",
        "Owner",
        ("relationship__owner__first_name", "relationship__owner__last_name"),
    ),
    Column("stage", "Stage", ("relationship__stage",)),
    Column("city", "City", ("city",)),
    Column("segment", "Segment", ("score__segment",)),
    Column("health", "Health", ("score__health",), numeric=True),
)
EXPORT_BATCH = 2000
_KINDS = dict(CustomerKind.choices)
_STAGES = dict(Stage.choices)
_SEGMENTS = dict(Segment.choices)


def _customer_filter(request: HttpRequest, filters: BookFilters, sort: Sort) -> CustomerFilter:
    return CustomerFilter(
        q=request.GET.get("q", "").strip()[:200],
        owner_id=filters.owner_id,
        owner_ids=filters.owner_ids if filters.team else None,
        stage=filters.stage,
        segment=filters.segment,
        health_band=filters.health_band,
        satisfaction_band=filters.satisfaction_band,
        loyalty_band=filters.loyalty_band,
        order=sort.order_by,
    )


def customer_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filters = read_book_filters(request)
    sort = parse_sort(request.GET.get("sort", ""), COLUMNS, "name")
    query = _customer_filter(request, filters, sort)
    if wants_csv(request):
        return csv_response(
            "customers.csv", [column.label for column in COLUMNS], _export_rows(query)
        )
    count = count_customers(query)
    # The paginator only does page arithmetic over a count taken on the cheapest table;
    # the rows come from one values() query.
    paginator = Paginator(range(count), settings.ACCORD_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        **filter_options(filters),
        "q": query.q,
        "page": page,
        "rows": render_customer_rows(
            list_customer_rows(query, page.start_index() - 1, paginator.per_page)
        )
        if count
        else "",
        "page_links": page_links(page),
        "query_string": page_query(request),
        "headers": header_links(request, COLUMNS, sort),
        "sort_param": sort.param,
        "csv_href": csv_link(request),
    }
    return render(request, "staff/customer_list.html", context)


def _export_rows(query: CustomerFilter) -> Iterator[list[Any]]:
    """Every matching customer, as the list shows them, in the list's order (batches of
    EXPORT_BATCH rows, so a large export streams instead of loading at once)."""
    offset = 0
    while batch := list_customer_rows(query, offset, EXPORT_BATCH):
        for row in batch:
            health = row["score__health"]
            yield [
                row["name"],
                _KINDS.get(row["kind"], row["kind"]),
                row["email"],
                row["owner_name"],
                _STAGES.get(row["relationship__stage"] or "", ""),
                row["city"],
                _SEGMENTS.get(row["score__segment"] or "", ""),
                "" if health is None else round(health),
            ]
        offset += EXPORT_BATCH
