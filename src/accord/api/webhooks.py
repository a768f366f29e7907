"""Webhooks in the REST API (managers only; everyone else gets 404 and changes nothing):
register endpoints, list and deactivate them, list their deliveries, re-send failures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator

from accord.api.auth import admin_auth, current_staff
from accord.api.body import BodyIn, QueryIn
from accord.api.pagination import RecordId
from accord.scoring.models import AlertKind
from accord.webhooks.access import (
    access_delivery_for_staff,
    access_endpoint_for_staff,
    access_webhooks_for_staff,
)
from accord.webhooks.models import DeliveryStatus, WebhookEndpoint
from accord.webhooks.queries import count_deliveries, list_deliveries, list_endpoints
from accord.webhooks.services import (
    WebhookError,
    create_endpoint,
    deactivate_endpoint,
    resend_delivery,
    validate_endpoint_url,
)

router = Router(tags=["webhooks"], auth=admin_auth)

MAX_LIMIT = 500


class WebhookEndpointIn(BodyIn):
    url: str = Field(..., max_length=2000, description="http(s) URL that receives the POSTs")
    event_kinds: list[AlertKind] = Field(
        default_factory=lambda: list(AlertKind),
        min_length=1,
        description="alert kinds to receive; default all",
    )
    description: str = Field("", max_length=200)

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        try:
            return validate_endpoint_url(value)
        except WebhookError as error:
            raise ValueError(str(error)) from None


class WebhookEndpointOut(Schema):
    id: int
    url: str
    description: str
    event_kinds: list[str]
    is_active: bool
    created_by_id: RecordId | None
    created_at: datetime
    deactivated_at: datetime | None


class WebhookEndpointCreatedOut(WebhookEndpointOut):
    secret: str = Field(
        ..., description="signs every delivery; shown only in this response, store it now"
    )


class WebhookDeliveryOut(Schema):
    id: int
    endpoint_id: RecordId
    alert_id: RecordId
    customer_id: RecordId
    event: str
    status: DeliveryStatus
    attempts: int
    payload: dict[str, Any]
    created_at: datetime
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str
    delivered_at: datetime | None


class WebhookDeliveryPage(Schema):
    count: int
    items: list[WebhookDeliveryOut]


class DeliveryListParams(QueryIn):
    status: DeliveryStatus | None = None
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


@router.get("/webhooks", response=list[WebhookEndpointOut], summary="Webhook endpoints")
def list_endpoints_view(request: HttpRequest) -> list[WebhookEndpoint]:
    access_webhooks_for_staff(current_staff(request))
    return list(list_endpoints())


@router.post(
    "/webhooks", response={201: WebhookEndpointCreatedOut}, summary="Register a webhook endpoint"
)
def create_endpoint_view(request: HttpRequest, payload: WebhookEndpointIn) -> Status[dict]:
    """The answer carries the signing secret; no later answer does."""
    staff = current_staff(request)
    access_webhooks_for_staff(staff)
    created = create_endpoint(
        url=payload.url,
        event_kinds=payload.event_kinds,
        description=payload.description,
        by=staff,
    )
    out = WebhookEndpointOut.model_validate(created.endpoint, from_attributes=True)
    return Status(201, {**out.model_dump(), "secret": created.secret})


@router.get("/webhooks/{endpoint_id}", response=WebhookEndpointOut, summary="A webhook endpoint")
def get_endpoint_view(request: HttpRequest, endpoint_id: int) -> WebhookEndpoint:
    return access_endpoint_for_staff(current_staff(request), endpoint_id)


@router.post(
    "/webhooks/{endpoint_id}/deactivate",
    response=WebhookEndpointOut,
    summary="Stop sending to an endpoint (its pending deliveries fail)",
)
def deactivate_endpoint_view(request: HttpRequest, endpoint_id: int) -> WebhookEndpoint:
    staff = current_staff(request)
    endpoint = access_endpoint_for_staff(staff, endpoint_id)
    return deactivate_endpoint(endpoint, by=staff)


@router.get(
    "/webhooks/{endpoint_id}/deliveries",
    response=WebhookDeliveryPage,
    summary="An endpoint's deliveries, newest first",
)
def list_deliveries_view(
    request: HttpRequest, endpoint_id: int, params: Query[DeliveryListParams]
) -> dict[str, Any]:
    access_endpoint_for_staff(current_staff(request), endpoint_id)
    status = params.status or ""
    rows = list_deliveries(endpoint_id, status)[params.offset : params.offset + params.limit]
    return {"count": count_deliveries(endpoint_id, status), "items": list(rows)}


@router.post(
    "/webhooks/{endpoint_id}/deliveries/{delivery_id}/resend",
    response=WebhookDeliveryOut,
    summary="Queue a failed delivery again, due now",
)
def resend_delivery_view(request: HttpRequest, endpoint_id: int, delivery_id: int) -> Any:
    staff = current_staff(request)
    delivery = access_delivery_for_staff(staff, endpoint_id, delivery_id)
    try:
        return resend_delivery(delivery, by=staff)
    except WebhookError as error:
        raise HttpError(409, str(error)) from None
