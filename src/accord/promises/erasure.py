"""Erasing the words of a customer's promises; who, when, kind and status stay (kept
rates are anonymous aggregates)."""

from __future__ import annotations

from accord.promises.models import Promise


def erase_promise_texts(customer_id: int) -> None:
    """Replace descriptions and notes with "(erased)"; one UPDATE. Idempotent."""
    Promise.objects.filter(customer_id=customer_id).update(
        description="(erased)", resolution_note=""
    )
