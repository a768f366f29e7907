"""Reads on consents: what is in force now, per purpose and partner, and the receipts."""

from __future__ import annotations

from django.db.models import QuerySet

from accord.consents.models import Consent, ConsentReceipt, Purpose


def get_consents_in_force(customer_id: int) -> dict[tuple[str, int | None], Consent]:
    """(purpose, partner_id) -> the newest decision. Missing key: never asked, not granted."""
    newest: dict[tuple[str, int | None], Consent] = {}
    rows = Consent.objects.filter(customer_id=customer_id).order_by("recorded_at", "pk")
    for consent in rows:
        newest[(consent.purpose, consent.partner_id)] = consent
    return newest


def has_consent(customer_id: int, purpose: str, partner_id: int | None = None) -> bool:
    rows = Consent.objects.filter(customer_id=customer_id, purpose=purpose)
    rows = (
        rows.filter(partner__isnull=True)
        if partner_id is None
        else rows.filter(partner_id=partner_id)
    )
    latest = rows.order_by("-recorded_at", "-pk").first()
    return bool(latest and latest.is_granted)


def list_receipts(customer_id: int) -> QuerySet[ConsentReceipt]:
    return ConsentReceipt.objects.filter(customer_id=customer_id).order_by("-issued_at", "-pk")


def list_partners_shared_with(customer_id: int) -> list[int]:
    """Partners that were ever granted sharing: they may hold the customer's data."""
    return list(
        Consent.objects.filter(
            customer_id=customer_id, purpose=Purpose.PARTNER_SHARING, is_granted=True
        )
        .values_list("partner_id", flat=True)
        .distinct()
    )
