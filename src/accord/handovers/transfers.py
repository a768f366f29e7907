"""Transferring one relationship's accountable owner, with its hand-off record."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accord.core.changes import mark_customer_changed
from accord.handovers.handoffs import hand_over
from accord.members.models import StaffMember
from accord.relationships.errors import OwnershipError
from accord.relationships.models import Handoff, OwnerAssignment, Relationship, Stage
from accord.relationships.services import lock_relationship, require_working


def _previous_owner_id(customer_id: int, current: OwnerAssignment | None) -> int | None:
    """The active owner, or for an orphaned relationship the last one it had."""
    if current is not None:
        return current.owner_id
    last = (
        OwnerAssignment.objects.filter(customer_id=customer_id)
        .order_by("-ended_at", "-pk")
        .values_list("owner_id", flat=True)
        .first()
    )
    return last


def _end_assignment(locked: Relationship, to_owner: StaffMember, at: datetime) -> int | None:
    """End the active assignment (if any); return the previous owner."""
    current = OwnerAssignment.objects.filter(
        customer_id=locked.customer_id, ended_at__isnull=True
    ).first()
    if current is not None and current.owner_id == to_owner.pk:
        raise OwnershipError(f"{to_owner} already owns this relationship")
    previous_id = _previous_owner_id(locked.customer_id, current)
    if current is not None:
        current.ended_at = max(at, current.started_at)
        current.save(update_fields=["ended_at"])
    return previous_id


def transfer_owner(
    *,
    customer_id: int,
    to_owner: StaffMember,
    by: StaffMember | None,
    reason: str,
    note: str = "",
    at: datetime | None = None,
    notify_customer: bool = True,
) -> Handoff:
    """End the active assignment and start one for `to_owner`, with a hand-off record.

    Permission checks belong to the caller's accessor; this enforces the domain rules:
    the new owner is working staff, the relationship is not departed, and it changes
    owner. Open company promises of the previous owner move to the new owner (counted on
    the hand-off). With `notify_customer` the customer is told: a portal notice, and an
    email after the commit when they agreed to email (accord.interactions.notices); the
    hand-off records when, the email's Message-ID, or why no email could go. Raises
    OwnershipError, changing nothing.
    """
    require_working(to_owner, "own a relationship")
    if not reason.strip():
        raise OwnershipError("a transfer needs a reason")
    with transaction.atomic():
        locked = lock_relationship(customer_id)
        # Read the clock only once the row lock is held, so concurrent transfers get
        # times in the order they commit and the hand-off chain reads in time order.
        at = at or timezone.now()
        if locked.stage == Stage.DEPARTED:
            raise OwnershipError("the customer has departed; the relationship cannot move")
        previous_id = _end_assignment(locked, to_owner, at)
        [handoff] = hand_over(
            [customer_id],
            from_owner_id=previous_id,
            to_owner=to_owner,
            by=by,
            reason=reason,
            note=note,
            at=at,
            notify_customer=notify_customer,
        )
        # The book's rollups are kept per owner: the new owner's dashboard counts the
        # customer once it is rescored.
        mark_customer_changed(customer_id)
    return handoff
