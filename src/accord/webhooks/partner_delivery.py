"""Sending incidents to partners that run Accord: claim due PartnerDelivery rows, POST them
signed to the partner's installation, record the outcome, back off like webhooks.

"share" goes to `<accord_url>/api/v1/partner/inbox`; an action on a partner's incident to
`<accord_url>/api/v1/partner/incidents/<their id>/<action>`. Each carries the partner
token their installation issued to us (Bearer) and the webhook signature headers, keyed
with the SHA-256 of that token's secret (their side stores exactly that hash), so the
receiver knows the body came from the token's holder and was not changed or replayed.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from accord.incidents.models import DeliveryStatus, PartnerDelivery
from accord.partners.services import signing_key
from accord.webhooks.delivery import DeliveryRound as PartnerRound
from accord.webhooks.delivery import Outcome, _lease, outcome_fields, send
from accord.webhooks.signing import sign

USER_AGENT = "Accord-Partners/1"


def delivery_url(delivery: PartnerDelivery) -> str:
    base = delivery.partner.accord_url.rstrip("/") + "/api/v1/partner"
    if delivery.action == "share":
        return f"{base}/inbox"
    remote = urllib.parse.quote(str(delivery.payload.get("remote_id", "")), safe="")
    return f"{base}/incidents/{remote}/{delivery.action}"


def claim_due(limit: int, now: datetime) -> list[PartnerDelivery]:
    """Atomically take due deliveries, oldest first (a share precedes its updates)."""
    with transaction.atomic():
        due = PartnerDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).order_by("id")
        if connection.vendor == "postgresql":
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        PartnerDelivery.objects.filter(pk__in=ids).update(
            attempts=F("attempts") + 1, next_attempt_at=now + _lease(limit)
        )
    return list(PartnerDelivery.objects.filter(pk__in=ids).select_related("partner").order_by("id"))


def post(delivery: PartnerDelivery) -> Outcome:
    token = delivery.partner.accord_token
    body_data: Any = (
        delivery.payload
        if delivery.action == "share"
        else {"note": delivery.payload.get("note", "")}
    )
    body = json.dumps(body_data, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        delivery_url(delivery),
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Authorization": f"Bearer {token}",
            "X-Accord-Event": f"incident.{delivery.action}",
            "X-Accord-Delivery": str(delivery.pk),
            "X-Accord-Timestamp": str(timestamp),
            "X-Accord-Signature": sign(signing_key(token), timestamp, body),
        },
    )
    return send(request)


def _record(delivery: PartnerDelivery, outcome: Outcome, now: datetime, give_up: bool) -> str:
    fields = outcome_fields(outcome, delivery.attempts, now, give_up=give_up)
    PartnerDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(**fields)
    return str(fields.get("status", DeliveryStatus.PENDING))


def deliver_partner_due(limit: int = 50, now: datetime | None = None) -> PartnerRound:
    """Send up to `limit` due partner deliveries; call it outside a transaction."""
    done = PartnerRound()
    for delivery in claim_due(limit, now or timezone.now()):
        partner = delivery.partner
        usable = partner.is_active and partner.runs_accord
        outcome = post(delivery) if usable else Outcome(None, "partner inactive or not on Accord")
        status = _record(delivery, outcome, now or timezone.now(), give_up=not usable)
        if status == DeliveryStatus.DELIVERED:
            done.delivered += 1
        elif status == DeliveryStatus.FAILED:
            done.failed += 1
        else:
            done.retrying += 1
    return done
