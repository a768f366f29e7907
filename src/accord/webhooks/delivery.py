"""Sending webhooks: claim due deliveries, POST them signed, record the outcome, back off.

Claims are short transactions (the row is leased by pushing next_attempt_at forward), and
the HTTP calls happen outside any transaction, so a slow receiver never holds a database
lock (on SQLite the write lock is the whole database). Two workers never send the same
row: PostgreSQL skips rows another claim has locked, SQLite serialises the claim
transactions (IMMEDIATE). Delivery is at least once: a worker that dies after the POST but
before recording it leaves a row that is sent again after the lease, with the same
X-Accord-Delivery id, so receivers deduplicate on it.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.client import HTTPException
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from accord.webhooks.models import DeliveryStatus, WebhookDelivery
from accord.webhooks.signing import sign

# Wait after the 1st, 2nd, ... failed attempt; after the last one the delivery fails
# for good (status failed, visible in the API, re-sendable by a manager).
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
USER_AGENT = "Accord-Webhooks/1"
ERROR_BODY_CHARS = 200


@dataclass
class DeliveryRound:
    """What one deliver_due call did."""

    delivered: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def claimed(self) -> int:
        return self.delivered + self.retrying + self.failed


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: urllib would replay a POST as a bodiless GET and call the
    result delivered. The endpoint should name its final URL."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _lease(limit: int) -> timedelta:
    """Long enough for a whole batch of sends that all time out, plus a margin."""
    return timedelta(seconds=limit * settings.ACCORD_WEBHOOK_TIMEOUT_SECONDS + 60)


def claim_due_deliveries(limit: int, now: datetime) -> list[WebhookDelivery]:
    """Atomically take up to `limit` pending deliveries due at `now` (oldest first):
    count the attempt and lease the row past the time its sends can take."""
    with transaction.atomic():
        due = WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).order_by("next_attempt_at", "id")
        if connection.vendor == "postgresql":
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        WebhookDelivery.objects.filter(pk__in=ids).update(
            attempts=F("attempts") + 1, next_attempt_at=now + _lease(limit), last_attempt_at=now
        )
    return list(
        WebhookDelivery.objects.filter(pk__in=ids).select_related("endpoint").order_by("id")
    )


def post_delivery(delivery: WebhookDelivery) -> Outcome:
    """POST the payload to the endpoint, signed with its secret, with a short timeout."""
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Accord-Event": delivery.event,
            "X-Accord-Delivery": str(delivery.pk),
            "X-Accord-Timestamp": str(timestamp),
            "X-Accord-Signature": sign(delivery.endpoint.secret, timestamp, body),
        },
    )
    return send(request)


def send(request: urllib.request.Request) -> Outcome:
    """Make the POST with the webhook timeout, no redirects; any failure is an Outcome."""
    timeout = settings.ACCORD_WEBHOOK_TIMEOUT_SECONDS
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Outcome(response.status, "")
    except urllib.error.HTTPError as error:
        return Outcome(error.code, f"HTTP {error.code}" + _error_detail(error))
    except urllib.error.URLError as error:
        return Outcome(None, f"cannot connect: {error.reason}")
    except (OSError, HTTPException, ValueError) as error:
        # TimeoutError is an OSError; HTTPException covers a connection closed mid-answer.
        return Outcome(None, f"{type(error).__name__}: {error}".rstrip(": "))


def _error_detail(error: urllib.error.HTTPError) -> str:
    """The start of the receiver's error body, which usually says what it disliked."""
    try:
        detail = error.read(ERROR_BODY_CHARS).decode("utf-8", "replace").strip()
    except (OSError, HTTPException):
        return ""
    return f": {detail}" if detail else ""


def outcome_fields(
    outcome: Outcome, attempts: int, now: datetime, *, give_up: bool = False
) -> dict[str, Any]:
    """The columns an attempt's result sets on an outbox row: delivered, failed for good
    (after the last attempt, or give_up), or pending with the next backoff time."""
    fields: dict[str, Any] = {
        "last_status_code": outcome.status_code,
        "last_error": outcome.error[:500],
    }
    if outcome.ok:
        fields.update(status=DeliveryStatus.DELIVERED, delivered_at=now, next_attempt_at=None)
    elif give_up or attempts >= MAX_ATTEMPTS:
        fields.update(status=DeliveryStatus.FAILED, next_attempt_at=None)
    else:
        fields.update(next_attempt_at=now + BACKOFF[attempts - 1])
    return fields


def record_outcome(
    delivery: WebhookDelivery, outcome: Outcome, now: datetime, *, give_up: bool = False
) -> str:
    """Store the attempt's result and the next step; returns the resulting status.
    Fenced on the attempt number, so a worker whose lease ran out cannot overwrite the
    result of the worker that took the row over."""
    fields = outcome_fields(outcome, delivery.attempts, now, give_up=give_up)
    WebhookDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(**fields)
    return str(fields.get("status", DeliveryStatus.PENDING))


def deliver_due(limit: int = 50, now: datetime | None = None) -> DeliveryRound:
    """Send up to `limit` due deliveries, one after another; call it outside a
    transaction. `now` pins the clock for claims and backoff (tests); by default each
    step uses the time it happens."""
    done = DeliveryRound()
    for delivery in claim_due_deliveries(limit, now or timezone.now()):
        active = delivery.endpoint.is_active  # False: deactivated after the row was queued
        outcome = post_delivery(delivery) if active else Outcome(None, "endpoint deactivated")
        status = record_outcome(delivery, outcome, now or timezone.now(), give_up=not active)
        if status == DeliveryStatus.DELIVERED:
            done.delivered += 1
        elif status == DeliveryStatus.FAILED:
            done.failed += 1
        else:
            done.retrying += 1
    return done
