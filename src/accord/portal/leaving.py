"""Leaving in one step from the portal, and the exit friction it is measured by.

The ending itself is the relationships domain's (end_relationship: requests, promises,
subscriptions per contract, the customer told); this module adds what is the portal's:
the exit record, the export, and ending the customer's sessions and links.

Friction is measured honestly (docs/portal.md): the clock starts when the customer says
they want to leave, which is the first "Leave" of the visit in which they leave or,
if earlier, their first message asking to leave. An earlier visit to the page, which
they walked away from, starts nothing. Steps and staff contacts count from that point.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.commerce.exit_terms import ExitTerm
from accord.commerce.exit_terms import compute_exit_term as compute_exit_term
from accord.commerce.exit_terms import list_exit_terms as list_exit_terms
from accord.consents.models import Purpose
from accord.consents.queries import has_consent
from accord.handovers.endings import end_relationship
from accord.interactions.exit_intent import list_exit_intent_messages
from accord.interactions.models import Interaction
from accord.portal.models import ExitRecord, ExportJob, ExportReason
from accord.portal.services import start_export
from accord.portal.session import end_all_sessions
from accord.portal.signin import revoke_links
from accord.relationships.errors import EndingError
from accord.relationships.models import Relationship, Stage

# A message asking to leave starts the clock only if it is this recent: a customer who
# asked and then stayed for months decided to stay, and decides anew when they leave.
EXIT_INTENT_WINDOW = timedelta(days=90)
LEFT_IN_PORTAL = "the customer left in the portal"


class LeaveError(Exception):
    """The exit cannot go ahead; the message says why."""


@dataclass(frozen=True)
class Decision:
    at: datetime
    via: str  # in words: what the customer did to say they want to leave


def find_decision(customer_id: int, opened_leave_at: datetime) -> Decision:
    """When the customer said they want to leave: their first recent message asking to
    leave, or opening "Leave" now, whichever came first."""
    relationship = Relationship.objects.filter(customer_id=customer_id).first()
    since = opened_leave_at - EXIT_INTENT_WINDOW
    if relationship is not None:
        # Messages from before a relationship restarted (won back) belong to the old one.
        since = max(since, relationship.stage_changed_at, relationship.started_at)
    asked = list_exit_intent_messages(customer_id, since)
    if asked and asked[0].occurred_at < opened_leave_at:
        first = asked[0]
        said = (first.subject or first.body)[:80]
        return Decision(first.occurred_at, f"wrote to us: {said}")
    return Decision(opened_leave_at, "opened Leave in the portal")


def start_exit(customer_id: int, *, visit_record_id: int | None = None) -> ExitRecord:
    """The customer opened "Leave". `visit_record_id` is the exit record this visit
    started, if any: the open record keeps its clock only when this visit started it;
    otherwise the clock (re)starts at the decision. Returns the open exit record."""
    now = timezone.now()
    with transaction.atomic():
        record = (
            ExitRecord.objects.select_for_update()
            .filter(customer_id=customer_id, completed_at__isnull=True)
            .first()
        )
        if record is not None and record.pk == visit_record_id:
            return record
        decision = find_decision(customer_id, now)
        if record is None:
            return ExitRecord.objects.create(
                customer_id=customer_id, requested_at=decision.at, decided_via=decision.via
            )
        record.requested_at, record.decided_via = decision.at, decision.via
        record.save(update_fields=["requested_at", "decided_via"])
    return record


def leave(*, customer_id: int, actor_label: str, visit_record_id: int | None = None) -> ExitRecord:
    """End the relationship in one transaction; every portal session ends with it.

    The ending goes through end_relationship (requests closed, promises settled,
    subscriptions ended per contract, transfer codes released, the customer told); then
    the export is produced, links and sessions end, and the exit record completes.
    """
    now = timezone.now()
    with transaction.atomic():
        if Relationship.objects.filter(customer_id=customer_id, stage=Stage.DEPARTED).exists():
            raise LeaveError("You have already left. Your export stays available to you.")
        # Confirming without having opened "Leave" in this visit: decided just now.
        record = start_exit(customer_id, visit_record_id=visit_record_id)
        try:
            ending = end_relationship(
                customer_id=customer_id,
                by=None,
                actor_label=actor_label,
                reason=LEFT_IN_PORTAL,
                at=now,
            )
        except EndingError as error:
            raise LeaveError(str(error)) from None
        export = start_export(customer_id, ExportReason.EXIT, at=now)
        _complete_record(record, ending.subscriptions, export, now)
        revoke_links(customer_id)
        end_all_sessions(customer_id)
        record_event(
            action="relationship.leave",
            actor_label=actor_label,
            customer_id=customer_id,
            object_type="exit",
            object_id=record.pk,
            details={"subscriptions": [term.subscription_id for term in ending.subscriptions]},
        )
    return record


def count_staff_contacts(customer_id: int, start: datetime, end: datetime) -> int:
    """Contacts with staff on the way out, from the record: every interaction with a staff
    member on it (a call they had to make, a retention call they got) from the decision
    to the end. Notices the system sends carry no staff member and do not count."""
    return Interaction.objects.filter(
        customer_id=customer_id,
        staff__isnull=False,
        occurred_at__gte=start,
        occurred_at__lte=end,
    ).count()


def _complete_record(
    record: ExitRecord, terms: list[ExitTerm], export: ExportJob, now: datetime
) -> None:
    messages = len(list_exit_intent_messages(record.customer_id, record.requested_at))
    record.completed_at = now
    record.seconds = max((now - record.requested_at).total_seconds(), 0.0)
    # From the decision: each message asking to leave, opening "Leave", confirming.
    record.steps = messages + 2
    record.forced_staff_contacts = count_staff_contacts(
        record.customer_id, record.requested_at, now
    )
    record.end_date = max((term.end_date for term in terms), default=now.date())
    record.fee_total = sum((term.fee for term in terms), Decimal("0.00"))
    record.currency = terms[0].currency if terms else "EUR"
    # Retention contact is scheduled only on explicit opt-in; this flag is what staff read.
    record.retention_contact_allowed = has_consent(record.customer_id, Purpose.RETENTION_CONTACT)
    record.export = export
    record.save()
