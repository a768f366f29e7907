"""What goes to partners running Accord, queued in the writing transaction.

Two kinds of call, both signed (webhooks/partner_delivery.py sends them):
- "share": the incident as it stands (consenting customers only, by shared reference, with
  the fields shared with that partner) to the partner's inbox; its Accord keeps its own
  copy on its matching customer and updates it on every later snapshot.
- "acknowledge", "comment", "resolve": what we did on a copy of an incident a partner
  sent us, to that partner's API on its original, so its owner sees it too.
A change never goes back to the partner it came from (no ping-pong).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accord.incidents.models import Incident, IncidentShare, PartnerDelivery, Vendor
from accord.partners.models import Partner, SharedField

ACTIONS = ("acknowledge", "comment", "resolve")


def shared_customer_fields(customer: Any, partner: Partner) -> dict[str, str]:
    allowed = set(partner.shared_fields or []) & set(SharedField.values)
    return {name: getattr(customer, name) or "" for name in SharedField.values if name in allowed}


def _vendor_for(incident: Incident, partner: Partner) -> str:
    """The attribution as the receiving partner reads it: "recipient" (them), "sender"
    (us), "other" (a third vendor) or "unknown"."""
    if incident.vendor == Vendor.US:
        return "sender"
    if incident.vendor == Vendor.PARTNER:
        return "recipient" if incident.attributed_partner_id == partner.pk else "other"
    return "unknown"


def snapshot(incident: Incident, partner: Partner) -> dict[str, Any] | None:
    """The incident for one partner, or None when no affected customer both consents to
    sharing with it and has a shared reference (nothing may go then)."""
    from accord.incidents.queries import get_references, list_visible_customers

    customers = list_visible_customers(incident, partner)
    references = get_references([c.pk for c in customers], partner)
    shared = [
        {"reference": references[c.pk], **shared_customer_fields(c, partner)}
        for c in customers
        if c.pk in references
    ]
    if not shared:
        return None
    return {
        "event": "incident.shared",
        "incident": {
            "id": str(incident.pk),
            "title": incident.title,
            "description": incident.description,
            "journey_steps": incident.journey_steps,
            "status": incident.status,
            "vendor": _vendor_for(incident, partner),
            "vendor_name": incident.attributed_partner.name if incident.attributed_partner else "",
            "confidence": incident.confidence,
            "evidence": incident.evidence,
            "opened_at": incident.opened_at.isoformat(),
            "acknowledged_at": _iso(incident.acknowledged_at),
            "resolved_at": _iso(incident.resolved_at),
        },
        "customers": shared,
    }


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def _queue(partner: Partner, incident: Incident, action: str, payload: dict[str, Any]) -> None:
    now = timezone.now()
    PartnerDelivery.objects.create(
        partner=partner,
        incident=incident,
        action=action,
        payload=payload,
        created_at=now,
        next_attempt_at=now,
    )


def queue_sync(
    incident: Incident, *, skip_partner: Partner | None, action: str = "", note: str = ""
) -> int:
    """Queue the calls this change needs; returns how many. Inside the caller's transaction."""
    queued = 0
    skip = skip_partner.pk if skip_partner else None
    shares = IncidentShare.objects.filter(incident=incident).select_related("partner")
    for share in shares:
        partner = share.partner
        if partner.pk in (skip, incident.origin_partner_id) or not partner.runs_accord:
            continue
        payload = snapshot(incident, partner)
        if payload is not None:
            _queue(partner, incident, "share", payload)
            queued += 1
    origin = incident.origin_partner
    if (
        action in ACTIONS
        and origin is not None
        and origin.pk != skip
        and origin.runs_accord
        and incident.remote_id
    ):
        _queue(origin, incident, action, {"remote_id": incident.remote_id, "note": note})
        queued += 1
    return queued
