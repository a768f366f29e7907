"""Erasing the personal keys in a customer's contracts; prices, dates and terms stay."""

from __future__ import annotations

from accord.commerce.models import Subscription


def erase_transfer_codes(customer_id: int) -> None:
    """Blank transfer codes (a porting key identifies the customer elsewhere). Idempotent."""
    Subscription.objects.filter(customer_id=customer_id).update(transfer_code="")
