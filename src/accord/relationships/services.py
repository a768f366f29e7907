"""Writes on relationships: open one, transfer the accountable owner, team, lifecycle stage.

Each service owns its transaction. The partial unique index on OwnerAssignment is what
guarantees one active owner; the row lock here only makes the common race fail politely.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.changes import mark_customer_changed
from accord.core.models import Function
from accord.interactions.notices import Notice, send_notices
from accord.members.models import StaffMember
from accord.promises.models import Promise, PromiseStatus, Side

# Re-exported: callers find every relationship write, the ending included, here.
from accord.relationships.endings import Ending as Ending
from accord.relationships.endings import end_relationship
from accord.relationships.errors import EndingError as EndingError
from accord.relationships.errors import OwnershipError
from accord.relationships.models import (
    Handoff,
    OwnerAssignment,
    Relationship,
    Stage,
    StageChange,
    TeamMembership,
)

# The customer-facing notice of a new owner is an outbound timeline entry with no staff
# member on it, so it never counts as the new owner's own touch (dropped hand-off, stale).
HANDOFF_NOTICE_SOURCE = "accord.handoff"


def _require_active(member: StaffMember, role: str) -> None:
    if not member.is_active or member.left_at is not None:
        raise OwnershipError(f"{member} is not an active staff member and cannot {role}")


def open_relationship(
    *,
    customer_id: int,
    owner: StaffMember,
    stage: str = Stage.PROSPECT,
    started_at: datetime | None = None,
    by: StaffMember | None = None,
) -> Relationship:
    """Create the relationship and its first accountable owner (one transaction)."""
    _require_active(owner, "own a relationship")
    started_at = started_at or timezone.now()
    with transaction.atomic():
        relationship = Relationship.objects.create(
            customer_id=customer_id,
            stage=stage,
            started_at=started_at,
            stage_changed_at=started_at,
            owner=owner,
        )
        OwnerAssignment.objects.create(
            customer_id=customer_id,
            relationship=relationship,
            owner=owner,
            started_at=started_at,
            assigned_by=by,
            reason="first owner",
        )
        StageChange.objects.create(
            customer_id=customer_id, to_stage=stage, reason="opened", by=by, occurred_at=started_at
        )
    return relationship


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


def _lock_relationship(customer_id: int) -> Relationship:
    """The relationship row, locked until the end of the caller's transaction."""
    locked = Relationship.objects.select_for_update().filter(customer_id=customer_id).first()
    if locked is None:
        raise OwnershipError(f"customer {customer_id} has no relationship")
    return locked


def _move_assignment(
    locked: Relationship, to_owner: StaffMember, by: StaffMember | None, reason: str, at: datetime
) -> int | None:
    """End the active assignment (if any), start the new one; return the previous owner."""
    current = OwnerAssignment.objects.filter(
        customer_id=locked.customer_id, ended_at__isnull=True
    ).first()
    if current is not None and current.owner_id == to_owner.pk:
        raise OwnershipError(f"{to_owner} already owns this relationship")
    previous_id = _previous_owner_id(locked.customer_id, current)
    if current is not None:
        current.ended_at = max(at, current.started_at)
        current.save(update_fields=["ended_at"])
    OwnerAssignment.objects.create(
        customer_id=locked.customer_id,
        relationship=locked,
        owner=to_owner,
        started_at=at,
        assigned_by=by,
        reason=reason,
    )
    locked.owner = to_owner
    locked.save(update_fields=["owner"])
    return previous_id


