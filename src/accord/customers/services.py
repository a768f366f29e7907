"""Writes on customers: create one with its relationship and owner, add identities."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.bulk import Columns, insert_columns
from accord.customers.models import Contact, Customer, CustomerKind, Identity, IdentityKind
from accord.members.models import StaffMember
from accord.relationships.models import Stage
from accord.relationships.services import open_relationship


def create_customer(
    *,
    name: str,
    owner: StaffMember,
    kind: str = CustomerKind.PERSON,
    email: str = "",
    phone: str = "",
    city: str = "",
    country: str = "",
    stage: str = Stage.PROSPECT,
    by: StaffMember | None = None,
    created_at: datetime | None = None,
) -> Customer:
    """Create a customer, its relationship and its accountable owner in one transaction."""
    created_at = created_at or timezone.now()
    email = email.strip().lower()
    with transaction.atomic():
        customer = Customer.objects.create(
            kind=kind,
            name=name.strip(),
            email=email,
            phone=phone,
            city=city,
            country=country.upper(),
            created_at=created_at,
        )
        if email:
            Identity.objects.create(customer=customer, kind=IdentityKind.EMAIL, value=email)
        open_relationship(
            customer_id=customer.pk, owner=owner, stage=stage, started_at=created_at, by=by
        )
        record_event(
            action="customer.create",
            actor=by,
            customer_id=customer.pk,
            object_type="customer",
            object_id=customer.pk,
        )
    return customer


def add_customers_bulk(columns: Columns) -> int:
    """Insert customers (without relationships), given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(Customer, columns)


def add_contacts_bulk(columns: Columns) -> int:
    """Insert contacts of organizations, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(Contact, columns)


def add_identities_bulk(columns: Columns) -> int:
    """Insert identities, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(Identity, columns)
