"""Which orders and subscriptions a staff member may read or change: the customer's rule
(accord.customers.access); outsiders get 404."""

from __future__ import annotations

from accord.commerce.models import Order, Subscription
from accord.customers.access import access_customer_record_for_staff
from accord.members.models import StaffMember


def access_order_for_staff(staff: StaffMember, order_id: int, *, change: bool) -> Order:
    return access_customer_record_for_staff(staff, Order, order_id, change=change, noun="order")


def access_subscription_for_staff(
    staff: StaffMember, subscription_id: int, *, change: bool
) -> Subscription:
    return access_customer_record_for_staff(
        staff, Subscription, subscription_id, change=change, noun="subscription"
    )
