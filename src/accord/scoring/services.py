"""Writes on insight that people make: resolving an alert."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.scoring.models import Alert


def resolve_alert(alert_id: int, *, by: object) -> Alert | None:
    """Mark an alert handled (idempotent: a resolved alert keeps its first resolution)."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
        if alert is None:
            return None
        if alert.resolved_at is None:
            alert.resolved_at = timezone.now()
            alert.save(update_fields=["resolved_at"])
            record_event(
                action="alert.resolve",
                actor=by,
                customer_id=alert.customer_id,
                object_type="alert",
                object_id=alert.pk,
            )
    return alert
