"""Writes on consents: record a grant or withdrawal and issue its Kantara receipt.

The consent table is append-only; the newest row per (purpose, partner) is in force.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.consents.models import Consent, ConsentReceipt, Purpose
from accord.consents.receipts import build_receipt
from accord.core.bulk import Columns, insert_columns
from accord.core.changes import mark_customer_changed
from accord.customers.models import Customer
from accord.partners.models import Partner


class ConsentError(ValueError):
    """A consent decision that cannot be recorded; the message says why."""


def record_consent(
    *,
    customer_id: int,
    purpose: str,
    is_granted: bool,
    method: str,
    partner_id: int | None = None,
    actor_label: str = "customer",
    at: datetime | None = None,
) -> ConsentReceipt:
    """Append one consent decision and its receipt in one transaction; returns the receipt.

    Not idempotent on purpose: every decision the customer makes gets its own receipt.
    """
    _check(purpose, partner_id)
    at = at or timezone.now()
    with transaction.atomic():
        customer = Customer.objects.get(pk=customer_id)
        partner = Partner.objects.get(pk=partner_id) if partner_id is not None else None
        receipt_id = uuid.uuid4()
        consent = Consent.objects.create(
            customer_id=customer_id,
            purpose=purpose,
            partner=partner,
            is_granted=is_granted,
            recorded_at=at,
            method=method,
            receipt_id=receipt_id,
        )
        receipt = _issue_receipt(consent, customer, partner)
        record_event(
            action="consent.grant" if is_granted else "consent.withdraw",
            actor_label=actor_label,
            customer_id=customer_id,
            object_type="consent",
            object_id=consent.pk,
            details={"purpose": purpose, "partner": partner_id},
        )
        mark_customer_changed(customer_id)
    return receipt


def record_consents_bulk(columns: Columns) -> int:
    """Insert consent decisions, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(Consent, columns)


def issue_receipts_bulk(columns: Columns) -> int:
    """Insert consent receipts (documents as JSON text), given column-wise, in one
    transaction; same contract as record_consents_bulk."""
    return insert_columns(ConsentReceipt, columns)


def _check(purpose: str, partner_id: int | None) -> None:
    if purpose not in Purpose.values:
        raise ConsentError(f"purpose: unknown purpose {purpose!r}")
    if (purpose == Purpose.PARTNER_SHARING) != (partner_id is not None):
        raise ConsentError("partner: give a partner for partner_sharing and only for it")


def _issue_receipt(consent: Consent, customer: Customer, partner: Partner | None) -> ConsentReceipt:
    assert consent.receipt_id is not None
    document = build_receipt(
        receipt_id=consent.receipt_id,
        recorded_at=consent.recorded_at,
        principal=customer.email or f"customer-{customer.pk}",
        purpose=consent.purpose,
        is_granted=consent.is_granted,
        method=consent.method,
        partner_name=partner.name if partner else None,
    )
    return ConsentReceipt.objects.create(
        customer_id=customer.pk,
        consent=consent,
        receipt_id=consent.receipt_id,
        issued_at=consent.recorded_at,
        document=document,
    )
