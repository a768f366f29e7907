"""Which unmatched messages a staff member may read and link; others get 404."""

from __future__ import annotations

from django.http import Http404

from accord.mail.models import CapturedMessage
from accord.mail.queries import can_use_inbox, list_unmatched_messages
from accord.members.models import StaffMember


def access_unmatched_message_for_staff(staff: StaffMember, message_id: int) -> CapturedMessage:
    """A message still waiting in the inbox that `staff` may link, or Http404 (also for
    a message already linked: there is nothing left to do with it here)."""
    if not can_use_inbox(staff):
        raise Http404("No such message")
    message = list_unmatched_messages(staff).filter(pk=message_id).first()
    if message is None:
        raise Http404("No such message")
    return message
