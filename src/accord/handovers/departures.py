"""Departures: a staff member leaves and none of their relationships goes silently ownerless.

Either every relationship moves to a chosen successor (with hand-offs, as a transfer
would write them) or each assignment ends so the relationship shows as orphaned on the
managers' board at once. Written set-based: a leaver may own hundreds of relationships.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.changes import mark_customers_changed
from accord.handovers.handoffs import hand_over
from accord.members.models import Role, StaffMember
from accord.relationships.errors import OwnershipError
from accord.relationships.models import OwnerAssignment, Relationship, Stage

LEFT_REASON = "owner left"


@dataclass(frozen=True)
class Departure:
    member_id: int
    reassigned_to_id: int | None
    relationships_moved: int
    relationships_orphaned: int


def _check(member: StaffMember, reassign_to: StaffMember | None, by: StaffMember | None) -> None:
    if by is not None and by.pk == member.pk:
        raise OwnershipError("nobody can deactivate themselves")
    if by is not None and member.is_manager and by.role != Role.ADMIN:
        raise OwnershipError("only an admin can deactivate a manager or an admin")
    if not member.is_working:
        raise OwnershipError(f"{member} has already left")
    if reassign_to is None:
        return
    if reassign_to.pk == member.pk:
        raise OwnershipError("a leaver cannot take over their own relationships")
    if not reassign_to.is_working:
        raise OwnershipError(f"{reassign_to} is not active and cannot take over relationships")


def deactivate_staff(
    member: StaffMember,
    by: StaffMember | None,
    reassign_to: StaffMember | None = None,
    at: datetime | None = None,
) -> Departure:
    """Mark `member` as left and reassign or orphan every live relationship they own.

    One transaction: the member, their assignments, hand-offs, carried promises and the
    customers' notices commit together or not at all. Departed relationships keep their
    history untouched (they never show gaps). Delegations to the leaver are cleared.
    """
    _check(member, reassign_to, by)
    at = at or timezone.now()
    with transaction.atomic():
        StaffMember.objects.select_for_update().filter(pk=member.pk).first()
        live = Relationship.objects.select_for_update().filter(owner=member)
        customer_ids = list(
            live.exclude(stage=Stage.DEPARTED).values_list("customer_id", flat=True)
        )
        OwnerAssignment.objects.filter(
            customer_id__in=customer_ids, owner=member, ended_at__isnull=True
        ).update(ended_at=at)
        StaffMember.objects.filter(pk=member.pk).update(is_active=False, left_at=at)
        StaffMember.objects.filter(delegate=member).update(delegate=None)
        if reassign_to is None:
            Relationship.objects.filter(customer_id__in=customer_ids).update(owner=None)
        else:
            hand_over(
                customer_ids,
                from_owner_id=member.pk,
                to_owner=reassign_to,
                by=by,
                reason=LEFT_REASON,
                at=at,
            )
        # Rescored (in the worker, for more than a few) so the per-owner rollups follow.
        mark_customers_changed(customer_ids)
        details = {"reassigned_to": reassign_to.pk if reassign_to else None}
        details["relationships"] = len(customer_ids)
        record_event(
            action="staff.deactivate",
            actor=by,
            object_type="staff",
            object_id=member.pk,
            reason=LEFT_REASON,
            details=details,
        )
    member.is_active, member.left_at = False, at
    moved = len(customer_ids) if reassign_to else 0
    successor_id = reassign_to.pk if reassign_to else None
    return Departure(member.pk, successor_id, moved, len(customer_ids) - moved)
