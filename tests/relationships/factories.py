"""Small builders for accountability tests: customers with owners and dated touches."""

from __future__ import annotations

from datetime import datetime, timedelta

from accord.customers.models import Customer
from accord.customers.services import create_customer
from accord.interactions.models import Interaction
from accord.members.models import StaffMember

AS_OF = datetime.fromisoformat("2026-06-30T12:00:00+00:00")


def customer_of(owner: StaffMember, name: str, days_ago: int = 400) -> Customer:
    return create_customer(name=name, owner=owner, created_at=AS_OF - timedelta(days=days_ago))


def touch(
    customer: Customer,
    *,
    days_ago: float,
    direction: str = "outbound",
    staff: StaffMember | None = None,
    function: str | None = None,
    kind: str = "other",
) -> Interaction:
    """An interaction `days_ago` before AS_OF; function defaults to the staff member's."""
    if function is None:
        function = staff.function if staff is not None else ""
    return Interaction.objects.create(
        customer=customer,
        channel="email",
        direction=direction,
        function=function,
        staff=staff,
        occurred_at=AS_OF - timedelta(days=days_ago),
        kind=kind,
        subject=f"{direction} {kind}",
    )
