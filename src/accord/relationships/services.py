"""Writes on relationships: open one, assign and transfer the accountable owner.

Each service owns its transaction. The partial unique index on OwnerAssignment is what
guarantees one active owner; the row lock here only makes the common race fail politely.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.members.models import StaffMember
from accord.relationships.models import (
    Handoff,
    OwnerAssignment,
    Relationship,
    Stage,
    StageChange,
)


class OwnershipError(Exception):
    """A transfer or assignment that the rules refuse; the message says why."""


def open_relationship(
    *,
    customer_id: int,
    owner: StaffMember,
    stage: str = Stage.PROSPECT,
    started_at: datetime | None = None,
    by: StaffMember | None = None,
) -> Relationship:
    """Create the relationship and its first accountable owner (one transaction)."""
    if not owner.is_active:
        raise OwnershipError(f"{owner} is not an active staff member")
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


def transfer_owner(
    *,
    customer_id: int,
    to_owner: StaffMember,
    by: StaffMember | None,
    reason: str,
    note: str = "",
    at: datetime | None = None,
) -> Handoff:
    """End the active assignment and start one for `to_owner`, with a hand-off record.

    Permission checks belong to the caller's accessor; this enforces the domain rules:
    the new owner is active staff, the relationship is not departed, and it changes owner.
    """
    at = at or timezone.now()
    if not to_owner.is_active:
        raise OwnershipError(f"{to_owner} is not active and cannot own a relationship")
    with transaction.atomic():
        relationship = Relationship.objects.select_for_update().get(customer_id=customer_id)
        if relationship.stage == Stage.DEPARTED:
            raise OwnershipError("the customer has departed; the relationship cannot move")
        current = OwnerAssignment.objects.filter(
            customer_id=customer_id, ended_at__isnull=True
        ).first()
        if current is not None and current.owner_id == to_owner.pk:
            raise OwnershipError(f"{to_owner} already owns this relationship")
        if current is not None:
            current.ended_at = max(at, current.started_at)
            current.save(update_fields=["ended_at"])
        OwnerAssignment.objects.create(
            customer_id=customer_id,
            relationship=relationship,
            owner=to_owner,
            started_at=at,
            assigned_by=by,
            reason=reason,
        )
        relationship.owner = to_owner
        relationship.save(update_fields=["owner"])
        handoff = Handoff.objects.create(
            customer_id=customer_id,
            from_owner_id=current.owner_id if current else None,
            to_owner=to_owner,
            by=by,
            reason=reason,
            note=note,
            occurred_at=at,
        )
        record_event(
            action="owner.transfer",
            actor=by,
            customer_id=customer_id,
            object_type="handoff",
            object_id=handoff.pk,
            reason=reason,
            details={"from": handoff.from_owner_id, "to": to_owner.pk},
        )
    return handoff
