"""Writes on webhooks: endpoints (create, deactivate), the outbox (enqueue alerts), resends.

Sending lives in accord.webhooks.delivery; this module never touches the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.scoring.models import Alert, AlertKind
from accord.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, alert_event
from accord.webhooks.signing import generate_secret

MAX_URL_LENGTH = 2000
# Rows per INSERT when a batch scoring run raises many alerts at once.
ENQUEUE_BATCH = 1000


class WebhookError(ValueError):
    """A webhook change the rules refuse; the message says why."""


@dataclass(frozen=True)
class CreatedEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # shown once to the manager who created it; never returned again


def validate_endpoint_url(url: str) -> str:
    """The URL stripped, or WebhookError saying what is wrong with it."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise WebhookError(f"must be at most {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a non-numeric or out-of-range port
    except ValueError as error:
        raise WebhookError(f"not a valid URL ({error})") from None
    if parts.scheme not in ("http", "https"):
        raise WebhookError(f"must start with http:// or https://, not {parts.scheme or url!r}")
    if not parts.hostname:
        raise WebhookError("must name a host, e.g. https://hooks.example.com/accord")
    if parts.username is not None or parts.password is not None:
        raise WebhookError("must not carry credentials; verify the signature instead")
    if port == 0:
        raise WebhookError("port 0 is not a valid port")
    return url


def _kinds(event_kinds: Iterable[str]) -> list[str]:
    kinds = list(dict.fromkeys(str(kind) for kind in event_kinds))
    unknown = [kind for kind in kinds if kind not in AlertKind.values]
    if unknown:
        raise WebhookError(f"unknown alert kinds {unknown}; use {AlertKind.values}")
    if not kinds:
        raise WebhookError("subscribe to at least one alert kind")
    return kinds


def create_endpoint(
    *, url: str, event_kinds: Iterable[str], description: str = "", by: Any
) -> CreatedEndpoint:
    """Register an endpoint with a fresh secret; the secret is returned only here."""
    secret = generate_secret()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            url=validate_endpoint_url(url),
            description=description,
            secret=secret,
            event_kinds=_kinds(event_kinds),
            created_by=by if getattr(by, "pk", None) else None,
            created_at=timezone.now(),
        )
        record_event(
            action="webhook.create",
            actor=by,
            object_type="webhook_endpoint",
            object_id=endpoint.pk,
            details={"url": endpoint.url, "event_kinds": endpoint.event_kinds},
        )
    return CreatedEndpoint(endpoint=endpoint, secret=secret)


def deactivate_endpoint(endpoint: WebhookEndpoint, *, by: Any) -> WebhookEndpoint:
    """Stop sending to an endpoint (idempotent). Its pending deliveries fail at once, with
    the reason, instead of waiting for a send that will never happen."""
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        if not endpoint.is_active:
            return endpoint
        endpoint.is_active = False
        endpoint.deactivated_at = timezone.now()
        endpoint.save(update_fields=["is_active", "deactivated_at"])
        WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED, next_attempt_at=None, last_error="endpoint deactivated"
        )
        record_event(
            action="webhook.deactivate",
            actor=by,
            object_type="webhook_endpoint",
            object_id=endpoint.pk,
        )
    return endpoint


def alert_payload(alert: Alert) -> dict[str, Any]:
    """The JSON body for an alert. Ids and the alert's own words only: no customer name or
    contact data leaves Accord (receivers fetch more through the API, under its access rules)."""
    return {
        "event": alert_event(alert.kind),
        "alert": {
            "id": alert.pk,
            "kind": alert.kind,
            "message": alert.message,
            "customer_id": alert.customer_id,
            "owner_id": alert.owner_id,
            "created_at": alert.created_at.isoformat(),
            "due_at": alert.due_at.isoformat() if alert.due_at else None,
        },
    }


def enqueue_alert_deliveries(alerts: Sequence[Alert]) -> int:
    """Write one pending delivery per (active endpoint subscribed to the alert's kind,
    alert); returns how many. Call it inside the transaction that created the alerts, so
    deliveries commit or roll back with them. Alerts must be saved (bulk_create returns
    ids on SQLite and PostgreSQL). No alerts: no query; no endpoints: one small query.
    Returns the number of (endpoint, alert) pairs; a second call for the same alerts
    writes nothing new (the unique key absorbs it)."""
    if not alerts:
        return 0
    endpoints = list(
        WebhookEndpoint.objects.filter(is_active=True).values_list("pk", "event_kinds")
    )
    if not endpoints:
        return 0
    now = timezone.now()
    rows: list[WebhookDelivery] = []
    for alert in alerts:
        if alert.pk is None:
            raise ValueError("enqueue_alert_deliveries needs saved alerts (with ids)")
        subscribed = [pk for pk, kinds in endpoints if alert.kind in kinds]
        if not subscribed:
            continue
        payload = alert_payload(alert)
        rows.extend(
            WebhookDelivery(
                endpoint_id=endpoint_id,
                customer_id=alert.customer_id,
                alert_id=alert.pk,
                event=payload["event"],
                payload=payload,
                created_at=now,
                next_attempt_at=now,
            )
            for endpoint_id in subscribed
        )
    WebhookDelivery.objects.bulk_create(rows, batch_size=ENQUEUE_BATCH, ignore_conflicts=True)
    return len(rows)


def resend_delivery(delivery: WebhookDelivery, *, by: Any) -> WebhookDelivery:
    """Put a failed delivery back in the queue, due now, with a fresh retry schedule.
    Only failed deliveries, and only to an active endpoint."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .get(pk=delivery.pk)
        )
        if delivery.status != DeliveryStatus.FAILED:
            raise WebhookError(f"delivery {delivery.pk} is {delivery.status}; only failed ones")
        if not delivery.endpoint.is_active:
            raise WebhookError(f"endpoint {delivery.endpoint_id} is deactivated")
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        record_event(
            action="webhook.resend",
            actor=by,
            object_type="webhook_delivery",
            object_id=delivery.pk,
        )
    return delivery
