"""Which conversations and interactions a staff member may read or change; outsiders
get 404."""

from __future__ import annotations

from django.http import Http404

from accord.customers.access import access_customer_record_for_staff, can_staff_change_customer
from accord.interactions.models import Conversation, Interaction
from accord.interactions.queries import get_conversation_thread
from accord.members.models import StaffMember


def access_conversation_for_staff(staff: StaffMember, conversation_id: int) -> Conversation:
    """A conversation thread for any working staff member (the book is the company's)."""
    if not staff.is_working:
        raise Http404("No such conversation")
    conversation = get_conversation_thread(conversation_id)
    if conversation is None:
        raise Http404("No such conversation")
    return conversation


def access_interaction_for_staff(
    staff: StaffMember, interaction_id: int, *, change: bool
) -> Interaction:
    """An interaction under its customer's rule; changing one is for the people who look
    after the relationship or the staff member who logged it."""
    interaction = access_customer_record_for_staff(
        staff, Interaction, interaction_id, change=False, noun="interaction"
    )
    logged_it = interaction.staff_id == staff.pk
    if change and not logged_it and not can_staff_change_customer(staff, interaction.customer_id):
        raise Http404("No such interaction")
    return interaction


def access_conversation_for_answer(staff: StaffMember, conversation_id: int) -> Conversation:
    """A conversation `staff` may answer or resolve: the people who look after the
    relationship, or whoever one of its requests is assigned to; others get 404."""
    conversation = access_conversation_for_staff(staff, conversation_id)
    assigned = any(r.assigned_to_id == staff.pk for r in conversation.requests.all())
    if not assigned and not can_staff_change_customer(staff, conversation.customer_id):
        raise Http404("No such conversation")
    return conversation
