"""Writes on incidents: open, attribute (and re-attribute, with a reason), share,
acknowledge, comment, resolve; by staff, by the customer (portal) or by a partner.

Every write is one transaction that appends to the incident's history, marks the affected
customers for rescoring (incidents feed health) and queues the calls to partners running
Accord (incidents.outbox), which `accord worker` sends after the commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.changes import mark_customers_changed
from accord.core.validation import Conflict, ValidationProblem
from accord.customers.models import Customer
from accord.incidents import outbox
from accord.incidents.models import (
    EventKind,
    Incident,
    IncidentCustomer,
    IncidentEvent,
    IncidentShare,
    IncidentSource,
    IncidentStatus,
    Vendor,
)
from accord.incidents.validators import (
    clean_attribution,
    clean_customer_ids,
    clean_incident,
    clean_note,
)
from accord.interactions.models import Conversation, Request
from accord.members.models import StaffMember
from accord.partners.models import Partner
from accord.voice.models import SocialMention


class Actor:
    """Who acts: a staff member, a partner, or the customer (label only)."""

    def __init__(
        self,
        *,
        staff: StaffMember | None = None,
        partner: Partner | None = None,
        label: str = "",
    ) -> None:
        self.staff = staff
        self.partner = partner
        self.label = label or (
            str(partner)
            if partner
            else (staff.get_full_name() or staff.username)
            if staff
            else "system"
        )


_SOURCE_MODELS: dict[str, Any] = {
    IncidentSource.REQUEST: Request,
    IncidentSource.CONVERSATION: Conversation,
    IncidentSource.MENTION: SocialMention,
}


def _source_customer(source: str, source_id: int | None) -> int | None:
    """The customer of the request, conversation or mention the incident came from."""
    model = _SOURCE_MODELS.get(source)
    if model is None:
        if source_id is not None and source not in (IncidentSource.PARTNER,):
            raise ValidationProblem("source_id", f"only goes with {', '.join(_SOURCE_MODELS)}")
        return None
    if source_id is None:
        raise ValidationProblem("source_id", f"name the {source} the incident came from")
    row = model.objects.filter(pk=source_id).values("customer_id").first()
    if row is None or row["customer_id"] is None:
        raise ValidationProblem("source_id", f"no {source} {source_id} with a customer")
    return int(row["customer_id"])


def _event(incident: Incident, kind: str, actor: Actor, note: str = "", **details: Any) -> None:
    IncidentEvent.objects.create(
        incident=incident,
        kind=kind,
        at=timezone.now(),
        actor_staff=actor.staff,
        actor_partner=actor.partner,
        actor_label=actor.label[:120],
        note=note,
        details=details,
    )


def _touch(incident: Incident, actor: Actor, action: str = "", note: str = "") -> None:
    """After a change: rescore the affected customers, tell partners running Accord."""
    mark_customers_changed(incident.affected.values_list("customer_id", flat=True))
    outbox.queue_sync(incident, skip_partner=actor.partner, action=action, note=note)


def open_incident(
    values: dict[str, Any], *, actor: Actor, opened_at: datetime | None = None
) -> Incident:
    """Open an incident from a request, conversation, mention, the portal or staff, with
    the customers it hit (the source's customer is added). Raises ValidationProblem."""
    fields = clean_incident(values)
    customer_ids = clean_customer_ids(values.get("customer_ids"), required=False)
    from_source = _source_customer(fields["source"], fields["source_id"])
    if from_source is not None and from_source not in customer_ids:
        if customer_ids:
            raise ValidationProblem("source_id", f"that {fields['source']} is another customer's")
        customer_ids = [from_source]
    if not customer_ids:
        raise ValidationProblem("customer_ids", "name at least one affected customer")
    found = set(
        Customer.objects.filter(pk__in=customer_ids, erased_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    missing = [cid for cid in customer_ids if cid not in found]
    if missing:
        raise ValidationProblem("customer_ids", f"no customer {missing[0]}")
    now = opened_at or timezone.now()
    with transaction.atomic():
        incident = Incident.objects.create(
            **fields,
            opened_at=now,
            opened_by=actor.staff,
            origin_partner=values.get("origin_partner"),
            remote_id=values.get("remote_id", ""),
        )
        IncidentCustomer.objects.bulk_create(
            IncidentCustomer(customer_id=cid, incident=incident, added_at=now)
            for cid in customer_ids
        )
        _event(incident, EventKind.OPENED, actor, fields["description"][:500])
        record_event(
            action="incident.open",
            actor=actor.staff,
            actor_label=actor.label,
            object_type="incident",
            object_id=incident.pk,
            details={"customers": customer_ids, "source": fields["source"]},
        )
        _touch(incident, actor)
    return incident


def attribute_incident(incident: Incident, values: dict[str, Any], *, actor: Actor) -> Incident:
    """Say which vendor caused it, with evidence and a confidence (0-100). Changing an
    attribution needs a reason; the history keeps every attribution. Attributing to a
    partner shares the incident with it."""
    fields = clean_attribution(values)
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        partner = None
        if fields["partner_id"] is not None:
            partner = Partner.objects.filter(pk=fields["partner_id"], is_active=True).first()
            if partner is None:
                raise ValidationProblem("partner_id", f"no active partner {fields['partner_id']}")
        is_change = incident.vendor != Vendor.UNKNOWN
        if is_change and not fields["reason"]:
            raise ValidationProblem("reason", "say why the attribution changes")
        previous = _vendor_name(incident)
        incident.vendor = fields["vendor"]
        incident.attributed_partner = partner
        incident.confidence = fields["confidence"]
        incident.evidence = fields["evidence"]
        incident.save(update_fields=["vendor", "attributed_partner", "confidence", "evidence"])
        _event(
            incident,
            EventKind.ATTRIBUTED,
            actor,
            fields["reason"],
            vendor=fields["vendor"],
            partner_id=partner.pk if partner else None,
            vendor_name=_vendor_name(incident),
            previous=previous if is_change else None,
            confidence=fields["confidence"],
            evidence=fields["evidence"],
        )
        if partner is not None:
            _share(incident, partner, actor)
        _touch(incident, actor)
    return incident


def _vendor_name(incident: Incident) -> str:
    if incident.vendor == Vendor.PARTNER and incident.attributed_partner is not None:
        return incident.attributed_partner.name
    return str(Vendor(incident.vendor).label)


def _share(incident: Incident, partner: Partner, actor: Actor) -> IncidentShare:
    share, created = IncidentShare.objects.get_or_create(
        incident=incident, partner=partner, defaults={"shared_at": timezone.now()}
    )
    if created:
        _event(incident, EventKind.SHARED, actor, partner_id=partner.pk, partner=partner.name)
    return share


def share_incident(incident: Incident, partner: Partner, *, actor: Actor) -> IncidentShare:
    """Share with a partner involved in the journey without attributing it to them."""
    with transaction.atomic():
        share = _share(incident, partner, actor)
        _touch(incident, actor)
    return share


def _responsible(incident: Incident, actor: Actor) -> bool:
    """Whether the actor is the vendor the incident is attributed to (staff speak for us)."""
    if actor.partner is not None:
        return (
            incident.vendor == Vendor.PARTNER and incident.attributed_partner_id == actor.partner.pk
        )
    return incident.vendor in (Vendor.US, Vendor.UNKNOWN) or actor.staff is not None


def _partner_share(incident: Incident, actor: Actor) -> IncidentShare | None:
    if actor.partner is None:
        return None
    return (
        IncidentShare.objects.select_for_update()
        .filter(incident=incident, partner=actor.partner)
        .first()
    )


def acknowledge_incident(incident: Incident, *, actor: Actor, note: Any = "") -> Incident:
    """The actor has seen it and is on it. Idempotent: a second acknowledgement changes
    nothing (partners' systems retry). Acknowledging a resolved incident is a conflict."""
    note = clean_note(note)
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        share = _partner_share(incident, actor)
        already = share.acknowledged_at if share else incident.acknowledged_at
        if already is not None:
            return incident
        if incident.status == IncidentStatus.RESOLVED and share is None:
            raise Conflict("status", "the incident is resolved")
        now = timezone.now()
        if share is not None:
            share.acknowledged_at = now
            share.save(update_fields=["acknowledged_at"])
        if _responsible(incident, actor) and incident.acknowledged_at is None:
            incident.acknowledged_at = now
            if incident.status == IncidentStatus.OPEN:
                incident.status = IncidentStatus.ACKNOWLEDGED
            incident.save(update_fields=["acknowledged_at", "status"])
        _event(incident, EventKind.ACKNOWLEDGED, actor, note)
        _touch(incident, actor, "acknowledge", note)
    return incident


def comment_incident(incident: Incident, *, actor: Actor, note: Any) -> Incident:
    note = clean_note(note)
    if not note:
        raise ValidationProblem("note", "is required")
    with transaction.atomic():
        _event(incident, EventKind.COMMENTED, actor, note)
        outbox.queue_sync(incident, skip_partner=actor.partner, action="comment", note=note)
    return incident


def resolve_incident(incident: Incident, *, actor: Actor, note: Any = "") -> Incident:
    """The actor fixed its part. The incident resolves when the responsible vendor (or
    our staff) resolves it; a partner's resolution of its part is kept on its share.
    Idempotent: resolving twice changes nothing."""
    note = clean_note(note)
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        share = _partner_share(incident, actor)
        already = share.resolved_at if share else incident.resolved_at
        if already is not None:
            return incident
        now = timezone.now()
        if share is not None:
            share.resolved_at = now
            share.acknowledged_at = share.acknowledged_at or now
            share.save(update_fields=["resolved_at", "acknowledged_at"])
        if _responsible(incident, actor) and incident.resolved_at is None:
            incident.resolved_at = now
            incident.acknowledged_at = incident.acknowledged_at or now
            incident.status = IncidentStatus.RESOLVED
            incident.save(update_fields=["resolved_at", "acknowledged_at", "status"])
        _event(incident, EventKind.RESOLVED, actor, note)
        _touch(incident, actor, "resolve", note)
    return incident


def reopen_incident(incident: Incident, *, actor: Actor, note: Any) -> Incident:
    note = clean_note(note)
    if not note:
        raise ValidationProblem("note", "say why it is open again")
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status != IncidentStatus.RESOLVED:
            raise Conflict("status", "the incident is not resolved")
        incident.status = (
            IncidentStatus.ACKNOWLEDGED if incident.acknowledged_at else IncidentStatus.OPEN
        )
        incident.resolved_at = None
        incident.save(update_fields=["status", "resolved_at"])
        _event(incident, EventKind.REOPENED, actor, note)
        _touch(incident, actor)
    return incident


def add_affected_customers(incident: Incident, customer_ids: list[int], *, actor: Actor) -> int:
    """Add customers the incident also hit (already listed ones are skipped)."""
    ids = clean_customer_ids(customer_ids)
    with transaction.atomic():
        present = set(
            IncidentCustomer.objects.filter(incident=incident).values_list("customer_id", flat=True)
        )
        new = [
            cid
            for cid in Customer.objects.filter(pk__in=ids, erased_at__isnull=True).values_list(
                "pk", flat=True
            )
            if cid not in present
        ]
        now = timezone.now()
        IncidentCustomer.objects.bulk_create(
            IncidentCustomer(customer_id=cid, incident=incident, added_at=now) for cid in new
        )
        for cid in new:
            _event(incident, EventKind.CUSTOMER_ADDED, actor, customer_id=cid)
        if new:
            _touch(incident, actor)
    return len(new)
