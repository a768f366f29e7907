"""Orders in the REST API: list (filters, sort, cursor pages), detail, record (idempotent
by source + external_id), correct (PATCH). Writes are for the owner, the team and
managers; everyone else gets 404 and nothing changes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from accord.api.auth import current_staff
from accord.api.body import BodyIn
from accord.api.errors import ERRORS
from accord.api.pagination import PageParams, RecordId, page_out, paginate
from accord.commerce.access import access_order_for_staff
from accord.commerce.models import Order
from accord.commerce.services import record_order, update_order
from accord.customers.access import can_staff_see_customers, check_customer_for_staff

router = Router(tags=["orders"])

SORTS = ("occurred_at", "amount")


class OrderOut(Schema):
    id: int
    customer_id: RecordId
    occurred_at: datetime
    amount: Decimal
    list_amount: Decimal | None
    currency: str
    description: str
    source: str
    external_id: str | None


class OrderPage(Schema):
    items: list[OrderOut]
    next_cursor: str | None
    next: str | None


class OrderListParams(PageParams):
    customer_id: RecordId | None = None
    source: str = Field("", max_length=40)
    occurred_after: datetime | None = Field(None, description="inclusive, with a time zone")
    occurred_before: datetime | None = Field(None, description="exclusive, with a time zone")
    sort: str = Field("-occurred_at", description="occurred_at, amount; - for descending")


class OrderIn(BodyIn):
    customer_id: RecordId
    occurred_at: datetime
    amount: Decimal = Field(..., description="12 digits, 2 decimals; send as a string")
    list_amount: Decimal | None = Field(None, description="the basket at list price")
    currency: str = Field("EUR", max_length=3)
    description: str = Field("", max_length=200)
    source: str = Field("accord", max_length=40)
    external_id: str | None = Field(None, max_length=100)


class OrderPatch(BodyIn):
    # A field this PATCH cannot change is refused (422), not silently ignored.
    model_config = ConfigDict(extra="forbid")

    occurred_at: datetime | None = None
    amount: Decimal | None = None
    list_amount: Decimal | None = None
    currency: str | None = Field(None, max_length=3)
    description: str | None = Field(None, max_length=200)


@router.get("/orders", response={200: OrderPage, **ERRORS}, summary="List orders")
def list_orders_view(request: HttpRequest, params: Query[OrderListParams]) -> dict:
    orders = Order.objects.all()
    if not can_staff_see_customers(current_staff(request)):
        orders = orders.none()
    if params.customer_id is not None:
        orders = orders.filter(customer_id=params.customer_id)
    if params.source:
        orders = orders.filter(source=params.source)
    if params.occurred_after is not None:
        orders = orders.filter(occurred_at__gte=params.occurred_after)
    if params.occurred_before is not None:
        orders = orders.filter(occurred_at__lt=params.occurred_before)
    rows, cursor = paginate(orders, sort=params.sort, allowed=SORTS, params=params)
    return page_out(request, rows, cursor)


@router.get("/orders/{order_id}", response={200: OrderOut, **ERRORS}, summary="An order")
def get_order_view(request: HttpRequest, order_id: int) -> Order:
    return access_order_for_staff(current_staff(request), order_id, change=False)


@router.post(
    "/orders",
    response={200: OrderOut, 201: OrderOut, **ERRORS},
    summary="Record an order (200 when source + external_id was already recorded)",
)
def record_order_view(request: HttpRequest, payload: OrderIn) -> Status:
    staff = current_staff(request)
    check_customer_for_staff(staff, payload.customer_id, change=True)
    known = payload.external_id is not None and (
        Order.objects.filter(
            customer_id=payload.customer_id,
            source=payload.source.strip(),
            external_id=payload.external_id.strip(),
        ).exists()
    )
    order = record_order(by=staff, **payload.model_dump())
    return Status(200 if known else 201, order)


@router.patch("/orders/{order_id}", response={200: OrderOut, **ERRORS}, summary="Correct an order")
def update_order_view(request: HttpRequest, order_id: int, payload: OrderPatch) -> Order:
    staff = current_staff(request)
    access_order_for_staff(staff, order_id, change=True)
    return update_order(order_id=order_id, by=staff, **payload.model_dump(exclude_unset=True))
