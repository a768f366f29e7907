"""Webhooks are for managers: everyone else gets 404, so existence does not leak."""

from __future__ import annotations

from django.http import Http404

from accord.members.models import StaffMember
from accord.webhooks.models import WebhookDelivery, WebhookEndpoint


def can_manage_webhooks(staff: StaffMember) -> bool:
    return bool(staff.is_working and staff.is_manager)


def access_webhooks_for_staff(staff: StaffMember) -> None:
    """Raise Http404 unless `staff` may list and create endpoints."""
    if not can_manage_webhooks(staff):
        raise Http404("No such page")


def access_endpoint_for_staff(staff: StaffMember, endpoint_id: int) -> WebhookEndpoint:
    access_webhooks_for_staff(staff)
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404("No such webhook endpoint")
    return endpoint


def access_delivery_for_staff(
    staff: StaffMember, endpoint_id: int, delivery_id: int
) -> WebhookDelivery:
    """The delivery, if it belongs to that endpoint and `staff` manages webhooks."""
    access_webhooks_for_staff(staff)
    delivery = WebhookDelivery.objects.filter(pk=delivery_id, endpoint_id=endpoint_id).first()
    if delivery is None:
        raise Http404("No such delivery")
    return delivery
