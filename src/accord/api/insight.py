"""Insight in the REST API: a customer's scores with explanations and history, segment
lists with filters, book distributions, and alerts (list, resolve)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from accord.api.auth import current_staff
from accord.api.body import QueryIn
from accord.api.pagination import RecordId
from accord.core.validation import parse_id
from accord.customers.access import access_customer_for_staff, can_staff_see_customers
from accord.scoring.access import access_alert_for_team_work
from accord.scoring.models import Alert, AlertKind, Segment
from accord.scoring.queries import (
    ScoreFilter,
    count_by_segment,
    count_scores,
    get_customer_insight,
    get_health_histogram,
    get_loyalty_matrix,
    list_alerts,
    list_score_history,
    list_scores,
)
from accord.scoring.services import resolve_alert

router = Router(tags=["insight"])

MAX_LIMIT = 500


class ComponentOut(Schema):
    name: str
    label: str
    score: float


class EquityOut(Schema):
    value: float
    brand: float
    relationship: float


class DriverOut(Schema):
    text: str
    effect: str


class BarrierOut(Schema):
    kind: str
    amount: float
    text: str


class ValuePartOut(Schema):
    part: str = Field(..., description="subscription (sBG residual lifetime) or purchases (BG/NBD)")
    eur: float
    text: str


class SnapshotOut(Schema):
    taken_on_date: date
    health: float
    value_equity: float
    brand_equity: float
    relationship_equity: float
    clv: float
    segment: str


class InsightOut(Schema):
    customer_id: RecordId
    health: float
    components: list[ComponentOut]
    equity: EquityOut
    clv: float = Field(
        ...,
        description="EUR, discounted: subscriptions over their expected remaining life "
        "plus purchases over the CLV horizon (the parts are in lifetime_value)",
    )
    lifetime_value: list[ValuePartOut]
    p_alive: float
    expected_purchases: float
    segment: str
    segment_label: str
    segment_reason: str
    drivers: list[DriverOut]
    is_hostage: bool
    barriers: list[BarrierOut]
    equity_at_risk: float
    model_version: str
    as_of: datetime
    scored_at: datetime
    history: list[SnapshotOut]


class ScoreRowOut(Schema):
    customer_id: RecordId
    name: str
    owner_id: RecordId | None
    health: float
    segment: str
    is_hostage: bool
    clv: float
    equity_at_risk: float
    barriers: list[BarrierOut]
    top_driver: str


class ScorePage(Schema):
    count: int
    items: list[ScoreRowOut]


class ScoreListParams(QueryIn):
    segment: Segment | None = None
    hostage: bool | None = None
    owner: str = Field(
        "", description='"me" or a staff member id (a member always gets their own book)'
    )
    health_below: float | None = Field(None, ge=0, le=100)
    order: Literal["health", "-equity_at_risk", "-clv"] = "health"
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class SummaryOut(Schema):
    segments: dict[str, int]
    health_histogram: list[int] = Field(..., description="customers per 10-point health band")
    loyalty_matrix: list[list[int]] = Field(..., description="rows satisfaction, columns loyalty")


class AlertOut(Schema):
    id: int
    customer_id: RecordId
    customer_name: str
    owner_id: RecordId | None
    kind: str
    message: str
    created_at: datetime
    resolved_at: datetime | None


def _owner_id(staff: Any, owner: str) -> int | None:
    from ninja.errors import ValidationError

    if owner == "":
        return None
    if owner == "me":
        return int(staff.pk)
    if (staff_id := parse_id(owner)) is not None:
        return staff_id
    raise ValidationError(
        [
            {
                "type": "value_error",
                "loc": ["query", "owner"],
                "msg": f'owner must be "me" or a staff id, not {owner!r}',
            }
        ]
    )


def _book_owner(staff: Any, owner: str) -> int | None:
    """The owner filter of the insight book: a manager's choice ("all" or "": everyone),
    a member's own book whatever they ask for (as on /insight/)."""
    if not staff.is_manager:
        _owner_id(staff, owner if owner != "all" else "me")  # still a clear 422 on junk
        return int(staff.pk)
    return None if owner == "all" else _owner_id(staff, owner)


