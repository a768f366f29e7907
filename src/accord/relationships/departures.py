"""Departures: a staff member leaves and none of their relationships goes silently ownerless.

Either every relationship moves to a chosen successor (with hand-offs, as a transfer
would write them) or each assignment ends so the relationship shows as orphaned on the
managers' board at once. Written set-based: a leaver may own hundreds of relationships.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.audit.services import record_event
from accord.interactions.notices import send_notices
from accord.members.models import StaffMember
from accord.promises.models import Promise, PromiseStatus, Side
from accord.relationships.models import Handoff, OwnerAssignment, Relationship, Stage
from accord.relationships.services import (
    OwnershipError,
    handoff_notice,
    record_notice_failure,
)

LEFT_REASON = "owner left"


@dataclass(frozen=True)
class Departure:
    member_id: int
    reassigned_to_id: int | None
    relationships_moved: int
    relationships_orphaned: int


def _check(member: StaffMember, reassign_to: StaffMember | None) -> None:
    if not member.is_active or member.left_at is not None:
        raise OwnershipError(f"{member} has already left")
    if reassign_to is None:
        return
    if reassign_to.pk == member.pk:
        raise OwnershipError("a leaver cannot take over their own relationships")
    if not reassign_to.is_active or reassign_to.left_at is not None:
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
    _check(member, reassign_to)
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
            _hand_over(customer_ids, member, reassign_to, by, at)
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


def _hand_over(
    customer_ids: list[int],
    member: StaffMember,
    successor: StaffMember,
    by: StaffMember | None,
    at: datetime,
) -> None:
    """Bulk version of transfer_owner for every relationship in `customer_ids`."""
    carried = _carry_promises(customer_ids, member, successor)
    relationships = dict(
        Relationship.objects.filter(customer_id__in=customer_ids).values_list("customer_id", "pk")
    )
    OwnerAssignment.objects.bulk_create(
        OwnerAssignment(
            customer_id=customer_id,
            relationship_id=relationships[customer_id],
            owner=successor,
            started_at=at,
            assigned_by=by,
            reason=LEFT_REASON,
        )
        for customer_id in customer_ids
    )
    Relationship.objects.filter(customer_id__in=customer_ids).update(owner=successor)
    notices = [handoff_notice(cid, successor) for cid in customer_ids]
    told = {
        result.customer_id: result
        for result in send_notices(notices, at=at, on_failure=record_notice_failure)
    }
    handoffs = Handoff.objects.bulk_create(
        Handoff(
            customer_id=customer_id,
            from_owner=member,
            to_owner=successor,
            by=by,
            reason=LEFT_REASON,
            occurred_at=at,
            open_promises_carried=carried.get(customer_id, 0),
            customer_told_at=at,
            notice_message_id=told[customer_id].message_id,
            notice_problem=told[customer_id].problem,
        )
        for customer_id in customer_ids
    )
    _audit_handoffs(handoffs, member, successor, by, at)


def _carry_promises(
    customer_ids: list[int], member: StaffMember, successor: StaffMember
) -> dict[int, int]:
    """Move the leaver's open company promises; {customer_id: how many moved}."""
    open_promises = Promise.objects.filter(
        customer_id__in=customer_ids,
        made_by_side=Side.COMPANY,
        status=PromiseStatus.OPEN,
        staff=member,
    )
    carried = dict(
        open_promises.values("customer_id")
        .annotate(n=Count("id"))
        .values_list("customer_id", "n")
        .order_by()
    )
    open_promises.update(staff=successor)
    return carried


def _audit_handoffs(
    handoffs: list[Handoff],
    member: StaffMember,
    successor: StaffMember,
    by: StaffMember | None,
    at: datetime,
) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=by,
            actor_label=str(by) if by else "system",
            action="owner.transfer",
            customer_id=handoff.customer_id,
            object_type="handoff",
            object_id=str(handoff.pk or ""),
            reason=LEFT_REASON,
            details={"from": member.pk, "to": successor.pk},
            occurred_at=at,
        )
        for handoff in handoffs
    )
