"""Writes on consents: record a grant or withdrawal and issue its Kantara receipt.

The consent table is append-only; the newest row per (purpose, partner) is in force.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.consents.models import Consent, ConsentReceipt
from accord.consents.receipts import build_receipt
from accord.consents.validators import clean_consent
from accord.core.changes import mark_customer_changed
from accord.core.validation import ValidationProblem
from accord.customers.models import Customer
from accord.customers.services import lock_customer
from accord.members.models import StaffMember
from accord.partners.models import Partner


class ConsentError(ValidationProblem):
    """A consent decision that cannot be recorded; `.field` and the message say why."""


def set_consent(
    *,
    customer_id: int,
    purpose: str,
    is_granted: bool | str,
    method: str,
    partner_id: int | str | None = None,
    by: StaffMember | None = None,
    actor_label: str = "",
    recorded_at: datetime | str | None = None,
) -> ConsentReceipt:
    """Give (is_granted) or withdraw consent for one purpose (and partner, for
    partner_sharing); appends the decision and its Kantara receipt in one transaction,
    audited, and marks the customer for rescoring. Returns the receipt.

    Not idempotent on purpose: every decision the customer makes gets its own receipt.
    Raises ConsentError (a ValidationProblem) naming the field.
    """
    try:
        fields = clean_consent(
            {
                "purpose": purpose,
                "is_granted": is_granted,
                "method": method,
                "partner_id": partner_id,
                "recorded_at": recorded_at,
            }
        )
    except ValidationProblem as problem:
        raise ConsentError(problem.field, problem.message) from None
    at = fields["recorded_at"] or timezone.now()
    with transaction.atomic():
        customer = lock_customer(customer_id)
        partner = None
        if fields["partner_id"] is not None:
            partner = Partner.objects.filter(pk=fields["partner_id"]).first()
            if partner is None:
                raise ConsentError("partner_id", f"no partner {fields['partner_id']}")
        receipt_id = uuid.uuid4()
        consent = Consent.objects.create(
            customer_id=customer_id,
            purpose=fields["purpose"],
            partner=partner,
            is_granted=fields["is_granted"],
            recorded_at=at,
            method=fields["method"],
            receipt_id=receipt_id,
        )
        receipt = _issue_receipt(consent, customer, partner)
        record_event(
            action="consent.grant" if fields["is_granted"] else "consent.withdraw",
            actor=by,
            actor_label=actor_label,
            customer_id=customer_id,
            object_type="consent",
            object_id=consent.pk,
            details={"purpose": fields["purpose"], "partner": fields["partner_id"]},
        )
        mark_customer_changed(customer_id)
    return receipt


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
    """The customer's own decision (portal): set_consent acting as the customer."""
    return set_consent(
        customer_id=customer_id,
        purpose=purpose,
        is_granted=is_granted,
        method=method,
        partner_id=partner_id,
        actor_label=actor_label,
        recorded_at=at,
    )


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
