"""Erasing what a customer said in surveys, and that a public post was theirs."""

from __future__ import annotations

from django.db import transaction

from accord.voice.models import SocialMention, SurveyResponse, TextSignal


def erase_voice_of_customer(customer_id: int) -> None:
    """Blank survey comments (scores stay), forget what their words said (signals keep
    excerpts) and unlink matched mentions; joins the caller's transaction. Idempotent."""
    with transaction.atomic():
        SurveyResponse.objects.filter(customer_id=customer_id).update(comment="")
        TextSignal.objects.filter(customer_id=customer_id).delete()
        # The post is public and stays with the platform; we only forget it was this customer.
        SocialMention.objects.filter(customer_id=customer_id).update(customer=None)