def _require_book(staff: Any) -> None:
    if not can_staff_see_customers(staff):
        raise Http404("Not found")


@router.get(
    "/customers/{customer_id}/insight", response=InsightOut, summary="A customer's scores and why"
)
def customer_insight(request: HttpRequest, customer_id: int) -> dict[str, Any]:
    access_customer_for_staff(current_staff(request), customer_id)
    insight = get_customer_insight(customer_id)
    if insight is None:
        raise Http404(f"customer {customer_id} has not been scored yet")
    return insight


@router.get(
    "/customers/{customer_id}/insight/history", response=list[SnapshotOut], summary="Score history"
)
def customer_history(
    request: HttpRequest, customer_id: int, limit: int = Query(90, ge=1, le=1000)
) -> list:
    access_customer_for_staff(current_staff(request), customer_id)
    return list_score_history(customer_id, limit)


def _row(score: Any) -> dict[str, Any]:
    relationship = getattr(score.customer, "relationship", None)
    drivers = (score.explanation or {}).get("drivers") or []
    return {
        "customer_id": score.customer_id,
        "name": score.customer.name,
        "owner_id": relationship.owner_id if relationship else None,
        "health": score.health,
        "segment": score.segment,
        "is_hostage": score.is_hostage,
        "clv": score.clv,
        "equity_at_risk": score.equity_at_risk,
        "barriers": score.barriers,
        "top_driver": drivers[0]["text"] if drivers else "",
    }


@router.get(
    "/insight/customers",
    response=ScorePage,
    summary="Scored customers by segment, hostage, owner, health",
)
def list_scored(request: HttpRequest, params: Query[ScoreListParams]) -> dict[str, Any]:
    staff = current_staff(request)
    _require_book(staff)
    filters = ScoreFilter(
        segment=params.segment or "",
        hostage=params.hostage,
        owner_id=_book_owner(staff, params.owner),
        health_below=params.health_below,
        order=params.order,
    )
    rows = list_scores(filters)[params.offset : params.offset + params.limit]
    return {"count": count_scores(filters), "items": [_row(score) for score in rows]}


@router.get(
    "/insight/summary", response=SummaryOut, summary="Segments, health histogram, loyalty matrix"
)
def summary(request: HttpRequest) -> dict[str, Any]:
    _require_book(current_staff(request))
    return {
        "segments": count_by_segment(),
        "health_histogram": get_health_histogram(),
        "loyalty_matrix": get_loyalty_matrix(),
    }


def _alert_out(alert: Any) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "customer_id": alert.customer_id,
        "customer_name": alert.customer.name,
        "owner_id": alert.owner_id,
        "kind": alert.kind,
        "message": alert.message,
        "created_at": alert.created_at,
        "resolved_at": alert.resolved_at,
    }


@router.get("/alerts", response=list[AlertOut], summary="Alerts (default: mine, open)")
def alerts(
    request: HttpRequest,
    owner: str = "me",
    kind: AlertKind | None = None,
    include_resolved: bool = False,
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
) -> list[dict[str, Any]]:
    staff = current_staff(request)
    _require_book(staff)
    rows = list_alerts(_book_owner(staff, owner), kind or "", not include_resolved)
    return [_alert_out(alert) for alert in rows[:limit]]


@router.post("/alerts/{alert_id}/resolve", response=AlertOut, summary="Mark an alert handled")
def resolve(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    staff = current_staff(request)
    _require_book(staff)
    access_alert_for_team_work(staff, alert_id)
    alert = resolve_alert(alert_id, by=staff)
    assert alert is not None
    return _alert_out(Alert.objects.select_related("customer").get(pk=alert.pk))
