"""Reads on relationships: owner history, hand-offs, team, stage history, a book's size."""

from __future__ import annotations

from django.db.models import QuerySet

from accord.members.models import StaffMember
from accord.relationships.models import (
    Handoff,
    OwnerAssignment,
    Relationship,
    Stage,
    StageChange,
    TeamMembership,
)


def get_relationship(customer_id: int) -> Relationship | None:
    return (
        Relationship.objects.select_related("owner", "customer")
        .filter(customer_id=customer_id)
        .first()
    )


def get_relationship_owner(customer_id: int) -> StaffMember | None:
    """The accountable owner now (None when orphaned or unknown)."""
    relationship = get_relationship(customer_id)
    return relationship.owner if relationship else None


def list_owner_history(customer_id: int) -> QuerySet[OwnerAssignment]:
    """Every ownership period, newest first, with the owner and who assigned them."""
    return (
        OwnerAssignment.objects.filter(customer_id=customer_id)
        .select_related("owner", "assigned_by")
        .order_by("-started_at", "-pk")
    )


def list_handoffs(customer_id: int) -> QuerySet[Handoff]:
    return (
        Handoff.objects.filter(customer_id=customer_id)
        .select_related("from_owner", "to_owner", "by")
        .order_by("-occurred_at", "-pk")
    )


def list_team(customer_id: int) -> QuerySet[TeamMembership]:
    """The active team around the owner, by function then name."""
    return (
        TeamMembership.objects.filter(customer_id=customer_id, removed_at__isnull=True)
        .select_related("staff")
        .order_by("function", "staff__first_name", "pk")
    )


def list_stage_changes(customer_id: int) -> QuerySet[StageChange]:
    return (
        StageChange.objects.filter(customer_id=customer_id)
        .select_related("by")
        .order_by("-occurred_at", "-pk")
    )


def list_book(owner_id: int) -> QuerySet[Relationship]:
    """The live relationships a staff member owns now, by name. A departed customer
    keeps its last owner on record but is nobody's work any more."""
    return (
        Relationship.objects.filter(owner_id=owner_id)
        .exclude(stage=Stage.DEPARTED)
        .select_related("customer")
        .order_by("customer__name", "customer_id")
    )
