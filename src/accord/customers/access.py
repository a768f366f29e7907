"""Which customers a staff member may see; outsiders get 404 so existence does not leak."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model
from django.http import Http404

from accord.customers.models import Contact, Customer, Identity
from accord.customers.queries import get_customer_detail
from accord.members.models import StaffMember
from accord.relationships.models import Relationship, TeamMembership

M = TypeVar("M", bound=Model)


def can_staff_see_customers(staff: StaffMember) -> bool:
    # For now the whole book is visible to every active staff member (it is the
    # company's book, not the owner's); narrow here, in one place, when roles demand it.
    return staff.is_working


def access_customer_for_staff(staff: StaffMember, customer_id: int) -> Customer:
    """The customer with relationship, owner, identities and team, or Http404."""
    if not can_staff_see_customers(staff):
        raise Http404("No such customer")
    customer = get_customer_detail(customer_id)
    if customer is None:
        raise Http404("No such customer")
    return customer


def can_staff_change_customer(staff: StaffMember, customer_id: int) -> bool:
    """Who may change a customer's record (fields, contacts, identities, orders,
    subscriptions, surveys, consents): the people who look after the relationship, that is
    managers, the accountable owner and the active team. Logging an interaction is
    open to every working staff member (accord.interactions)."""
    if not can_staff_see_customers(staff):
        return False
    if staff.is_manager:
        return True
    owns = Relationship.objects.filter(customer_id=customer_id, owner_id=staff.pk).exists()
    return owns or (
        TeamMembership.objects.filter(
            customer_id=customer_id, staff_id=staff.pk, removed_at__isnull=True
        ).exists()
    )


def check_customer_for_staff(staff: StaffMember, customer_id: int, *, change: bool) -> None:
    """Http404 unless the customer exists, is not erased and `staff` may read it (or,
    with change=True, change it). A refused actor learns nothing, not even existence."""
    if not can_staff_see_customers(staff):
        raise Http404("No such customer")
    if not Customer.objects.filter(pk=customer_id, erased_at__isnull=True).exists():
        raise Http404("No such customer")
    if change and not can_staff_change_customer(staff, customer_id):
        raise Http404("No such customer")


def access_customer_record_for_staff(
    staff: StaffMember, model: type[M], record_id: int, *, change: bool, noun: str
) -> M:
    """A row of a customer-scoped table (anything with customer_id), or Http404 under
    the same rule as its customer (check_customer_for_staff)."""
    record = model._default_manager.filter(pk=record_id).first()
    if record is None:
        raise Http404(f"No such {noun}")
    try:
        check_customer_for_staff(staff, record.customer_id, change=change)  # type: ignore[attr-defined]
    except Http404:
        raise Http404(f"No such {noun}") from None
    return record


def access_contact_for_staff(staff: StaffMember, contact_id: int, *, change: bool) -> Contact:
    """The contact, or Http404 (same rule as its customer)."""
    return access_customer_record_for_staff(
        staff, Contact, contact_id, change=change, noun="contact"
    )


def access_identity_for_staff(staff: StaffMember, identity_id: int, *, change: bool) -> Identity:
    """The identity, or Http404 (same rule as its customer)."""
    return access_customer_record_for_staff(
        staff, Identity, identity_id, change=change, noun="identity"
    )
