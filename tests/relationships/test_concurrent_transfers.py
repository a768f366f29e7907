"""Many transfers of one relationship at once leave one owner and a clean hand-off chain."""

from __future__ import annotations

import contextlib
import itertools
import threading

import pytest
from django.db import close_old_connections, connection

from accord.customers.services import create_customer
from accord.handovers.transfers import transfer_owner
from accord.members.models import StaffMember
from accord.relationships.models import Handoff, OwnerAssignment, Relationship
from tests.conftest import make_staff

# Each thread opens its own connection; PostgreSQL's default max_connections is 100 and
# the server is shared, so the 200 transfers run through 60 threads at once at most.
TRANSFERS = 200
MAX_CONNECTIONS = 60


def run_transfers(customer_id: int, targets: list, manager) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(min(len(targets), MAX_CONNECTIONS))
    slots = threading.Semaphore(MAX_CONNECTIONS)

    def transfer(target) -> None:
        with slots:
            try:
                # The last stragglers start as soon as a slot frees up.
                with contextlib.suppress(threading.BrokenBarrierError):
                    start.wait(timeout=30)
                transfer_owner(
                    customer_id=customer_id,
                    to_owner=target,
                    by=manager,
                    reason=f"race to {target.username}",
                )
            except BaseException as error:  # collected and asserted on
                errors.append(error)
            finally:
                connection.close()

    threads = [threading.Thread(target=transfer, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return errors


def assert_consistent_history(customer_id: int, first_owner_id: int, transfers: int) -> None:
    active = OwnerAssignment.objects.filter(customer_id=customer_id, ended_at__isnull=True)
    assert active.count() == 1
    assert Relationship.objects.get(customer_id=customer_id).owner_id == active.get().owner_id
    handoffs = list(Handoff.objects.filter(customer_id=customer_id).order_by("occurred_at", "pk"))
    assert len(handoffs) == transfers
    previous = first_owner_id
    for handoff in handoffs:
        assert handoff.from_owner_id == previous
        previous = handoff.to_owner_id
    assert previous == active.get().owner_id
    periods = list(
        OwnerAssignment.objects.filter(customer_id=customer_id).order_by("started_at", "pk")
    )
    assert len(periods) == transfers + 1
    for earlier, later in itertools.pairwise(periods):
        assert earlier.ended_at is not None and earlier.ended_at <= later.started_at


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_transfers_on_postgresql() -> None:
    manager = make_staff("boss", role="manager", function="management")
    first = make_staff("first")
    # Bulk-created without passwords: hashing 200 passwords would dominate the test.
    targets = StaffMember.objects.bulk_create(
        StaffMember(username=f"owner{n:03d}", first_name=f"Owner {n}") for n in range(TRANSFERS)
    )
    customer = create_customer(name="Contended Co", owner=first)
    errors = run_transfers(customer.pk, targets, manager)
    assert errors == []
    assert_consistent_history(customer.pk, first.pk, TRANSFERS)
