"""Erasing what a customer said and was told: the free text of interactions, requests,
conversations and internal notes. Dates, channels, kinds and statuses stay for aggregates."""

from __future__ import annotations

from django.db import transaction

from accord.interactions.models import Conversation, Interaction, InternalNote, Request


def erase_interaction_texts(customer_id: int) -> None:
    """Blank subjects, bodies and outcomes of the customer's interactions, requests and
    conversations, and staff's notes about them; joins the caller's transaction.
    Idempotent."""
    with transaction.atomic():
        Interaction.objects.filter(customer_id=customer_id).update(subject="", body="")
        Request.objects.filter(customer_id=customer_id).update(subject="", body="", outcome="")
        Conversation.objects.filter(customer_id=customer_id).update(subject="", outcome="")
        InternalNote.objects.filter(customer_id=customer_id).update(body="")
