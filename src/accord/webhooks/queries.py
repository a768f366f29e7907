"""Reads on webhooks: endpoints, and one endpoint's deliveries newest first."""

from __future__ import annotations

from django.db.models import QuerySet

from accord.webhooks.models import WebhookDelivery, WebhookEndpoint


def list_endpoints() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.order_by("-is_active", "id")


def list_deliveries(endpoint_id: int, status: str = "") -> QuerySet[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.filter(endpoint_id=endpoint_id)
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries.order_by("-id")


def count_deliveries(endpoint_id: int, status: str = "") -> int:
    return list_deliveries(endpoint_id, status).count()
