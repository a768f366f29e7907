"""Which customers a staff member may see; outsiders get 404 so existence does not leak."""

from __future__ import annotations

from django.http import Http404

from accord.customers.models import Customer
from accord.customers.queries import get_customer_detail
from accord.members.models import StaffMember


def can_staff_see_customers(staff: StaffMember) -> bool:
    # For now the whole book is visible to every active staff member (it is the
    # company's book, not the owner's); narrow here, in one place, when roles demand it.
    return bool(staff.is_active and staff.left_at is None)


def access_customer_for_staff(staff: StaffMember, customer_id: int) -> Customer:
    """The customer with relationship, owner, identities and team, or Http404."""
    if not can_staff_see_customers(staff):
        raise Http404("No such customer")
    customer = get_customer_detail(customer_id)
    if customer is None:
        raise Http404("No such customer")
    return customer
