"""Subscriptions in the REST API: list, detail, start, change terms (PATCH), end.
Writes are for the owner, the team and managers; everyone else gets 404 and nothing
changes. Ending one twice answers 409."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from accord.api.auth import current_staff
from accord.api.body import BodyIn
from accord.api.errors import ERRORS
from accord.api.pagination import PageParams, RecordId, page_out, paginate
from accord.commerce.access import access_subscription_for_staff
from accord.commerce.models import Subscription, SubscriptionStatus
from accord.commerce.services import end_subscription, start_subscription, update_subscription
from accord.customers.access import can_staff_see_customers, check_customer_for_staff

router = Router(tags=["subscriptions"])

SORTS = ("start_date", "term_end_date", "monthly_price")


class SubscriptionOut(Schema):
    id: int
    customer_id: RecordId
    product: str
    monthly_price: Decimal
    list_monthly_price: Decimal
    currency: str
    start_date: date
    term_end_date: date
    auto_renew: bool
    renewal_term_months: int
    early_termination_fee: Decimal
    notice_period_days: int
    status: str
    ended_at: datetime | None
    transfer_code: str


class SubscriptionPage(Schema):
    items: list[SubscriptionOut]
    next_cursor: str | None
    next: str | None


class SubscriptionListParams(PageParams):
    customer_id: RecordId | None = None
    status: SubscriptionStatus | None = None
    sort: str = Field("start_date", description="start_date, term_end_date, monthly_price")


class SubscriptionIn(BodyIn):
    customer_id: RecordId
    product: str = Field(..., max_length=120)
    monthly_price: Decimal
    list_monthly_price: Decimal | None = Field(None, description="default: the price paid")
    currency: str = Field("EUR", max_length=3)
    start_date: date
    term_end_date: date
    auto_renew: bool = True
    renewal_term_months: int = 12
    early_termination_fee: Decimal = Decimal("0.00")
    notice_period_days: int = 0
    transfer_code: str = Field("", max_length=40)


class SubscriptionPatch(BodyIn):
    # A field this PATCH cannot change is refused (422), not silently ignored.
    model_config = ConfigDict(extra="forbid")

    product: str | None = Field(None, max_length=120)
    monthly_price: Decimal | None = None
    list_monthly_price: Decimal | None = None
    currency: str | None = Field(None, max_length=3)
    start_date: date | None = None
    term_end_date: date | None = None
    auto_renew: bool | None = None
    renewal_term_months: int | None = None
    early_termination_fee: Decimal | None = None
    notice_period_days: int | None = None
    transfer_code: str | None = Field(None, max_length=40)


class SubscriptionEndIn(BodyIn):
    ended_at: datetime | None = Field(None, description="default: now")
    reason: str = Field("", max_length=200)


@router.get(
    "/subscriptions", response={200: SubscriptionPage, **ERRORS}, summary="List subscriptions"
)
def list_subscriptions_view(request: HttpRequest, params: Query[SubscriptionListParams]) -> dict:
    subscriptions = Subscription.objects.all()
    if not can_staff_see_customers(current_staff(request)):
        subscriptions = subscriptions.none()
    if params.customer_id is not None:
        subscriptions = subscriptions.filter(customer_id=params.customer_id)
    if params.status:
        subscriptions = subscriptions.filter(status=params.status)
    rows, cursor = paginate(subscriptions, sort=params.sort, allowed=SORTS, params=params)
    return page_out(request, rows, cursor)


@router.get(
    "/subscriptions/{subscription_id}",
    response={200: SubscriptionOut, **ERRORS},
    summary="A subscription",
)
def get_subscription_view(request: HttpRequest, subscription_id: int) -> Subscription:
    return access_subscription_for_staff(current_staff(request), subscription_id, change=False)


@router.post(
    "/subscriptions", response={201: SubscriptionOut, **ERRORS}, summary="Start a subscription"
)
def start_subscription_view(request: HttpRequest, payload: SubscriptionIn) -> Status:
    staff = current_staff(request)
    check_customer_for_staff(staff, payload.customer_id, change=True)
    return Status(201, start_subscription(by=staff, **payload.model_dump()))


@router.patch(
    "/subscriptions/{subscription_id}",
    response={200: SubscriptionOut, **ERRORS},
    summary="Change a subscription's terms",
)
def update_subscription_view(
    request: HttpRequest, subscription_id: int, payload: SubscriptionPatch
) -> Subscription:
    staff = current_staff(request)
    access_subscription_for_staff(staff, subscription_id, change=True)
    return update_subscription(
        subscription_id=subscription_id, by=staff, **payload.model_dump(exclude_unset=True)
    )


@router.post(
    "/subscriptions/{subscription_id}/end",
    response={200: SubscriptionOut, **ERRORS},
    summary="End a subscription (409 when it already ended)",
)
def end_subscription_view(
    request: HttpRequest, subscription_id: int, payload: SubscriptionEndIn
) -> Subscription:
    staff = current_staff(request)
    access_subscription_for_staff(staff, subscription_id, change=True)
    return end_subscription(
        subscription_id=subscription_id, by=staff, ended_at=payload.ended_at, reason=payload.reason
    )