def _carry_promises(customer_id: int, previous_id: int | None, to_owner: StaffMember) -> int:
    """Open company promises of the previous owner become the new owner's; how many."""
    if previous_id is None:
        return 0
    return Promise.objects.filter(
        customer_id=customer_id,
        made_by_side=Side.COMPANY,
        status=PromiseStatus.OPEN,
        staff_id=previous_id,
    ).update(staff=to_owner)


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
    the new owner is active staff, the relationship is not departed, and it changes owner.
    Open company promises of the previous owner move to the new owner (counted on the
    hand-off). With `notify_customer` the customer is told: a portal notice, and an email
    after the commit when they agreed to email (accord.interactions.notices); the hand-off
    records when, the email's Message-ID, or why no email could go. Raises
    OwnershipError, changing nothing.
    """
    _require_active(to_owner, "own a relationship")
    if not reason.strip():
        raise OwnershipError("a transfer needs a reason")
    with transaction.atomic():
        locked = _lock_relationship(customer_id)
        # Read the clock only once the row lock is held, so concurrent transfers get
        # times in the order they commit and the hand-off chain reads in time order.
        at = at or timezone.now()
        if locked.stage == Stage.DEPARTED:
            raise OwnershipError("the customer has departed; the relationship cannot move")
        previous_id = _move_assignment(locked, to_owner, by, reason, at)
        carried = _carry_promises(customer_id, previous_id, to_owner)
        told = None
        if notify_customer:
            notice = handoff_notice(customer_id, to_owner)
            [told] = send_notices([notice], at=at, on_failure=record_notice_failure)
        handoff = Handoff.objects.create(
            customer_id=customer_id,
            from_owner_id=previous_id,
            to_owner=to_owner,
            by=by,
            reason=reason,
            note=note,
            occurred_at=at,
            open_promises_carried=carried,
            customer_told_at=at if told else None,
            notice_message_id=told.message_id if told else "",
            notice_problem=told.problem if told else "",
        )
        record_event(
            action="owner.transfer",
            actor=by,
            customer_id=customer_id,
            object_type="handoff",
            object_id=handoff.pk,
            reason=reason,
            details={
                "from": previous_id,
                "to": to_owner.pk,
                "promises_carried": carried,
                "told": told.channels if told else "",
            },
        )
        # The book's rollups are kept per owner: the new owner's dashboard counts the
        # customer once it is rescored.
        mark_customer_changed(customer_id)
    return handoff


def add_team_member(
    *, customer_id: int, member: StaffMember, function: str, by: StaffMember | None
) -> TeamMembership:
    """Put `member` on the customer's team in `function`; adding twice returns the first."""
    _require_active(member, "join a team")
    if function not in Function.values:
        raise OwnershipError(f"unknown function {function!r}, use one of {Function.values}")
    with transaction.atomic():
        Relationship.objects.select_for_update().filter(customer_id=customer_id).first()
        existing = TeamMembership.objects.filter(
            customer_id=customer_id, staff=member, function=function, removed_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        membership = TeamMembership.objects.create(
            customer_id=customer_id, staff=member, function=function, added_at=timezone.now()
        )
        record_event(
            action="team.add",
            actor=by,
            customer_id=customer_id,
            object_type="team_membership",
            object_id=membership.pk,
            details={"staff": member.pk, "function": function},
        )
    return membership


def remove_team_member(
    *, customer_id: int, member_id: int, function: str, by: StaffMember | None
) -> TeamMembership:
    """End the member's active team role in `function`; raises if they have none."""
    with transaction.atomic():
        membership = (
            TeamMembership.objects.select_for_update()
            .filter(
                customer_id=customer_id,
                staff_id=member_id,
                function=function,
                removed_at__isnull=True,
            )
            .first()
        )
        if membership is None:
            raise OwnershipError(f"staff {member_id} is not on this team as {function}")
        membership.removed_at = timezone.now()
        membership.save(update_fields=["removed_at"])
        record_event(
            action="team.remove",
            actor=by,
            customer_id=customer_id,
            object_type="team_membership",
            object_id=membership.pk,
            details={"staff": member_id, "function": function},
        )
    return membership


def change_stage(
    *,
    customer_id: int,
    to_stage: str,
    reason: str,
    by: StaffMember | None,
    actor_label: str = "",
    delivered_promise_ids: Iterable[int] = (),
    at: datetime | None = None,
) -> StageChange:
    """Move the relationship to a lifecycle stage, recording why.

    Departed is an ending: it goes through end_relationship (requests, promises, of
    which `delivered_promise_ids` are kept, subscriptions, the customer told). Leaving
    departed (won back, a rejoin) clears ended_at. Raises OwnershipError, changing nothing.
    """
    if to_stage not in Stage.values:
        raise OwnershipError(f"unknown stage {to_stage!r}, use one of {Stage.values}")
    if not reason.strip():
        raise OwnershipError("a stage change needs a reason")
    if to_stage == Stage.DEPARTED:
        ending = end_relationship(
            customer_id=customer_id,
            by=by,
            actor_label=actor_label,
            reason=reason,
            delivered_promise_ids=delivered_promise_ids,
            at=at,
        )
        return ending.stage_change
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock_relationship(customer_id)
        if locked.stage == to_stage:
            raise OwnershipError(f"the relationship is already {to_stage}")
        change = StageChange.objects.create(
            customer_id=customer_id,
            from_stage=locked.stage,
            to_stage=to_stage,
            reason=reason.strip(),
            by=by,
            occurred_at=at,
        )
        locked.stage = to_stage
        locked.stage_changed_at = at
        locked.ended_at = None
        locked.save(update_fields=["stage", "stage_changed_at", "ended_at"])
        record_event(
            action="stage.change",
            actor=by,
            actor_label=actor_label,
            customer_id=customer_id,
            object_type="stage_change",
            object_id=change.pk,
            reason=reason,
            details={"from": change.from_stage, "to": to_stage},
        )
        mark_customer_changed(customer_id)
    return change


def rejoin_relationship(
    *, customer_id: int, actor_label: str = "", by: StaffMember | None = None
) -> StageChange:
    """A customer who left comes back: the relationship is won back, with the owner it
    had (orphaned, and so on the board, if that owner has left since). Raises
    OwnershipError unless the relationship is departed."""
    relationship = Relationship.objects.filter(customer_id=customer_id).first()
    if relationship is None or relationship.stage != Stage.DEPARTED:
        raise OwnershipError("only a customer who has left can rejoin")
    return change_stage(
        customer_id=customer_id,
        to_stage=Stage.WON_BACK,
        reason="the customer rejoined",
        by=by,
        actor_label=actor_label,
    )
