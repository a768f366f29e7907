"""Reads for the staff pages: a customer's voice (360), the mentions inbox."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from accord.voice.models import Escalation, SocialMention, TextSignal


def get_customer_voice(customer_id: int) -> dict[str, Any]:
    """What the customer said and how loudly: recent public posts, their messages that
    asked to leave or complained, and open escalations (a few indexed queries)."""
    signals = TextSignal.objects.filter(customer_id=customer_id)
    counts = signals.aggregate(
        exit_asks=Count("pk", filter=~Q(exit_intent="")),
        complaints=Count("pk", filter=Q(complaint=True)),
    )
    return {
        "mentions": list(
            SocialMention.objects.filter(customer_id=customer_id).order_by("-posted_at", "-pk")[:10]
        ),
        "signals": list(signals.order_by("-occurred_at", "-pk")[:10]),
        "exit_asks": counts["exit_asks"],
        "complaints": counts["complaints"],
        "escalations": list(
            Escalation.objects.filter(customer_id=customer_id, resolved_at__isnull=True).order_by(
                "due_at"
            )
        ),
    }


def list_unmatched_mentions() -> QuerySet[SocialMention]:
    """The inbox: mentions matched to nobody, newest first, with any suggested customer."""
    return (
        SocialMention.objects.filter(customer__isnull=True)
        .select_related("suggested_customer")
        .order_by("-posted_at", "-pk")
    )
