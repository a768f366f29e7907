"""The partner API (tag "partner"): what a partner vendor sees of and does with incidents
shared with it, under its own token scheme. Consent is checked on every request: a
customer who withdraws sharing disappears from the next answer, and an incident none of
whose customers consents answers 404, like one that does not exist."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from accord.api.body import BodyIn
from accord.api.errors import ERRORS
from accord.api.pagination import PageParams, page_out, paginate
from accord.api.partner_auth import check_signature, current_partner, partner_auth
from accord.incidents import federation
from accord.incidents.access import (
    access_customer_for_partner,
    access_field_for_partner,
    access_incident_for_partner,
)
from accord.incidents.models import EventKind, Incident, Vendor
from accord.incidents.outbox import shared_customer_fields
from accord.incidents.queries import (
    get_partner_views,
    get_references,
    list_incidents_for_partner,
)
from accord.incidents.services import (
    Actor,
    acknowledge_incident,
    comment_incident,
    resolve_incident,
)
from accord.partners.models import Partner

router = Router(tags=["partner"], auth=partner_auth)


class PartnerCustomerOut(Schema):
    customer_id: int
    reference: str | None = Field(None, description="your reference for the customer, if shared")
    fields: dict[str, str] = Field(..., description="only the fields shared with you")


class PartnerEventOut(Schema):
    kind: str
    at: datetime
    by: str
    note: str


class PartnerIncidentOut(Schema):
    id: int
    title: str
    description: str
    journey_steps: list[str]
    status: str = Field(..., description="the incident's status: open, acknowledged, resolved")
    attributed_to: str = Field(..., description="you, us, another_partner or unknown")
    confidence: int
    evidence: str = Field(..., description="only when the incident is attributed to you")
    opened_at: datetime
    acknowledged_at: datetime | None = Field(None, description="when you acknowledged it")
    resolved_at: datetime | None = Field(None, description="when you resolved your part")
    customers: list[PartnerCustomerOut]
    history: list[PartnerEventOut]


class PartnerFieldOut(Schema):
    customer_id: int
    field: str
    value: str


class PartnerNoteIn(BodyIn):
    note: str = Field("", max_length=5000)


class PartnerCommentIn(BodyIn):
    note: str = Field(..., min_length=1, max_length=5000)


class PartnerIncidentIn(BodyIn):
    """An incident you found that affects our customers, named by the references they
    consented to share with you. Send `id` (yours) to update the same incident later."""

    id: str = Field("", max_length=100, description="your id for the incident (idempotency)")
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    journey_steps: list[str] = Field(default_factory=list, max_length=12)
    references: list[str] = Field(..., min_length=1, max_length=1000)
    vendor: str = Field(
        "unknown",
        pattern="^(sender|recipient|unknown|other)$",
        description="who caused it: sender (you), recipient (us), unknown",
    )
    confidence: int = Field(50, ge=0, le=100)
    evidence: str = Field("", max_length=5000)
    status: str = Field("open", pattern="^(open|acknowledged|resolved)$")


class PartnerIncidentCreatedOut(PartnerIncidentOut):
    unmatched_references: list[str] = Field(
        ..., description="references that match no customer who shares with you"
    )


class InboxCustomerIn(BodyIn):
    reference: str = Field(..., min_length=1, max_length=254)


class InboxIncidentIn(BodyIn):
    id: str = Field(..., min_length=1, max_length=100)
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    journey_steps: list[str] = Field(default_factory=list, max_length=12)
    status: str = Field("open", pattern="^(open|acknowledged|resolved)$")
    vendor: str = Field("unknown", pattern="^(sender|recipient|unknown|other)$")
    vendor_name: str = Field("", max_length=120)
    confidence: int = Field(50, ge=0, le=100)
    evidence: str = Field("", max_length=5000)


class InboxIn(BodyIn):
    """What a partner's Accord sends when it shares an incident (signed)."""

    event: str = Field(..., pattern="^incident\\.shared$")
    incident: InboxIncidentIn
    customers: list[InboxCustomerIn] = Field(..., min_length=1, max_length=1000)


def _attributed_to(incident: Incident, partner: Partner) -> str:
    if incident.vendor == Vendor.PARTNER:
        return "you" if incident.attributed_partner_id == partner.pk else "another_partner"
    return "us" if incident.vendor == Vendor.US else "unknown"


def incidents_for_partner(incidents: list[Incident], partner: Partner) -> list[dict[str, Any]]:
    """The partner's view of a page of incidents, in a fixed number of queries."""
    views = get_partner_views([i.pk for i in incidents], partner)
    return [_view(incident, partner, views) for incident in incidents]


def incident_for_partner(incident: Incident, partner: Partner) -> dict[str, Any]:
    return incidents_for_partner([incident], partner)[0]


def _view(incident: Incident, partner: Partner, views: dict[str, Any]) -> dict[str, Any]:
    share = views["shares"][incident.pk]
    mine = incident.vendor == Vendor.PARTNER and incident.attributed_partner_id == partner.pk
    customers = [views["customers"][cid] for cid in views["visible"].get(incident.pk, [])]
    return {
        "id": incident.pk,
        "title": incident.title,
        "description": incident.description,
        "journey_steps": incident.journey_steps,
        "status": incident.status,
        "attributed_to": _attributed_to(incident, partner),
        "confidence": incident.confidence if mine else 0,
        "evidence": incident.evidence if mine else "",
        "opened_at": incident.opened_at,
        "acknowledged_at": share.acknowledged_at,
        "resolved_at": share.resolved_at,
        "customers": [
            {
                "customer_id": c.pk,
                "reference": views["references"].get(c.pk),
                "fields": shared_customer_fields(c, partner),
            }
            for c in customers
        ],
        "history": [
            {
                "kind": event.kind,
                "at": event.at,
                "by": "you" if event.actor_partner_id == partner.pk else "us",
                "note": event.note if event.kind != EventKind.OPENED else "",
            }
            for event in views["events"].get(incident.pk, [])
        ],
    }


