"""Writes on customers: create one with its relationship and owner, change its fields,
its contacts (people who speak for an organization) and identities.

Every service validates with accord.customers.validators, owns its transaction, is
audited and marks the customer for rescoring.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.changes import mark_customer_changed
from accord.core.validation import Conflict, ValidationProblem
from accord.customers.models import Contact, Customer, CustomerKind, Identity, IdentityKind
from accord.customers.validators import (
    clean_contact,
    clean_contact_changes,
    clean_customer,
    clean_customer_changes,
    clean_identity,
    clean_stage,
)
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
    """Create a customer, its relationship and its accountable owner in one transaction.

    Raises ValidationProblem for bad values and Conflict("email") when the address is
    already an identity of another customer.
    """
    fields = clean_customer(
        {
            "name": name,
            "kind": kind,
            "email": email,
            "phone": phone,
            "city": city,
            "country": country,
        }
    )
    stage = clean_stage(stage)
    created_at = created_at or timezone.now()
    with transaction.atomic():
        if fields["email"]:
            _refuse_taken_email(fields["email"], customer_id=None)
        customer = Customer.objects.create(**fields, created_at=created_at)
        if fields["email"]:
            Identity.objects.create(
                customer=customer, kind=IdentityKind.EMAIL, value=fields["email"]
            )
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
        # A new customer has no score yet: the scorer must meet it before any list does.
        mark_customer_changed(customer.pk)
    return customer


def update_customer(*, customer_id: int, by: StaffMember | None, **fields: Any) -> Customer:
    """Change the given fields (kind, name, email, phone, city, country) of a customer.

    A new email also becomes an email identity (the old one stays: it still recognises
    the customer's mail). Unchanged values write nothing. One transaction, audited with
    the names of the changed fields; raises ValidationProblem / Conflict("email").
    """
    changes = clean_customer_changes(fields)
    with transaction.atomic():
        customer = lock_customer(customer_id)
        changed = [name for name, value in changes.items() if getattr(customer, name) != value]
        if not changed:
            return customer
        for name in changed:
            setattr(customer, name, changes[name])
        if "email" in changed and customer.email:
            _ensure_email_identity(customer)
        customer.save(update_fields=changed)
        record_event(
            action="customer.update",
            actor=by,
            customer_id=customer.pk,
            object_type="customer",
            object_id=customer.pk,
            details={"fields": changed},
        )
        mark_customer_changed(customer.pk)
    return customer


def lock_customer(customer_id: int) -> Customer:
    """The customer row, locked until the transaction ends; erased customers take no writes."""
    customer = Customer.objects.select_for_update().filter(pk=customer_id).first()
    if customer is None:
        raise ValidationProblem("customer_id", f"no customer {customer_id}")
    if customer.erased_at is not None:
        raise Conflict("customer_id", f"customer {customer_id} was erased")
    return customer


def _refuse_taken_email(email: str, customer_id: int | None) -> None:
    holder = (
        Identity.objects.filter(kind=IdentityKind.EMAIL, source="", value=email)
        .values_list("customer_id", flat=True)
        .first()
    )
    if holder is not None and holder != customer_id:
        raise Conflict("email", f"{email} is already the email of customer {holder}")


def _ensure_email_identity(customer: Customer) -> None:
    _refuse_taken_email(customer.email, customer.pk)
    Identity.objects.get_or_create(
        customer=customer, kind=IdentityKind.EMAIL, source="", value=customer.email
    )


def add_identity(
    *, customer_id: int, kind: str, value: str, source: str = "", by: StaffMember | None
) -> Identity:
    """Add a way to recognise the customer. Idempotent: the same identity on the same
    customer is returned as it is; on another customer it is a Conflict("value")."""
    fields = clean_identity({"kind": kind, "value": value, "source": source})
    with transaction.atomic():
        customer = lock_customer(customer_id)
        existing = Identity.objects.filter(**fields).first()
        if existing is not None:
            if existing.customer_id != customer.pk:
                raise Conflict(
                    "value", f"{fields['value']} already identifies customer {existing.customer_id}"
                )
            return existing
        identity = Identity.objects.create(customer=customer, **fields)
        if identity.kind == IdentityKind.EMAIL and not identity.source and not customer.email:
            customer.email = identity.value
            customer.save(update_fields=["email"])
        _audit("identity.add", by, customer.pk, "identity", identity.pk, fields["kind"])
    return identity


def update_identity(*, identity_id: int, by: StaffMember | None, **fields: Any) -> Identity:
    """Correct an identity's kind, source or value (cleaned as a whole: an email identity
    stays an address); Conflict("value") when the result identifies another customer."""
    unknown = sorted(set(fields) - {"kind", "source", "value"})
    if unknown:
        raise ValidationProblem(unknown[0], "is not a field that can be changed here")
    with transaction.atomic():
        identity = Identity.objects.filter(pk=identity_id).first()
        if identity is None:
            raise ValidationProblem("identity_id", f"no identity {identity_id}")
        customer = lock_customer(identity.customer_id)
        current = {"kind": identity.kind, "source": identity.source, "value": identity.value}
        clean = clean_identity(current | fields)
        if clean == current:
            return identity
        holder = Identity.objects.filter(**clean).exclude(pk=identity.pk).first()
        if holder is not None:
            raise Conflict(
                "value", f"{clean['value']} already identifies customer {holder.customer_id}"
            )
        was_primary = _is_primary_email(identity, customer)
        for name, value in clean.items():
            setattr(identity, name, value)
        identity.save(update_fields=["kind", "source", "value"])
        if was_primary:  # the denormalised email follows its identity
            customer.email = identity.value if _is_primary_email(identity, None) else ""
            customer.save(update_fields=["email"])
        _audit("identity.update", by, identity.customer_id, "identity", identity.pk, clean["kind"])
    return identity


def _is_primary_email(identity: Identity, customer: Customer | None) -> bool:
    """An email identity of no particular system, and (given a customer) its email."""
    is_email = identity.kind == IdentityKind.EMAIL and not identity.source
    return is_email and (customer is None or identity.value == customer.email)


def remove_identity(*, identity_id: int, by: StaffMember | None) -> None:
    """Remove an identity; when it was the primary email, another email identity (or
    none) takes its place on the customer."""
    with transaction.atomic():
        identity = Identity.objects.filter(pk=identity_id).first()
        if identity is None:
            raise ValidationProblem("identity_id", f"no identity {identity_id}")
        customer = lock_customer(identity.customer_id)
        identity.delete()
        if identity.kind == IdentityKind.EMAIL and identity.value == customer.email:
            customer.email = (
                customer.identities.filter(kind=IdentityKind.EMAIL, source="")
                .order_by("pk")
                .values_list("value", flat=True)
                .first()
                or ""
            )
            customer.save(update_fields=["email"])
        _audit("identity.remove", by, customer.pk, "identity", identity_id, identity.kind)


def add_contact(
    *,
    customer_id: int,
    name: str,
    email: str,
    phone: str = "",
    title: str = "",
    is_primary: bool = False,
    by: StaffMember | None,
) -> Contact:
    """Add a person who speaks for an organization customer; Conflict("email") when the
    organization already has a contact with that address. A new primary contact takes
    over from the previous one."""
    fields = clean_contact(
        {"name": name, "email": email, "phone": phone, "title": title, "is_primary": is_primary}
    )
    with transaction.atomic():
        customer = lock_customer(customer_id)
        if customer.kind != CustomerKind.ORGANIZATION:
            raise ValidationProblem(
                "customer_id",
                f"customer {customer_id} is a person; contacts speak for organizations",
            )
        _refuse_taken_contact_email(customer.pk, fields["email"], contact_id=None)
        if fields["is_primary"]:
            customer.contacts.filter(is_primary=True).update(is_primary=False)
        contact = Contact.objects.create(customer=customer, **fields)
        _audit("contact.add", by, customer.pk, "contact", contact.pk)
    return contact


def update_contact(*, contact_id: int, by: StaffMember | None, **fields: Any) -> Contact:
    """Change the given fields (name, email, phone, title, is_primary) of a contact."""
    changes = clean_contact_changes(fields)
    with transaction.atomic():
        contact = _lock_contact(contact_id)
        changed = [name for name, value in changes.items() if getattr(contact, name) != value]
        if not changed:
            return contact
        if "email" in changed:
            _refuse_taken_contact_email(contact.customer_id, changes["email"], contact.pk)
        if changes.get("is_primary"):
            Contact.objects.filter(customer_id=contact.customer_id, is_primary=True).update(
                is_primary=False
            )
        for name in changed:
            setattr(contact, name, changes[name])
        contact.save(update_fields=changed)
        _audit("contact.update", by, contact.customer_id, "contact", contact.pk, fields=changed)
    return contact


def remove_contact(*, contact_id: int, by: StaffMember | None) -> None:
    """Remove a contact (their portal sign-in through this organization ends with it)."""
    with transaction.atomic():
        contact = _lock_contact(contact_id)
        contact.delete()
        _audit("contact.remove", by, contact.customer_id, "contact", contact_id)


def _lock_contact(contact_id: int) -> Contact:
    contact = Contact.objects.filter(pk=contact_id).first()
    if contact is None:
        raise ValidationProblem("contact_id", f"no contact {contact_id}")
    lock_customer(contact.customer_id)  # contacts of one customer change one at a time
    return contact


def _refuse_taken_contact_email(customer_id: int, email: str, contact_id: int | None) -> None:
    taken = Contact.objects.filter(customer_id=customer_id, email=email)
    if contact_id is not None:
        taken = taken.exclude(pk=contact_id)
    if taken.exists():
        raise Conflict("email", f"{email} is already a contact of customer {customer_id}")


def _audit(
    action: str,
    by: StaffMember | None,
    customer_id: int,
    object_type: str,
    object_id: int,
    kind: str = "",
    fields: list[str] | None = None,
) -> None:
    details: dict[str, Any] = {"kind": kind} if kind else {}
    if fields:
        details["fields"] = fields
    record_event(
        action=action,
        actor=by,
        customer_id=customer_id,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )
    mark_customer_changed(customer_id)
