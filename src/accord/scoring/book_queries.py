"""Reads for the book dashboard: every chart's numbers under one set of filters.

Counts, distributions and trends come from the rollups (rollups.py), never from a scan
of the scores: a few thousand cells answer for a million customers. The promise record
too: company promises kept and broken are counted on each score and summed per cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet, Sum

from accord.members.models import StaffMember
from accord.relationships.models import Stage
from accord.scoring.models import (
    BookRollup,
    DayRollup,
    GapCount,
    RunStatus,
    ScoringRun,
    Segment,
)

HEALTH_BANDS = 10
MATRIX_CELLS = 5
TREND_WEEKS = 12


@dataclass(frozen=True)
class BookFilter:
    """The dashboard's filters; None / "" mean "any". `owner_ids` is the owner and team
    filters resolved to the people they name (resolve_owner_ids)."""

    owner_ids: tuple[int, ...] | None = None
    stage: str = ""
    segment: str = ""
    health_band: int | None = None


def resolve_owner_ids(owner_id: int | None, team: str) -> tuple[int, ...] | None:
    """The owners a filter on one owner and/or one team (function) means; None = all.
    Former staff count: the rollups remember who owned what when it was scored."""
    if not team:
        return None if owner_id is None else (owner_id,)
    members = StaffMember.objects.filter(function=team)
    if owner_id is not None:
        members = members.filter(pk=owner_id)
    return tuple(sorted(members.values_list("pk", flat=True)))


def _narrow(rows: QuerySet[Any], filters: BookFilter) -> QuerySet[Any]:
    if filters.owner_ids is not None:
        rows = rows.filter(owner_id__in=filters.owner_ids)
    if filters.stage:
        rows = rows.filter(stage=filters.stage)
    if filters.segment:
        rows = rows.filter(segment=filters.segment)
    if filters.health_band is not None:
        rows = rows.filter(health_band=filters.health_band)
    return rows


def get_book_summary(filters: BookFilter) -> dict[str, Any]:
    """Customers by stage and segment, the health histogram, the loyalty matrix, and
    totals (averages of 0-100 scores, sums in EUR) over the scored customers matching."""
    cells = (
        _narrow(BookRollup.objects.filter(customers__gt=0), filters)
        .values(
            "stage", "segment", "health_band", "satisfaction_band", "loyalty_band", "is_hostage"
        )
        .annotate(
            n=Sum("customers"),
            health=Sum("health_sum"),
            value=Sum("value_equity_sum"),
            brand=Sum("brand_equity_sum"),
            relationship=Sum("relationship_equity_sum"),
            clv=Sum("clv_sum"),
            at_risk=Sum("equity_at_risk_sum"),
        )
        .order_by()
    )
    stages = dict.fromkeys(Stage.values, 0)
    segments = dict.fromkeys(Segment.values, 0)
    histogram = [0] * HEALTH_BANDS
    matrix = [[0] * MATRIX_CELLS for _ in range(MATRIX_CELLS)]
    totals = dict.fromkeys(("n", "health", "value", "brand", "relationship", "clv"), 0.0)
    hostages, at_risk = 0, 0.0
    for cell in cells:
        n = int(cell["n"])
        stages[cell["stage"]] = stages.get(cell["stage"], 0) + n
        segments[cell["segment"]] = segments.get(cell["segment"], 0) + n
        histogram[cell["health_band"]] += n
        matrix[cell["satisfaction_band"]][cell["loyalty_band"]] += n
        for key in totals:
            totals[key] += cell[key]
        if cell["is_hostage"]:
            hostages += n
            at_risk += cell["at_risk"]
    customers = int(totals["n"])
    return {
        "customers": customers,
        "by_stage": stages,
        "by_segment": segments,
        "histogram": histogram,
        "matrix": matrix,
        "hostages": hostages,
        "equity_at_risk": at_risk,
        "customer_equity": totals["clv"],
        "average": {
            key: (totals[key] / customers if customers else None)
            for key in ("health", "value", "brand", "relationship")
        },
    }


def list_complete_days(since: date) -> list[date]:
    """Days whose snapshots cover the whole book: a finished batch ran as of them."""
    runs = ScoringRun.objects.filter(status=RunStatus.DONE, as_of__date__gte=since)
    return sorted({run.date() for run in runs.values_list("as_of", flat=True)})


def _week_ends(days: list[date]) -> dict[date, date]:
    """{the last complete day of each ISO week: that week's Monday}."""
    latest: dict[date, date] = {}
    for day in days:
        monday = day - timedelta(days=day.weekday())
        latest[monday] = max(day, latest.get(monday, day))
    return {day: monday for monday, day in latest.items()}


def list_weekly_trend(
    filters: BookFilter, today: date, weeks: int = TREND_WEEKS
) -> list[dict[str, Any]]:
    """One point per week with a complete day, oldest first: the week's last complete
    day's customers, average health and equity parts, and customer equity (sum of CLV)."""
    since = today - timedelta(days=7 * weeks)
    week_of = _week_ends(list_complete_days(since))
    rows = (
        _narrow(DayRollup.objects.filter(day__in=list(week_of)), filters)
        .values("day")
        .annotate(
            n=Sum("customers"),
            health=Sum("health_sum"),
            value=Sum("value_equity_sum"),
            brand=Sum("brand_equity_sum"),
            relationship=Sum("relationship_equity_sum"),
            clv=Sum("clv_sum"),
        )
        .order_by("day")
    )
    points = []
    for row in rows:
        n = int(row["n"] or 0)
        points.append(
            {
                "week": week_of[row["day"]],
                "day": row["day"],
                "customers": n,
                "health": row["health"] / n if n else None,
                "value": row["value"] / n if n else None,
                "brand": row["brand"] / n if n else None,
                "relationship": row["relationship"] / n if n else None,
                "customer_equity": row["clv"] or 0.0,
            }
        )
    return points


def list_gap_trend(
    owner_ids: tuple[int, ...] | None, today: date, weeks: int = TREND_WEEKS
) -> list[dict[str, Any]]:
    """Gaps per team (owner's function; "" = no owner) on each week's last complete day."""
    since = today - timedelta(days=7 * weeks)
    week_of = _week_ends(list_complete_days(since))
    counts = GapCount.objects.filter(day__in=list(week_of))
    if owner_ids is not None:
        counts = counts.filter(owner_id__in=owner_ids)
    by_day: dict[date, dict[str, int]] = {day: {} for day in sorted(week_of)}
    for row in counts.values("day", "team").annotate(n=Sum("gaps")).order_by("day", "team"):
        by_day[row["day"]][row["team"]] = int(row["n"])
    return [
        {"week": week_of[day], "day": day, "teams": teams, "total": sum(teams.values())}
        for day, teams in by_day.items()
    ]


def list_promise_record(filters: BookFilter) -> dict[str, list[dict[str, Any]]]:
    """Company promises kept and broken to the matching customers, with the kept rate
    (0-1), by accountable owner and by team (the owner's function). Counted as of each
    customer's latest scoring, from the rollups; people with no resolved promise are
    left out."""
    rows = (
        _narrow(BookRollup.objects.all(), filters)
        .values("owner_id")
        .annotate(kept=Sum("promises_kept"), broken=Sum("promises_broken"))
        .order_by()
    )
    counted = {row["owner_id"]: row for row in rows if (row["kept"] or 0) + (row["broken"] or 0)}
    staff = {member.pk: member for member in StaffMember.objects.filter(pk__in=list(counted))}
    people: list[dict[str, Any]] = []
    teams: dict[str, dict[str, Any]] = {}
    for owner_id, row in counted.items():
        member = staff.get(owner_id)
        person: dict[str, Any] = {
            "staff_id": owner_id or None,
            "name": str(member) if member else "no owner",
            "team": member.function if member else "",
            "kept": int(row["kept"] or 0),
            "broken": int(row["broken"] or 0),
        }
        people.append(person)
        name = str(person["team"])
        team = teams.setdefault(name, {"team": name, "kept": 0, "broken": 0})
        team["kept"] += person["kept"]
        team["broken"] += person["broken"]
    for record in (*people, *teams.values()):
        record["rate"] = record["kept"] / (record["kept"] + record["broken"])
    people.sort(key=lambda record: (record["rate"], record["name"]))
    return {"people": people, "teams": sorted(teams.values(), key=lambda row: row["team"])}