class PartnerIncidentPage(Schema):
    items: list[PartnerIncidentOut]
    next_cursor: str | None
    next: str | None


@router.get(
    "/partner/incidents",
    response={200: PartnerIncidentPage, **ERRORS},
    summary="Incidents shared with you, newest first (cursor pages)",
)
def list_view(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    partner = current_partner(request)
    rows, cursor = paginate(
        list_incidents_for_partner(partner), sort="-opened_at", allowed=["opened_at"], params=params
    )
    body = page_out(request, rows, cursor)
    body["items"] = incidents_for_partner(rows, partner)
    return body


@router.get(
    "/partner/incidents/{incident_id}",
    response={200: PartnerIncidentOut, **ERRORS},
    summary="One incident shared with you",
)
def get_view(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    partner = current_partner(request)
    return incident_for_partner(access_incident_for_partner(partner, incident_id), partner)


@router.get(
    "/partner/incidents/{incident_id}/customers/{customer_id}",
    response={200: PartnerCustomerOut, **ERRORS},
    summary="An affected customer, with the fields shared with you",
)
def customer_view(request: HttpRequest, incident_id: int, customer_id: int) -> dict[str, Any]:
    partner = current_partner(request)
    incident = access_incident_for_partner(partner, incident_id)
    customer = access_customer_for_partner(partner, incident, customer_id)
    return {
        "customer_id": customer.pk,
        "reference": get_references([customer.pk], partner).get(customer.pk),
        "fields": shared_customer_fields(customer, partner),
    }


@router.get(
    "/partner/incidents/{incident_id}/customers/{customer_id}/{field}",
    response={200: PartnerFieldOut, **ERRORS},
    summary="One field of an affected customer (404 unless it is shared with you)",
)
def field_view(
    request: HttpRequest, incident_id: int, customer_id: int, field: str
) -> dict[str, Any]:
    partner = current_partner(request)
    incident = access_incident_for_partner(partner, incident_id)
    customer = access_customer_for_partner(partner, incident, customer_id)
    name = access_field_for_partner(partner, field)
    return {"customer_id": customer.pk, "field": name, "value": getattr(customer, name) or ""}


def _act(request: HttpRequest, incident_id: int, action: Any, note: str) -> dict[str, Any]:
    check_signature(request, required=False)
    partner = current_partner(request)
    incident = access_incident_for_partner(partner, incident_id)
    action(incident, actor=Actor(partner=partner), note=note)
    incident.refresh_from_db()
    return incident_for_partner(incident, partner)


@router.post(
    "/partner/incidents/{incident_id}/acknowledge",
    response={200: PartnerIncidentOut, **ERRORS},
    summary="Acknowledge an incident (idempotent)",
)
def acknowledge_view(
    request: HttpRequest, incident_id: int, payload: PartnerNoteIn
) -> dict[str, Any]:
    return _act(request, incident_id, acknowledge_incident, payload.note)


@router.post(
    "/partner/incidents/{incident_id}/comment",
    response={200: PartnerIncidentOut, **ERRORS},
    summary="Comment on an incident (the customer sees it in their portal)",
)
def comment_view(
    request: HttpRequest, incident_id: int, payload: PartnerCommentIn
) -> dict[str, Any]:
    return _act(request, incident_id, comment_incident, payload.note)


@router.post(
    "/partner/incidents/{incident_id}/resolve",
    response={200: PartnerIncidentOut, **ERRORS},
    summary="Resolve your part of an incident (idempotent)",
)
def resolve_view(request: HttpRequest, incident_id: int, payload: PartnerNoteIn) -> dict[str, Any]:
    return _act(request, incident_id, resolve_incident, payload.note)


@router.post(
    "/partner/incidents",
    response={200: PartnerIncidentCreatedOut, 201: PartnerIncidentCreatedOut, **ERRORS},
    summary="Report an incident you found that affects our customers",
)
def push_view(request: HttpRequest, payload: PartnerIncidentIn) -> Status[dict[str, Any]]:
    """Matched by the references customers consented to share with you; 201 when new,
    200 when `id` names one you sent before (updated)."""
    check_signature(request, required=False)
    partner = current_partner(request)
    incident, created, unmatched = federation.receive_incident(partner, payload.model_dump())
    body = {**incident_for_partner(incident, partner), "unmatched_references": unmatched}
    return Status(201 if created else 200, body)


@router.post(
    "/partner/inbox",
    response={200: PartnerIncidentCreatedOut, 201: PartnerIncidentCreatedOut, **ERRORS},
    summary="Accord to Accord: an incident your Accord shares with us (signed)",
)
def inbox_view(request: HttpRequest, payload: InboxIn) -> Status[dict[str, Any]]:
    """Sent by a partner's own Accord (X-Accord-Signature required). Creates our copy on
    the matching customers, or updates it from a later snapshot."""
    check_signature(request, required=True)
    partner = current_partner(request)
    data = {
        **payload.incident.model_dump(),
        "references": [c.reference for c in payload.customers],
    }
    incident, created, unmatched = federation.receive_incident(partner, data)
    body = {**incident_for_partner(incident, partner), "unmatched_references": unmatched}
    return Status(201 if created else 200, body)
