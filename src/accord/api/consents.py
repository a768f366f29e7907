"""Consents in the REST API: the decision history (list, detail) and recording a new
decision with its Kantara receipt. There is no PATCH: the history is append-only, and a
changed mind is a new decision (POST), so the customer keeps every receipt.

Recording a decision on the customer's behalf (a signed form, a call) is for the owner,
the team and managers; everyone else gets 404 and nothing changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from accord.api.auth import current_staff
from accord.api.body import BodyIn
from accord.api.errors import ERRORS
from accord.api.pagination import PageParams, RecordId, page_out, paginate
from accord.consents.access import access_consent_for_staff
from accord.consents.models import Consent, Purpose
from accord.consents.services import set_consent
from accord.customers.access import can_staff_see_customers, check_customer_for_staff

router = Router(tags=["consents"])

SORTS = ("recorded_at",)


class ConsentOut(Schema):
    id: int
    customer_id: RecordId
    purpose: str
    partner_id: RecordId | None
    is_granted: bool
    recorded_at: datetime
    method: str
    receipt_id: UUID | None


class ConsentDetailOut(ConsentOut):
    receipt: dict[str, Any] | None = Field(None, description="the Kantara v1.1 receipt")


class ConsentPage(Schema):
    items: list[ConsentOut]
    next_cursor: str | None
    next: str | None


class ConsentListParams(PageParams):
    customer_id: RecordId | None = None
    purpose: Purpose | None = None
    sort: str = Field("-recorded_at", description="recorded_at or -recorded_at")


class ConsentIn(BodyIn):
    customer_id: RecordId
    purpose: Purpose
    is_granted: bool
    method: str = Field(..., max_length=40, description="how: signed form, call, email ...")
    partner_id: RecordId | None = Field(None, description="only and always for partner_sharing")
    recorded_at: datetime | None = Field(None, description="default: now")


def _detail(consent: Consent) -> dict[str, Any]:
    receipt = getattr(consent, "receipt", None)
    return {
        **ConsentOut.model_validate(consent).model_dump(),
        "receipt": receipt.document if receipt is not None else None,
    }


@router.get("/consents", response={200: ConsentPage, **ERRORS}, summary="Consent decisions")
def list_consents_view(request: HttpRequest, params: Query[ConsentListParams]) -> dict:
    consents = Consent.objects.all()
    if not can_staff_see_customers(current_staff(request)):
        consents = consents.none()
    if params.customer_id is not None:
        consents = consents.filter(customer_id=params.customer_id)
    if params.purpose:
        consents = consents.filter(purpose=params.purpose)
    rows, cursor = paginate(consents, sort=params.sort, allowed=SORTS, params=params)
    return page_out(request, rows, cursor)


@router.get(
    "/consents/{consent_id}",
    response={200: ConsentDetailOut, **ERRORS},
    summary="A consent decision with its receipt",
)
def get_consent_view(request: HttpRequest, consent_id: int) -> dict[str, Any]:
    return _detail(access_consent_for_staff(current_staff(request), consent_id))


@router.post(
    "/consents",
    response={201: ConsentDetailOut, **ERRORS},
    summary="Record a consent decision (give or withdraw) and issue its receipt",
)
def set_consent_view(request: HttpRequest, payload: ConsentIn) -> Status:
    staff = current_staff(request)
    check_customer_for_staff(staff, payload.customer_id, change=True)
    receipt = set_consent(by=staff, **payload.model_dump())
    return Status(201, _detail(receipt.consent))
