"""Reads on incidents: for staff, for the customer, and consent-scoped for a partner."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from accord.consents.models import Consent, Purpose
from accord.customers.models import Customer, Identity, IdentityKind
from accord.incidents.models import Incident, IncidentCustomer, IncidentEvent, IncidentShare
from accord.partners.models import Partner


def _sharing_in_force(partner_id: int, customer_ref: Any) -> Subquery:
    """The newest partner_sharing decision of the customer for this partner (True/False/None)."""
    return Subquery(
        Consent.objects.filter(
            customer_id=customer_ref, purpose=Purpose.PARTNER_SHARING, partner_id=partner_id
        )
        .order_by("-recorded_at", "-pk")
        .values("is_granted")[:1]
    )


def consenting_affected(incident_ref: Any, partner_id: int) -> QuerySet[IncidentCustomer]:
    """Affected rows of an incident whose customer shares with the partner right now."""
    return (
        IncidentCustomer.objects.filter(incident_id=incident_ref, customer__erased_at__isnull=True)
        .annotate(sharing=_sharing_in_force(partner_id, OuterRef("customer_id")))
        .filter(sharing=True)
    )


def list_incidents_for_partner(partner: Partner) -> QuerySet[Incident]:
    """Incidents shared with the partner that still have a consenting affected customer;
    consent is read on every call, so a withdrawal takes effect on the next request."""
    shared = IncidentShare.objects.filter(incident_id=OuterRef("pk"), partner_id=partner.pk)
    return (
        Incident.objects.filter(Exists(shared))
        .filter(Exists(consenting_affected(OuterRef("pk"), partner.pk)))
        .select_related("attributed_partner")
        .order_by("-opened_at", "-pk")
    )


def list_visible_customers(incident: Incident, partner: Partner) -> list[Customer]:
    ids = consenting_affected(incident.pk, partner.pk).values("customer_id")
    return list(Customer.objects.filter(pk__in=ids).order_by("pk"))


def get_references(customer_ids: list[int], partner: Partner) -> dict[int, str]:
    """customer id -> the shared reference recorded for this partner (an external identity
    whose source is the partner's slug)."""
    rows = Identity.objects.filter(
        customer_id__in=customer_ids, kind=IdentityKind.EXTERNAL, source=partner.slug
    ).order_by("pk")
    found: dict[int, str] = {}
    for row in rows:
        found.setdefault(row.customer_id, row.value)
    return found


def find_consenting_customer(partner: Partner, reference: str) -> Customer | None:
    """The customer this partner calls `reference`, only if they share with it now."""
    identity = (
        Identity.objects.filter(
            kind=IdentityKind.EXTERNAL, source=partner.slug, value=reference.strip()
        )
        .select_related("customer")
        .first()
    )
    if identity is None or identity.customer.erased_at is not None:
        return None
    granted = (
        Consent.objects.filter(
            customer_id=identity.customer_id,
            purpose=Purpose.PARTNER_SHARING,
            partner_id=partner.pk,
        )
        .order_by("-recorded_at", "-pk")
        .values_list("is_granted", flat=True)
        .first()
    )
    return identity.customer if granted else None


def list_incidents(*, status: str = "", partner_id: int | None = None) -> QuerySet[Incident]:
    rows = Incident.objects.select_related("attributed_partner", "origin_partner")
    if status:
        rows = rows.filter(status=status)
    if partner_id:
        rows = rows.filter(Q(attributed_partner_id=partner_id) | Q(shares__partner_id=partner_id))
    return rows.distinct().order_by("-opened_at", "-pk")


def list_customer_incidents(customer_id: int) -> QuerySet[Incident]:
    return (
        Incident.objects.filter(affected__customer_id=customer_id)
        .select_related("attributed_partner", "origin_partner")
        .prefetch_related("shares__partner")
        .order_by("-opened_at", "-pk")
    )


def list_events(incident: Incident) -> QuerySet[IncidentEvent]:
    return incident.events.select_related("actor_partner", "actor_staff").order_by("at", "pk")


def list_affected_ids(incident: Incident) -> list[int]:
    return list(incident.affected.order_by("customer_id").values_list("customer_id", flat=True))


def _vendor_state(acknowledged_at: Any, resolved_at: Any) -> str:
    if resolved_at:
        return "resolved"
    return "working on it" if acknowledged_at else "told, not yet acknowledged"


def describe_for_customer(incident: Incident, company: str) -> dict[str, Any]:
    """What the customer reads: who is responsible, what each vendor is doing, the status
    and the history (evidence and other customers stay out)."""
    responsible = (
        incident.attributed_partner.name
        if incident.vendor == "partner" and incident.attributed_partner
        else company
        if incident.vendor == "us"
        else "not known yet"
    )
    vendors = [
        {
            "name": company,
            "is_responsible": incident.vendor == "us",
            "state": "resolved"
            if incident.resolved_at
            else "working on it"
            if incident.vendor in ("us", "unknown") or incident.acknowledged_at
            else "following it up",
        }
    ]
    for share in incident.shares.all():
        vendors.append(
            {
                "name": share.partner.name,
                "is_responsible": incident.attributed_partner_id == share.partner_id
                and incident.vendor == "partner",
                "state": _vendor_state(share.acknowledged_at, share.resolved_at),
            }
        )
    history = [
        {
            "at": event.at,
            "by": event.actor_partner.name
            if event.actor_partner
            else company
            if event.actor_staff_id
            else event.actor_label,
            "what": _CUSTOMER_WORDS.get(event.kind, event.get_kind_display()),
            "note": "" if event.kind == "attributed" else event.note,
            "vendor": event.details.get("vendor_name", "") if event.kind == "attributed" else "",
        }
        for event in list_events(incident)
        if event.kind != "customer_added"
    ]
    return {
        "incident": incident,
        "responsible": responsible,
        "vendors": vendors,
        "history": history,
    }


_CUSTOMER_WORDS = {
    "opened": "reported it",
    "attributed": "found the cause with",
    "shared": "told the vendor involved",
    "acknowledged": "acknowledged it",
    "commented": "said",
    "resolved": "resolved it",
    "reopened": "reopened it",
}


# Events a partner sees: its own, and what our side said and did.
PARTNER_SEES_FROM_US = ("opened", "acknowledged", "commented", "resolved")


def get_partner_views(incident_ids: list[int], partner: Partner) -> dict[str, Any]:
    """In a fixed number of queries, for a page of incidents: the partner's shares, its
    consenting affected customers, their references, and the events it may read."""
    shares = {
        share.incident_id: share
        for share in IncidentShare.objects.filter(incident_id__in=incident_ids, partner=partner)
    }
    visible: dict[int, list[int]] = {}
    rows = (
        IncidentCustomer.objects.filter(
            incident_id__in=incident_ids, customer__erased_at__isnull=True
        )
        .annotate(sharing=_sharing_in_force(partner.pk, OuterRef("customer_id")))
        .filter(sharing=True)
        .order_by("customer_id")
        .values_list("incident_id", "customer_id")
    )
    for incident_id, customer_id in rows:
        visible.setdefault(incident_id, []).append(customer_id)
    customer_ids = sorted({cid for ids in visible.values() for cid in ids})
    events: dict[int, list[IncidentEvent]] = {}
    seen = IncidentEvent.objects.filter(incident_id__in=incident_ids).filter(
        Q(actor_partner=partner) | Q(actor_partner__isnull=True, kind__in=PARTNER_SEES_FROM_US)
    )
    for event in seen.order_by("at", "pk"):
        events.setdefault(event.incident_id, []).append(event)
    return {
        "shares": shares,
        "visible": visible,
        "customers": Customer.objects.in_bulk(customer_ids),
        "references": get_references(customer_ids, partner),
        "events": events,
    }
