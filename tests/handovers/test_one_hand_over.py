"""A transfer and a departure hand over through one function: open company promises of
the previous owner move to the new one exactly once, with one hand-off each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.customers.services import create_customer
from accord.handovers.departures import deactivate_staff
from accord.handovers.transfers import transfer_owner
from accord.promises.models import Promise
from accord.promises.services import keep_promise, make_promise
from accord.relationships.models import Handoff

pytestmark = pytest.mark.django_db


def _promise(customer, staff, *, side="company") -> Promise:
    return make_promise(
        customer_id=customer.pk,
        made_by_side=side,
        staff=staff,
        kind="callback",
        description="call back",
        due_at=timezone.now() + timedelta(days=1),
    )


@pytest.mark.parametrize("path", ["transfer", "departure"])
def test_open_company_promises_move_once(path, alice, bob, carol) -> None:
    customer = create_customer(name="Ada", owner=bob)
    carried = [_promise(customer, bob), _promise(customer, bob)]
    kept = keep_promise(_promise(customer, bob).pk)
    theirs = _promise(customer, None, side="customer")
    if path == "transfer":
        transfer_owner(customer_id=customer.pk, to_owner=carol, by=alice, reason="new team")
    else:
        deactivate_staff(bob, by=alice, reassign_to=carol)

    handoff = Handoff.objects.get(customer=customer)
    assert (handoff.from_owner_id, handoff.to_owner_id) == (bob.pk, carol.pk)
    assert handoff.open_promises_carried == 2
    moved = set(Promise.objects.filter(staff=carol).values_list("pk", flat=True))
    assert moved == {promise.pk for promise in carried}
    kept.refresh_from_db()
    theirs.refresh_from_db()
    assert (kept.staff_id, theirs.staff_id) == (bob.pk, None)
    [event] = AuditEvent.objects.filter(action="owner.transfer", customer_id=customer.pk)
    assert event.details["promises_carried"] == 2
