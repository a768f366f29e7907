"""Reads on captured mail: the inbox of unmatched messages and who may work it."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accord.mail.models import CapturedMessage, Mailbox, MessageStatus
from accord.members.models import StaffMember


def _visible_to(staff: StaffMember) -> Q:
    # Managers work every mailbox's inbox; a member, the mail of their own mailbox.
    if staff.is_manager:
        return Q()
    return Q(mailbox__staff=staff)


def can_use_inbox(staff: StaffMember) -> bool:
    """Managers, and members with a mailbox of their own (the nav shows the inbox to them)."""
    if not staff.is_working:
        return False
    return staff.is_manager or Mailbox.objects.filter(staff=staff).exists()


def list_unmatched_messages(staff: StaffMember) -> QuerySet[CapturedMessage]:
    """Unmatched mail this staff member may link, oldest first (it waits longest)."""
    return (
        CapturedMessage.objects.filter(status=MessageStatus.UNMATCHED)
        .filter(_visible_to(staff))
        .select_related("mailbox")
        .order_by("sent_at", "pk")
    )


def count_unmatched_messages(staff: StaffMember) -> int:
    return (
        CapturedMessage.objects.filter(status=MessageStatus.UNMATCHED)
        .filter(_visible_to(staff))
        .count()
    )
