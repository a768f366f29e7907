"""Incidents a partner reports to us: pushed through the partner API, or sent by the
partner's own Accord (its inbox snapshots). Both land here, matched to our customers by
the shared reference each customer consented to; a partner's later snapshots update our
copy (idempotent by the partner's id for the incident)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accord.core.validation import ValidationProblem, text
from accord.incidents import services
from accord.incidents.models import Incident, IncidentSource, IncidentStatus, Vendor
from accord.incidents.queries import find_consenting_customer
from accord.partners.models import Partner

_clean_remote_id = text("id", 100)
_clean_reference = text("reference", 254)

# The sender's word for who caused it -> our vendor.
_VENDOR = {"sender": Vendor.PARTNER, "recipient": Vendor.US}


def match_references(partner: Partner, references: list[Any]) -> tuple[list[int], list[str]]:
    """Our customers for the partner's references (consenting ones only), and the
    references that matched none. A non-match does not say whether the customer exists."""
    matched: list[int] = []
    unmatched: list[str] = []
    for raw in references:
        reference = _clean_reference(raw)
        customer = find_consenting_customer(partner, reference) if reference else None
        if customer is None:
            unmatched.append(reference)
        elif customer.pk not in matched:
            matched.append(customer.pk)
    return matched, unmatched


def receive_incident(partner: Partner, data: dict[str, Any]) -> tuple[Incident, bool, list[str]]:
    """Create or update our copy of a partner's incident. `data`: id (the partner's, for
    updates), title, description, journey_steps, references, vendor ("sender",
    "recipient", "unknown"/"other"), confidence, evidence, status. Returns (incident,
    created, unmatched references). Raises ValidationProblem when no reference matches."""
    references = data.get("references") or []
    if not isinstance(references, list) or not references:
        raise ValidationProblem("references", "name at least one customer reference")
    matched, unmatched = match_references(partner, references)
    if not matched:
        raise ValidationProblem(
            "references", "none matches a customer who consented to sharing with you"
        )
    remote_id = _clean_remote_id(data.get("id"))
    actor = services.Actor(partner=partner)
    with transaction.atomic():
        existing = (
            Incident.objects.filter(origin_partner=partner, remote_id=remote_id).first()
            if remote_id
            else None
        )
        created = existing is None
        if existing is None:
            incident = services.open_incident(
                {
                    "title": data.get("title"),
                    "description": data.get("description"),
                    "journey_steps": data.get("journey_steps"),
                    "source": IncidentSource.PARTNER,
                    "customer_ids": matched,
                    "origin_partner": partner,
                    "remote_id": remote_id,
                },
                actor=actor,
            )
            services.share_incident(incident, partner, actor=actor)
        else:
            incident = existing
            services.add_affected_customers(incident, matched, actor=actor)
        _apply_attribution(incident, data, actor, partner)
        _apply_status(incident, data, actor)
    incident.refresh_from_db()
    return incident, created, unmatched


def _apply_attribution(
    incident: Incident, data: dict[str, Any], actor: services.Actor, partner: Partner
) -> None:
    vendor = _VENDOR.get(str(data.get("vendor") or ""), Vendor.UNKNOWN)
    partner_id = partner.pk if vendor == Vendor.PARTNER else None
    incident.refresh_from_db()
    if incident.vendor == vendor and incident.attributed_partner_id == partner_id:
        return
    if vendor == Vendor.UNKNOWN and incident.vendor != Vendor.UNKNOWN:
        return  # the partner does not know; keep what we know
    services.attribute_incident(
        incident,
        {
            "vendor": vendor,
            "partner_id": partner_id,
            "confidence": data.get("confidence", 50),
            "evidence": data.get("evidence") or "",
            "reason": f"attributed by {partner.name}",
        },
        actor=actor,
    )


def _apply_status(incident: Incident, data: dict[str, Any], actor: services.Actor) -> None:
    status = data.get("status")
    if status in (IncidentStatus.ACKNOWLEDGED, IncidentStatus.RESOLVED):
        services.acknowledge_incident(incident, actor=actor)
    if status == IncidentStatus.RESOLVED:
        services.resolve_incident(incident, actor=actor)
