"""Who may manage staff in the staff UI; everyone else gets 404.

Managers and admins see the staff list and may deactivate members (handing their
relationships over); only admins create staff, change roles and functions, and
deactivate managers or admins. Nobody deactivates themselves.
"""

from __future__ import annotations

from django.http import Http404

from accord.members.models import Role, StaffMember


def _is_working(staff: StaffMember) -> bool:
    return staff.is_working


def is_admin(staff: StaffMember) -> bool:
    return _is_working(staff) and staff.role == Role.ADMIN


def access_staff_list_for_staff(actor: StaffMember) -> None:
    """Return quietly for managers and admins; Http404 for anyone else."""
    if not (_is_working(actor) and actor.is_manager):
        raise Http404("No such page")


def access_member_for_staff(actor: StaffMember, staff_id: int) -> StaffMember:
    """The staff member `staff_id` for a manager or admin, else Http404."""
    access_staff_list_for_staff(actor)
    member = StaffMember.objects.select_related("delegate").filter(pk=staff_id).first()
    if member is None:
        raise Http404("No such staff member")
    return member


def access_staff_admin_for_staff(actor: StaffMember) -> None:
    """Creating staff and changing roles or functions: admins only (Http404 otherwise)."""
    if not is_admin(actor):
        raise Http404("No such page")


def deactivation_refusal(actor: StaffMember, member: StaffMember) -> str | None:
    """Why `actor` (a manager or admin) may not deactivate `member`, or None if they may.
    Roles are ranked: managers deactivate members; only an admin deactivates a manager
    or an admin; nobody deactivates themselves (a locked-out last admin helps no one)."""
    if not (_is_working(actor) and actor.is_manager):
        return "only managers and admins deactivate staff"
    if actor.pk == member.pk:
        return "nobody can deactivate themselves"
    if member.is_manager and actor.role != Role.ADMIN:
        return "only an admin can deactivate a manager or an admin"
    return None


def can_deactivate(actor: StaffMember, member: StaffMember) -> bool:
    return deactivation_refusal(actor, member) is None
