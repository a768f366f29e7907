"""Who may change a relationship or see the board; everyone else gets 404.

A refused actor learns nothing, not even whether the customer exists, so both the
API and the pages answer 404 (the accessor raises Http404 itself).
"""

from __future__ import annotations

from django.http import Http404

from accord.members.models import StaffMember
from accord.relationships.models import Relationship, Stage, TeamMembership


def _is_working(staff: StaffMember) -> bool:
    return staff.is_working


def can_steer_relationship(staff: StaffMember, relationship: Relationship) -> bool:
    """Managers steer every relationship; a member only the ones they own."""
    return _is_working(staff) and (staff.is_manager or relationship.owner_id == staff.pk)


def access_relationship_for_update(staff: StaffMember, customer_id: int) -> Relationship:
    """The relationship if `staff` is a manager or its current owner, else Http404.
    For team and stage changes (a departed customer can still be won back)."""
    relationship = (
        Relationship.objects.select_related("owner", "customer")
        .filter(customer_id=customer_id)
        .first()
    )
    if relationship is None or not can_steer_relationship(staff, relationship):
        raise Http404("No such customer")
    return relationship


def can_transfer_relationship(staff: StaffMember, relationship: Relationship) -> bool:
    """As steering, but a departed relationship belongs to the customer who left: nobody
    inside may hand it on."""
    return relationship.stage != Stage.DEPARTED and can_steer_relationship(staff, relationship)


def access_relationship_for_transfer(staff: StaffMember, customer_id: int) -> Relationship:
    """The live relationship if `staff` is a manager or its current owner, else Http404."""
    relationship = access_relationship_for_update(staff, customer_id)
    if relationship.stage == Stage.DEPARTED:
        raise Http404("No such customer")
    return relationship


def is_on_team(staff: StaffMember, relationship: Relationship) -> bool:
    """The accountable owner or an active teammate (managers are not, by role alone)."""
    if relationship.owner_id == staff.pk:
        return True
    return TeamMembership.objects.filter(
        customer_id=relationship.customer_id, staff_id=staff.pk, removed_at__isnull=True
    ).exists()


def access_relationship_for_team_work(staff: StaffMember, customer_id: int) -> Relationship:
    """The relationship if `staff` may change its promises, requests, team and stage: its
    owner, its active teammates and managers. Everyone else gets Http404."""
    relationship = (
        Relationship.objects.select_related("owner", "customer")
        .filter(customer_id=customer_id)
        .first()
    )
    if relationship is None or not _is_working(staff):
        raise Http404("No such customer")
    if not (staff.is_manager or is_on_team(staff, relationship)):
        raise Http404("No such customer")
    return relationship


def access_board_for_staff(staff: StaffMember) -> None:
    """The accountability board is for managers; members get 404."""
    if not (_is_working(staff) and staff.is_manager):
        raise Http404("No such page")
