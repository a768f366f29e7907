"""The one hand-over: relationships get a new owner, open promises follow, customers are told.

Both an owner transfer (one relationship) and a departure (every relationship of the
leaver) go through `hand_over`, so the promises carried, the notice and the hand-off
record are the same whichever way the owner changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db.models import Count

from accord.audit.models import AuditEvent
from accord.interactions.notices import Notice, NoticeResult, send_notices
from accord.members.models import StaffMember
from accord.promises.models import Promise, PromiseStatus, Side
from accord.relationships.models import Handoff, OwnerAssignment, Relationship

# The customer-facing notice of a new owner is an outbound timeline entry with no staff
# member on it, so it never counts as the new owner's own touch (dropped hand-off, stale).
HANDOFF_NOTICE_SOURCE = "accord.handoff"


def handoff_notice(customer_id: int, to_owner: StaffMember) -> Notice:
    """The notice that tells the customer who their new owner is (portal, and email)."""
    name = to_owner.get_full_name() or to_owner.username
    contact = f" ({to_owner.email})" if to_owner.email else ""
    return Notice(
        customer_id=customer_id,
        subject=f"Your contact at the company is now {name}",
        body=f"From today {name}{contact} looks after your relationship with us. "
        "Open commitments made to you move with the relationship.",
        source=HANDOFF_NOTICE_SOURCE,
        function=to_owner.function,
        reply_to=to_owner.email,
    )


def record_notice_failure(customer_id: int, message_id: str, problem: str) -> None:
    """After the commit, a hand-off email that failed: the hand-off says so (the board
    shows it) and stops naming a message nobody received."""
    Handoff.objects.filter(customer_id=customer_id, notice_message_id=message_id).update(
        notice_message_id="", notice_problem=problem
    )


def carry_promises(
    customer_ids: Sequence[int], from_owner_id: int | None, to_owner: StaffMember
) -> dict[int, int]:
    """Open company promises `from_owner_id` made to these customers become `to_owner`'s;
    {customer_id: how many moved}."""
    if from_owner_id is None:
        return {}
    open_promises = Promise.objects.filter(
        customer_id__in=customer_ids,
        made_by_side=Side.COMPANY,
        status=PromiseStatus.OPEN,
        staff_id=from_owner_id,
    )
    carried = dict(
        open_promises.values("customer_id")
        .annotate(n=Count("id"))
        .values_list("customer_id", "n")
        .order_by()
    )
    open_promises.update(staff=to_owner)
    return carried


def hand_over(
    customer_ids: Sequence[int],
    *,
    from_owner_id: int | None,
    to_owner: StaffMember,
    by: StaffMember | None,
    reason: str,
    at: datetime,
    note: str = "",
    notify_customer: bool = True,
) -> list[Handoff]:
    """Give `to_owner` these relationships: assignments, owner, promises, notices,
    hand-offs and audit events, set-based. The caller holds the relationships' row locks
    and has ended their active assignments; joins the caller's transaction."""
    relationships = dict(
        Relationship.objects.filter(customer_id__in=customer_ids).values_list("customer_id", "pk")
    )
    OwnerAssignment.objects.bulk_create(
        OwnerAssignment(
            customer_id=customer_id,
            relationship_id=relationships[customer_id],
            owner=to_owner,
            started_at=at,
            assigned_by=by,
            reason=reason,
        )
        for customer_id in customer_ids
    )
    Relationship.objects.filter(customer_id__in=customer_ids).update(owner=to_owner)
    carried = carry_promises(customer_ids, from_owner_id, to_owner)
    told: dict[int, NoticeResult] = {}
    if notify_customer:
        notices = [handoff_notice(customer_id, to_owner) for customer_id in customer_ids]
        results = send_notices(notices, at=at, on_failure=record_notice_failure)
        told = {result.customer_id: result for result in results}
    handoffs = Handoff.objects.bulk_create(
        _handoff(customer_id, from_owner_id, to_owner, by, reason, note, at, carried, told)
        for customer_id in customer_ids
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=by,
            actor_label=str(by) if by else "system",
            action="owner.transfer",
            customer_id=handoff.customer_id,
            object_type="handoff",
            object_id=str(handoff.pk or ""),
            reason=reason,
            details={
                "from": from_owner_id,
                "to": to_owner.pk,
                "promises_carried": handoff.open_promises_carried,
                "told": told[handoff.customer_id].channels if handoff.customer_id in told else "",
            },
            occurred_at=at,
        )
        for handoff in handoffs
    )
    return handoffs


def _handoff(
    customer_id: int,
    from_owner_id: int | None,
    to_owner: StaffMember,
    by: StaffMember | None,
    reason: str,
    note: str,
    at: datetime,
    carried: dict[int, int],
    told: dict[int, NoticeResult],
) -> Handoff:
    result = told.get(customer_id)
    return Handoff(
        customer_id=customer_id,
        from_owner_id=from_owner_id,
        to_owner=to_owner,
        by=by,
        reason=reason,
        note=note,
        occurred_at=at,
        open_promises_carried=carried.get(customer_id, 0),
        customer_told_at=at if result else None,
        notice_message_id=result.message_id if result else "",
        notice_problem=result.problem if result else "",
    )
