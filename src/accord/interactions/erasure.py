"""Erasing what a customer said and was told: the free text of interactions, requests and
conversations. Dates, channels, kinds and outcomes' existence stay for aggregates."""

from __future__ import annotations

from django.db import transaction

from accord.interactions.models import Conversation, Interaction, Request


def erase_interaction_texts(customer_id: int) -> None:
    """Blank subjects and bodies of the customer's interactions, requests and
    conversations; joins the caller's transaction. Idempotent."""
    with transaction.atomic():
        Interaction.objects.filter(customer_id=customer_id).update(subject="", body="")
        Request.objects.filter(customer_id=customer_id).update(subject="", body="")
        Conversation.objects.filter(customer_id=customer_id).update(subject="")
