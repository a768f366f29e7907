"""Writes on relationships: open one, transfer the accountable owner, team, lifecycle stage.

Each service owns its transaction. The partial unique index on OwnerAssignment is what
guarantees one active owner; the row lock here only makes the common race fail politely.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.changes import mark_customer_changed
from accord.core.models import Function
from accord.members.models import StaffMember
from accord.relationships.errors import OwnershipError
from accord.relationships.models import (
    OwnerAssignment,
    Relationship,
    Stage,
    StageChange,
    TeamMembership,
)


def require_working(member: StaffMember, role: str) -> None:
    if not member.is_working:
        raise OwnershipError(f"{member} is not an active staff member and cannot {role}")


def lock_relationship(customer_id: int) -> Relationship:
    """The relationship row, locked until the end of the caller's transaction."""
    locked = Relationship.objects.select_for_update().filter(customer_id=customer_id).first()
    if locked is None:
        raise OwnershipError(f"customer {customer_id} has no relationship")
    return locked


def open_relationship(
    *,
    customer_id: int,
    owner: StaffMember,
    stage: str = Stage.PROSPECT,
    started_at: datetime | None = None,
    by: StaffMember | None = None,
) -> Relationship:
    """Create the relationship and its first accountable owner (one transaction)."""
    require_working(owner, "own a relationship")
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


def add_team_member(
    *, customer_id: int, member: StaffMember, function: str, by: StaffMember | None
) -> TeamMembership:
    """Put `member` on the customer's team in `function`; adding twice returns the first."""
    require_working(member, "join a team")
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


def move_stage(
    *,
    customer_id: int,
    to_stage: str,
    reason: str,
    by: StaffMember | None,
    actor_label: str = "",
    at: datetime | None = None,
) -> StageChange:
    """Move the relationship to a lifecycle stage other than departed, recording why.

    Departed is an ending, which reaches into other domains (requests, promises,
    subscriptions, the customer told): callers go through accord.handovers.endings.
    Leaving departed (won back, a rejoin) clears ended_at. Raises OwnershipError,
    changing nothing.
    """
    if to_stage not in Stage.values:
        raise OwnershipError(f"unknown stage {to_stage!r}, use one of {Stage.values}")
    if to_stage == Stage.DEPARTED:
        raise OwnershipError("a relationship ends through end_relationship")
    if not reason.strip():
        raise OwnershipError("a stage change needs a reason")
    at = at or timezone.now()
    with transaction.atomic():
        locked = lock_relationship(customer_id)
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
    return move_stage(
        customer_id=customer_id,
        to_stage=Stage.WON_BACK,
        reason="the customer rejoined",
        by=by,
        actor_label=actor_label,
    )
