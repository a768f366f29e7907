"""Which conversations a staff member may read; outsiders get 404."""

from __future__ import annotations

from django.http import Http404

from accord.interactions.models import Conversation
from accord.interactions.queries import get_conversation_thread
from accord.members.models import StaffMember


def access_conversation_for_staff(staff: StaffMember, conversation_id: int) -> Conversation:
    """A conversation thread for any working staff member (the book is the company's)."""
    if not staff.is_active or staff.left_at is not None:
        raise Http404("No such conversation")
    conversation = get_conversation_thread(conversation_id)
    if conversation is None:
        raise Http404("No such conversation")
    return conversation
