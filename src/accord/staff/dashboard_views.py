"""The book dashboard: stage, health, loyalty, trends, promise record, gaps, hostages and
exit friction, all under the shared filters; every bar links to the list it counts.

Managers see the whole book; a member sees their own book (the owner filter is pinned
to them). Numbers come from the rollups (scoring.book_queries), so a view costs the
same at a thousand customers as at a million.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accord.core.models import Function
from accord.portal.friction import list_exit_friction_by_month
from accord.relationships.models import Stage
from accord.scoring.book_queries import (
    get_book_summary,
    list_gap_trend,
    list_promise_record,
    list_weekly_trend,
)
from accord.scoring.models import Segment
from accord.scoring.nps import get_nps_overview
from accord.staff.book_filters import (
    HEALTH_BAND_LABELS,
    BookFilters,
    filter_options,
    read_book_filters,
)
from accord.staff.listing import query_without
from accord.staff.scorecard_views import scorecard_context


def list_href(request: HttpRequest, path: str, **narrow: str) -> str:
    """The list behind a bar: the dashboard's filters plus the bar's own value."""
    query = query_without(request, "page", "sort", "format", *narrow)
    if not getattr(request.user, "is_manager", False):
        # A member's dashboard is their own book, whatever the link said.
        query.pop("team", None)
        query["owner"] = "me"
    for name, value in narrow.items():
        query[name] = value
    return f"{path}?{query.urlencode()}"


def matrix_links(request: HttpRequest, matrix: list[list[int]]) -> list[list[str]]:
    """The customer list behind each loyalty-matrix cell, under the page's filters."""
    return [
        [
            list_href(request, "/", satisfaction_band=str(s), loyalty_band=str(loyal))
            for loyal in range(len(row))
        ]
        for s, row in enumerate(matrix)
    ]


def _count_bars(
    request: HttpRequest, counts: list[tuple[str, str, int]], param: str
) -> list[dict[str, Any]]:
    return [
        {
            "label": label,
            "value": n,
            "text": f"{n:,}",
            "href": list_href(request, "/", **{param: value}),
        }
        for value, label, n in counts
    ]


def dashboard(request: HttpRequest) -> HttpResponse:
    is_manager = bool(getattr(request.user, "is_manager", False))
    filters = read_book_filters(request, own_book_only=not is_manager)
    book = filters.as_book_filter()
    today = timezone.localdate()
    summary = get_book_summary(book)
    stages = summary["by_stage"]
    segments = summary["by_segment"]
    promise_record = list_promise_record(book)
    context = {
        **filter_options(filters),
        "own_book_only": not is_manager,
        "summary": summary,
        "stage_bars": _count_bars(
            request,
            [(value, str(label), stages[value]) for value, label in Stage.choices],
            "stage",
        ),
        "health_bars": _count_bars(
            request,
            [
                (value, label, summary["histogram"][int(value)])
                for value, label in HEALTH_BAND_LABELS
            ],
            "health_band",
        ),
        "segment_bars": _count_bars(
            request,
            [(value, str(label), segments[value]) for value, label in Segment.choices],
            "segment",
        ),
        "matrix_rows": _matrix_rows(summary["matrix"]),
        "matrix_links": matrix_links(request, summary["matrix"]),
        "cards": {
            # Grouped thousands: equity runs to millions of euros.
            "customers": f"{summary['customers']:,}",
            "hostages": f"{summary['hostages']:,}",
            "customer_equity": f"{summary['customer_equity']:,.0f}",
            "equity_at_risk": f"{summary['equity_at_risk']:,.0f}",
        },
        "trend": list_weekly_trend(book, today),
        "promise_people": promise_record["people"],
        "promise_teams": promise_record["teams"],
        "promise_team_bars": _rate_bars(
            request,
            promise_record["teams"],
            "team",
            lambda row: {"team": row["team"]} if row["team"] else None,
        ),
        "promise_people_bars": _rate_bars(
            request,
            promise_record["people"],
            "name",
            lambda row: {"owner": str(row["staff_id"])} if row["staff_id"] else None,
        ),
        "gap_teams": _gap_teams(filters),
        "gap_trend": _gap_rows(filters, today),
        "hostages_href": list_href(request, "/insight/", segment="hostage"),
        "exits": list_exit_friction_by_month(12) if is_manager else [],
        "nps": get_nps_overview(timezone.now(), None if is_manager else request.user.pk),
        "is_manager": is_manager,
        **scorecard_context(),
    }
    return render(request, "staff/dashboard.html", context)


def _gap_teams(filters: BookFilters) -> list[tuple[str, str]]:
    """Columns of the gaps table: every team (and "no owner"), or the one filtered."""
    teams = [("", "No owner"), *((value, str(label)) for value, label in Function.choices)]
    return [team for team in teams if not filters.team or team[0] == filters.team]


def _rate_bars(
    request: HttpRequest,
    rows: list[dict[str, Any]],
    label_key: str,
    narrow: Callable[[dict[str, Any]], dict[str, str] | None],
) -> list[dict[str, Any]]:
    """Kept-rate bars; each opens the customers whose promises it counts (that team's or
    that owner's book under the page's filters); "no owner" has no list to open."""
    bars = []
    for row in rows:
        scope = narrow(row)
        bars.append(
            {
                "label": row[label_key] or "no team",
                "value": row["rate"] * 100,
                "text": f"{row['rate'] * 100:.0f}% of {row['kept'] + row['broken']:,}",
                "href": list_href(request, "/", **scope) if scope else "",
            }
        )
    return bars


def _matrix_rows(matrix: list[list[int]]) -> list[dict[str, Any]]:
    """The loyalty matrix as table rows, highest satisfaction first."""
    return [
        {"label": f"{s * 20}-{s * 20 + 20}", "cells": matrix[s]}
        for s in range(len(matrix) - 1, -1, -1)
    ]


def _gap_rows(filters: BookFilters, today: Any) -> list[dict[str, Any]]:
    """Gaps per team per week; stage, segment and health do not apply to gaps."""
    rows = list_gap_trend(filters.owner_ids, today)
    teams = [value for value, _ in _gap_teams(filters)]
    return [
        {
            "week": row["week"],
            "day": row["day"],
            "counts": [row["teams"].get(team, 0) for team in teams],
            "total": sum(row["teams"].get(team, 0) for team in teams),
        }
        for row in rows
    ]
