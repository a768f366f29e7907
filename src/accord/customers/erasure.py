"""Erasing who a customer is: name and addresses blanked, identities and contacts gone.
The customer row stays (anonymous aggregates and history hang on it)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from accord.customers.models import Contact, Customer, Identity


def erase_customer_identity(customer_id: int, at: datetime) -> None:
    """Blank the personal fields and delete identities and contacts; joins the caller's
    transaction. Idempotent."""
    with transaction.atomic():
        Customer.objects.filter(pk=customer_id).update(
            name=f"Erased customer {customer_id}", email="", phone="", city="", erased_at=at
        )
        Identity.objects.filter(customer_id=customer_id).delete()
        Contact.objects.filter(customer_id=customer_id).delete()
