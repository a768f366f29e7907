"""The insight book: hostages with their barriers and equity at risk, at-risk customers,
apostles, under the shared filters, with the health histogram and loyalty matrix.

Managers see the whole book; a member sees their own (the owner filter is pinned to
them). Cards and charts come from the rollups, so every filter narrows them too; each
table sorts by its columns (one sort parameter per table) and exports as CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from accord.scoring.book_queries import HEALTH_BANDS, get_book_summary
from accord.scoring.models import CustomerScore, Segment
from accord.scoring.queries import ScoreFilter, count_scores, list_scores
from accord.staff.book_filters import filter_options, read_book_filters
from accord.staff.dashboard_views import list_href, matrix_links
from accord.staff.listing import Column, csv_link, csv_response, header_links, parse_sort

AT_RISK_HEALTH = 40.0
ROWS = 50
_OWNER = ("customer__relationship__owner__first_name", "customer__relationship__owner__last_name")
HOSTAGE_COLUMNS = (
    Column("customer", "Customer", ("customer__name",)),
    Column("owner", "Owner", _OWNER),
    Column("health", "Health", ("health",), numeric=True),
    Column("barriers", "Barriers"),
    Column("equity_at_risk", "Equity at risk", ("equity_at_risk",), numeric=True),
)
SCORE_COLUMNS = (
    Column("customer", "Customer", ("customer__name",)),
    Column("owner", "Owner", _OWNER),
    Column("segment", "Segment", ("segment",)),
    Column("health", "Health", ("health",), numeric=True),
    Column("clv", "CLV", ("clv",), numeric=True),
    Column("driver", "Top driver"),
)
_SEGMENTS = dict(Segment.choices)


@dataclass(frozen=True)
class Table:
    key: str  # id on the page, and the prefix of its sort parameter
    filters: ScoreFilter
    columns: tuple[Column, ...]
    default_sort: str


def _tables(base: ScoreFilter, segment: str) -> list[Table]:
    tables = [
        Table("hostages", replace(base, hostage=True), HOSTAGE_COLUMNS, "-equity_at_risk"),
        Table("at-risk", replace(base, health_below=AT_RISK_HEALTH), SCORE_COLUMNS, "health"),
    ]
    # Under another segment's filter there are no apostles to list.
    if segment in ("", "apostle"):
        tables.append(Table("apostles", replace(base, segment="apostle"), SCORE_COLUMNS, "-clv"))
    if segment:
        tables.append(Table("segment-table", base, SCORE_COLUMNS, "health"))
    return tables


def insight_book(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    is_manager = bool(getattr(request.user, "is_manager", False))
    filters = read_book_filters(request, own_book_only=not is_manager)
    base = ScoreFilter(
        owner_ids=filters.owner_ids,
        stage=filters.stage,
        segment=filters.segment,
        health_band=filters.health_band,
    )
    tables = {}
    for table in _tables(base, filters.segment):
        param = f"{table.key}_sort"
        sort = parse_sort(request.GET.get(param, ""), table.columns, table.default_sort, "pk")
        scoped = replace(table.filters, order_by=sort.order_by)
        if request.GET.get("format") == "csv" and request.GET.get("table") == table.key:
            header = [column.label for column in table.columns]
            return csv_response(f"insight-{table.key}.csv", header, _export(table, scoped))
        tables[table.key.replace("-", "_")] = {
            "rows": list_scores(scoped)[:ROWS],
            "count": count_scores(scoped),
            "headers": header_links(request, table.columns, sort, param),
            "csv_href": csv_link(request, table.key),
        }
    summary = get_book_summary(filters.as_book_filter())
    counts = summary["by_segment"]
    context: dict[str, Any] = {
        **filter_options(filters),
        "own_book_only": not is_manager,
        "segment": filters.segment,
        "segment_label": Segment(filters.segment).label if filters.segment else "",
        # Only the segments someone is in, in the choices' order (joined in the template).
        "segment_counts": [
            (label, counts[value]) for value, label in Segment.choices if counts.get(value)
        ],
        "scored": summary["customers"],
        "hostage_count": summary["hostages"],
        "equity_at_risk": summary["equity_at_risk"],
        "at_risk_health": AT_RISK_HEALTH,
        "at_risk_count": sum(summary["histogram"][: int(AT_RISK_HEALTH // 10)]),
        "apostle_count": counts.get("apostle", 0),
        "apostles": tables.get("apostles", {"rows": [], "count": 0, "headers": []}),
        "histogram": summary["histogram"],
        "matrix": summary["matrix"],
        "matrix_links": matrix_links(request, summary["matrix"]),
        "histogram_links": [
            list_href(request, "/", health_band=str(band)) for band in range(HEALTH_BANDS)
        ],
        **{key: table for key, table in tables.items() if key != "apostles"},
    }
    return render(request, "staff/insight_book.html", context)


def _export(table: Table, filters: ScoreFilter) -> Iterator[list[Any]]:
    """Every row of the table's list (not only the first ROWS), as the page shows them."""
    for score in list_scores(filters).iterator(chunk_size=2000):
        yield _cells(table, score)


def _cells(table: Table, score: CustomerScore) -> list[Any]:
    owner = score.customer.relationship.owner if hasattr(score.customer, "relationship") else None
    name, owner_name = score.customer.name, str(owner) if owner else ""
    if table.columns is HOSTAGE_COLUMNS:
        barriers = "; ".join(str(b.get("text", "")) for b in score.barriers)
        return [name, owner_name, round(score.health), barriers, round(score.equity_at_risk)]
    drivers = (score.explanation or {}).get("drivers") or [{}]
    return [
        name,
        owner_name,
        _SEGMENTS.get(score.segment, score.segment),
        round(score.health),
        round(score.clv),
        drivers[0].get("text", ""),
    ]
