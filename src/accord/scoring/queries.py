"""Reads on insight: one customer's scores with explanations and history, book lists with
filters, the book's distributions for charts, and alerts for an owner's worklist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, FloatField, IntegerField, QuerySet
from django.db.models.functions import Cast, Floor, Least

from accord.scoring.health import COMPONENTS
from accord.scoring.models import Alert, CustomerScore, ScoreSnapshot, Segment, SnapshotDay
from accord.scoring.store import SNAPSHOT_FIELDS

COMPONENT_LABELS = {
    "honesty": "Honesty (promises kept both ways)",
    "transparency": "Transparency",
    "fair_value_customer": "Fair value for the customer",
    "fair_value_company": "Fair value for us",
    "power_balance": "Power balance (no lock-in)",
    "responsiveness": "Responsiveness",
    "sentiment_trend": "Sentiment trend",
}
HISTORY_POINTS = 30
PROBE_DAYS = 120
HISTORY_FIELDS = ("taken_on_date", *SNAPSHOT_FIELDS)


def get_customer_insight(customer_id: int) -> dict[str, Any] | None:
    """Latest scores with plain-words explanations and recent history, or None if the
    customer has not been scored yet. Two queries. For the 360 page and the portal."""
    score = CustomerScore.objects.filter(customer_id=customer_id).first()
    if score is None:
        return None
    explanation = score.explanation or {}
    return {
        "customer_id": customer_id,
        "health": score.health,
        "components": [
            {"name": name, "label": COMPONENT_LABELS[name], "score": getattr(score, name)}
            for name in COMPONENTS
        ],
        "equity": {
            "value": score.value_equity,
            "brand": score.brand_equity,
            "relationship": score.relationship_equity,
        },
        "clv": score.clv,
        "lifetime_value": explanation.get("lifetime_value", []),
        "p_alive": score.p_alive,
        "expected_purchases": score.expected_purchases,
        "segment": score.segment,
        "segment_label": Segment(score.segment).label,
        "segment_reason": explanation.get("segment", ""),
        # In words when a number would mislead (a departed customer has no health).
        "health_words": explanation.get("health", ""),
        "is_departed": score.segment == Segment.DEPARTED,
        "drivers": explanation.get("drivers", []),
        "is_hostage": score.is_hostage,
        "barriers": score.barriers,
        "equity_at_risk": score.equity_at_risk,
        "model_version": score.model_version,
        "as_of": score.as_of,
        "scored_at": score.scored_at,
        "history": list_score_history(customer_id),
    }


def list_score_history(customer_id: int, limit: int = HISTORY_POINTS) -> list[dict[str, Any]]:
    """The latest `limit` daily snapshots, oldest first. Snapshots are keyed (day,
    customer) so a batch's rows append; one customer's are found by probing the days
    that have snapshots, newest first, PROBE_DAYS at a time (one indexed query each, and
    one for the days; usually the first probe is enough)."""
    found: list[dict[str, Any]] = []
    days = SnapshotDay.objects.order_by("-day").values_list("day", flat=True)
    start = 0
    while len(found) < limit:
        probe = list(days[start : start + PROBE_DAYS])
        if not probe:
            break
        rows = (
            ScoreSnapshot.objects.filter(customer_id=customer_id, taken_on_date__in=probe)
            .order_by("-taken_on_date")
            .values(*HISTORY_FIELDS)
        )
        found.extend(dict(row) for row in rows)
        if len(probe) < PROBE_DAYS:
            break  # no older days to probe: saves a query on every 360 and portal home
        start += PROBE_DAYS
    return list(reversed(found[:limit]))


@dataclass(frozen=True)
class ScoreFilter:
    segment: str = ""
    hostage: bool | None = None
    owner_id: int | None = None
    health_below: float | None = None
    order: str = "health"  # health | -equity_at_risk | -clv
    # The dashboards' shared filters: owners (resolved from owner and team), stage, and
    # a 10-point health band (0-9, the top band includes 100); `order_by` overrides
    # `order` with a list's column sort.
    owner_ids: tuple[int, ...] | None = None
    stage: str = ""
    health_band: int | None = None
    order_by: tuple[str, ...] = ()


def list_scores(filters: ScoreFilter) -> QuerySet[CustomerScore]:
    """Scored customers with name and owner, filtered; slice for pages."""
    scores = CustomerScore.objects.select_related("customer", "customer__relationship__owner")
    if filters.segment:
        scores = scores.filter(segment=filters.segment)
    if filters.hostage is not None:
        scores = scores.filter(is_hostage=filters.hostage)
    if filters.owner_id is not None:
        scores = scores.filter(customer__relationship__owner_id=filters.owner_id)
    if filters.health_below is not None:
        scores = scores.filter(health__lt=filters.health_below)
    if filters.owner_ids is not None:
        scores = scores.filter(customer__relationship__owner_id__in=filters.owner_ids)
    if filters.stage:
        scores = scores.filter(customer__relationship__stage=filters.stage)
    if filters.health_band is not None:
        scores = scores.filter(health__gte=filters.health_band * 10)
        if filters.health_band < 9:
            scores = scores.filter(health__lt=filters.health_band * 10 + 10)
    if filters.order_by:
        return scores.order_by(*filters.order_by)
    return scores.order_by(filters.order, "customer_id")


def count_scores(filters: ScoreFilter) -> int:
    return list_scores(filters).order_by().count()


def count_by_segment() -> dict[str, int]:
    rows = CustomerScore.objects.values("segment").annotate(n=Count("customer_id")).order_by()
    return {row["segment"]: row["n"] for row in rows}


def get_health_histogram(buckets: int = 10) -> list[int]:
    """Customers per health band of width 100/buckets (the top band includes 100)."""
    width = 100 / buckets
    band = Least(Cast(Floor(F("health") / width), IntegerField()), buckets - 1)
    counts = [0] * buckets
    for row in (
        CustomerScore.objects.annotate(band=band)
        .values("band")
        .annotate(n=Count("customer_id"))
        .order_by()
    ):
        counts[max(0, int(row["band"]))] += row["n"]
    return counts


def get_loyalty_matrix(cells: int = 5) -> list[list[int]]:
    """Counts on a cells x cells grid: rows = satisfaction band (low first), columns =
    behavioural loyalty band (low first). Jones & Sasser's quadrants are its corners."""
    width = 100 / cells

    def band(field: str) -> Least:
        return Least(Cast(Floor(Cast(F(field), FloatField()) / width), IntegerField()), cells - 1)

    grid = [[0] * cells for _ in range(cells)]
    rows = (
        CustomerScore.objects.annotate(s=band("satisfaction"), loyal=band("loyalty"))
        .values("s", "loyal")
        .annotate(n=Count("customer_id"))
        .order_by()
    )
    for row in rows:
        grid[max(0, int(row["s"]))][max(0, int(row["loyal"]))] += row["n"]
    return grid


def list_alerts_for_owner(staff: Any, include_resolved: bool = False) -> QuerySet[Alert]:
    """The owner's alerts, newest first, with the customer's name (for My book)."""
    alerts = Alert.objects.filter(owner_id=staff.pk).select_related("customer")
    if not include_resolved:
        alerts = alerts.filter(resolved_at__isnull=True)
    return alerts.order_by("-created_at", "-id")


def list_alerts(
    owner_id: int | None = None, kind: str = "", open_only: bool = True
) -> QuerySet[Alert]:
    alerts = Alert.objects.select_related("customer")
    if owner_id is not None:
        alerts = alerts.filter(owner_id=owner_id)
    if kind:
        alerts = alerts.filter(kind=kind)
    if open_only:
        alerts = alerts.filter(resolved_at__isnull=True)
    return alerts.order_by("-created_at", "-id")
