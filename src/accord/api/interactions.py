"""Interactions in the REST API: list (filters, sort, cursor pages), detail, log one
(idempotent by source + external_id), correct one (PATCH).

Every working staff member may log a touch with any customer of the book; corrections
are for whoever logged it, the owner, the team and managers (others get 404).
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from accord.api.auth import current_staff
from accord.api.body import BodyIn
from accord.api.errors import ERRORS
from accord.api.pagination import PageParams, RecordId, page_out, paginate
from accord.core.models import Channel, Direction, Function, InteractionKind
from accord.customers.access import can_staff_see_customers, check_customer_for_staff
from accord.interactions.access import access_interaction_for_staff
from accord.interactions.corrections import update_interaction
from accord.interactions.models import Interaction
from accord.interactions.services import record_interaction

router = Router(tags=["interactions"])

SORTS = ("occurred_at",)


class InteractionOut(Schema):
    id: int
    customer_id: RecordId
    channel: str
    direction: str
    kind: str
    function: str
    staff_id: RecordId | None
    occurred_at: datetime
    subject: str
    body: str
    source: str
    external_id: str | None
    request_id: RecordId | None


class InteractionPage(Schema):
    items: list[InteractionOut]
    next_cursor: str | None
    next: str | None


class InteractionListParams(PageParams):
    customer_id: RecordId | None = None
    channel: Channel | None = None
    direction: Direction | None = None
    kind: InteractionKind | None = None
    staff_id: RecordId | None = None
    occurred_after: datetime | None = Field(None, description="inclusive, with a time zone")
    occurred_before: datetime | None = Field(None, description="exclusive, with a time zone")
    sort: str = Field("-occurred_at", description="occurred_at or -occurred_at")


class InteractionIn(BodyIn):
    customer_id: RecordId
    channel: Channel
    direction: Direction
    kind: InteractionKind
    function: Function | None = Field(None, description="default: the caller's function")
    occurred_at: datetime | None = Field(None, description="default: now")
    subject: str = Field("", max_length=200)
    body: str = ""
    source: str = Field("accord", max_length=40, description="system the touch comes from")
    external_id: str | None = Field(None, max_length=100, description="its id in that system")


class InteractionPatch(BodyIn):
    # A field this PATCH cannot change is refused (422), not silently ignored.
    model_config = ConfigDict(extra="forbid")

    channel: Channel | None = None
    direction: Direction | None = None
    kind: InteractionKind | None = None
    function: Function | None = None
    occurred_at: datetime | None = None
    subject: str | None = Field(None, max_length=200)
    body: str | None = None


@router.get("/interactions", response={200: InteractionPage, **ERRORS}, summary="List interactions")
def list_interactions_view(request: HttpRequest, params: Query[InteractionListParams]) -> dict:
    interactions = Interaction.objects.all()
    if not can_staff_see_customers(current_staff(request)):
        interactions = interactions.none()
    exact = {
        "customer_id": params.customer_id,
        "channel": params.channel,
        "direction": params.direction,
        "kind": params.kind,
        "staff_id": params.staff_id,
    }
    interactions = interactions.filter(**{k: v for k, v in exact.items() if v is not None})
    if params.occurred_after is not None:
        interactions = interactions.filter(occurred_at__gte=params.occurred_after)
    if params.occurred_before is not None:
        interactions = interactions.filter(occurred_at__lt=params.occurred_before)
    rows, cursor = paginate(interactions, sort=params.sort, allowed=SORTS, params=params)
    return page_out(request, rows, cursor)


@router.get(
    "/interactions/{interaction_id}",
    response={200: InteractionOut, **ERRORS},
    summary="An interaction",
)
def get_interaction_view(request: HttpRequest, interaction_id: int) -> Interaction:
    return access_interaction_for_staff(current_staff(request), interaction_id, change=False)


@router.post(
    "/interactions",
    response={200: InteractionOut, 201: InteractionOut, **ERRORS},
    summary="Log an interaction (200 when source + external_id was already logged)",
)
def log_interaction_view(request: HttpRequest, payload: InteractionIn) -> Status:
    staff = current_staff(request)
    check_customer_for_staff(staff, payload.customer_id, change=False)
    known = payload.external_id is not None and (
        Interaction.objects.filter(
            customer_id=payload.customer_id,
            source=payload.source.strip(),
            external_id=payload.external_id.strip(),
        ).exists()
    )
    interaction = record_interaction(staff=staff, **payload.model_dump())
    return Status(200 if known else 201, interaction)


@router.patch(
    "/interactions/{interaction_id}",
    response={200: InteractionOut, **ERRORS},
    summary="Correct an interaction",
)
def update_interaction_view(
    request: HttpRequest, interaction_id: int, payload: InteractionPatch
) -> Interaction:
    staff = current_staff(request)
    access_interaction_for_staff(staff, interaction_id, change=True)
    return update_interaction(
        interaction_id=interaction_id, by=staff, **payload.model_dump(exclude_unset=True)
    )
