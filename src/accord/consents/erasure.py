"""Erasing consent receipts, which name the person (piiPrincipalId). The consent rows
themselves stay: what was agreed, and when, is kept anonymously."""

from __future__ import annotations

from accord.consents.models import ConsentReceipt


def erase_consent_receipts(customer_id: int) -> None:
    """Delete the customer's receipts; one DELETE. Idempotent."""
    ConsentReceipt.objects.filter(customer_id=customer_id).delete()
