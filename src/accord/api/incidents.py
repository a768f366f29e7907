"""Incidents in the staff API: open one from a request, conversation or mention, attribute
it (re-attributing needs a reason; the history keeps each), share it with a partner,
acknowledge, comment, resolve, reopen. Every working staff member may (incidents are the
book's, like interactions)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from accord.api.auth import current_staff
from accord.api.body import BodyIn
from accord.api.errors import ERRORS
from accord.api.pagination import PageParams, page_out, paginate
from accord.incidents.access import access_incident_for_staff
from accord.incidents.models import Incident, IncidentSource, IncidentStatus, Vendor
from accord.incidents.queries import list_affected_ids, list_events, list_incidents
from accord.incidents.services import (
    Actor,
    acknowledge_incident,
    attribute_incident,
    comment_incident,
    open_incident,
    reopen_incident,
    resolve_incident,
    share_incident,
)
from accord.partners.access import access_partner_for_staff
from accord.partners.models import Partner

router = Router(tags=["incidents"])


class IncidentIn(BodyIn):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=5000)
    journey_steps: list[str] = Field(default_factory=list)
    source: IncidentSource = IncidentSource.STAFF
    source_id: int | None = Field(None, description="the request, conversation or mention")
    customer_ids: list[int] = Field(default_factory=list, description="customers it hit")


class AttributionIn(BodyIn):
    vendor: Vendor
    partner_id: int | None = None
    confidence: int = Field(50, ge=0, le=100)
    evidence: str = Field("", max_length=5000)
    reason: str = Field("", max_length=1000, description="required when it changes")


class IncidentNoteIn(BodyIn):
    note: str = Field("", max_length=5000)


class ShareIn(BodyIn):
    partner_id: int


class EventOut(Schema):
    kind: str
    at: datetime
    by: str
    partner_id: int | None
    note: str
    details: dict[str, Any]


class ShareOut(Schema):
    partner_id: int
    partner: str
    shared_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None


class IncidentOut(Schema):
    id: int
    title: str
    description: str
    journey_steps: list[str]
    source: str
    source_id: int | None
    status: str
    vendor: str
    attributed_partner_id: int | None
    vendor_name: str
    confidence: int
    evidence: str
    opened_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    origin_partner_id: int | None
    remote_id: str
    customer_ids: list[int]
    shares: list[ShareOut]
    history: list[EventOut]


class IncidentListParams(PageParams):
    status: IncidentStatus | None = None
    partner_id: int | None = Field(None, description="attributed to or shared with it")


class IncidentPage(Schema):
    items: list[IncidentOut]
    next_cursor: str | None
    next: str | None


_PLAIN_FIELDS = (
    "id",
    "title",
    "description",
    "journey_steps",
    "source",
    "source_id",
    "status",
    "vendor",
    "attributed_partner_id",
    "confidence",
    "evidence",
    "opened_at",
    "acknowledged_at",
    "resolved_at",
    "origin_partner_id",
    "remote_id",
)


def incident_out(incident: Incident) -> dict[str, Any]:
    incident.refresh_from_db()
    partner = incident.attributed_partner
    return {
        **{name: getattr(incident, name) for name in _PLAIN_FIELDS},
        "vendor_name": partner.name if partner else str(Vendor(incident.vendor).label),
        "customer_ids": list_affected_ids(incident),
        "shares": [
            {
                "partner_id": share.partner_id,
                "partner": share.partner.name,
                "shared_at": share.shared_at,
                "acknowledged_at": share.acknowledged_at,
                "resolved_at": share.resolved_at,
            }
            for share in incident.shares.select_related("partner").order_by("pk")
        ],
        "history": [
            {
                "kind": e.kind,
                "at": e.at,
                "by": e.actor_label,
                "partner_id": e.actor_partner_id,
                "note": e.note,
                "details": e.details,
            }
            for e in list_events(incident)
        ],
    }


def _actor(request: HttpRequest) -> Actor:
    return Actor(staff=current_staff(request))


def _incident(request: HttpRequest, incident_id: int) -> Incident:
    return access_incident_for_staff(current_staff(request), incident_id)


@router.get("/incidents", response={200: IncidentPage, **ERRORS}, summary="Incidents, newest first")
def list_view(request: HttpRequest, params: Query[IncidentListParams]) -> dict[str, Any]:
    current_staff(request)
    rows = list_incidents(status=params.status or "", partner_id=params.partner_id)
    page, cursor = paginate(rows, sort="-opened_at", allowed=["opened_at"], params=params)
    return page_out(request, page, cursor, incident_out)


@router.post("/incidents", response={201: IncidentOut, **ERRORS}, summary="Open an incident")
def open_view(request: HttpRequest, payload: IncidentIn) -> Status[dict[str, Any]]:
    incident = open_incident(payload.model_dump(), actor=_actor(request))
    return Status(201, incident_out(incident))


@router.get(
    "/incidents/{incident_id}", response={200: IncidentOut, **ERRORS}, summary="An incident"
)
def get_view(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    return incident_out(_incident(request, incident_id))


@router.post(
    "/incidents/{incident_id}/attribute",
    response={200: IncidentOut, **ERRORS},
    summary="Attribute (or re-attribute, with a reason) to us or a partner",
)
def attribute_view(
    request: HttpRequest, incident_id: int, payload: AttributionIn
) -> dict[str, Any]:
    incident = _incident(request, incident_id)
    return incident_out(attribute_incident(incident, payload.model_dump(), actor=_actor(request)))


@router.post(
    "/incidents/{incident_id}/share",
    response={200: IncidentOut, **ERRORS},
    summary="Share with a partner involved in the journey (managers)",
)
def share_view(request: HttpRequest, incident_id: int, payload: ShareIn) -> dict[str, Any]:
    incident = _incident(request, incident_id)
    partner: Partner = access_partner_for_staff(current_staff(request), payload.partner_id)
    share_incident(incident, partner, actor=_actor(request))
    return incident_out(incident)


def _act(request: HttpRequest, incident_id: int, action: Any, note: str) -> dict[str, Any]:
    incident = _incident(request, incident_id)
    return incident_out(action(incident, actor=_actor(request), note=note))


@router.post(
    "/incidents/{incident_id}/acknowledge",
    response={200: IncidentOut, **ERRORS},
    summary="Acknowledge",
)
def acknowledge_view(
    request: HttpRequest, incident_id: int, payload: IncidentNoteIn
) -> dict[str, Any]:
    return _act(request, incident_id, acknowledge_incident, payload.note)


@router.post(
    "/incidents/{incident_id}/comment", response={200: IncidentOut, **ERRORS}, summary="Comment"
)
def comment_view(request: HttpRequest, incident_id: int, payload: IncidentNoteIn) -> dict[str, Any]:
    return _act(request, incident_id, comment_incident, payload.note)


@router.post(
    "/incidents/{incident_id}/resolve", response={200: IncidentOut, **ERRORS}, summary="Resolve"
)
def resolve_view(request: HttpRequest, incident_id: int, payload: IncidentNoteIn) -> dict[str, Any]:
    return _act(request, incident_id, resolve_incident, payload.note)


@router.post(
    "/incidents/{incident_id}/reopen", response={200: IncidentOut, **ERRORS}, summary="Reopen"
)
def reopen_view(request: HttpRequest, incident_id: int, payload: IncidentNoteIn) -> dict[str, Any]:
    return _act(request, incident_id, reopen_incident, payload.note)
