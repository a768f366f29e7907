"""One active accountable owner per relationship is a database fact, not a convention.

Rows are inserted directly (no service, no row lock) so that only the partial unique
index `one_active_owner_per_relationship` stands between the data and a second owner.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accord.customers.models import Customer
from accord.customers.services import create_customer
from accord.relationships.models import OwnerAssignment, Relationship
from tests.conftest import make_staff


def add_active_owner(customer: Customer, owner) -> OwnerAssignment:
    return OwnerAssignment.objects.create(
        customer=customer,
        relationship=Relationship.objects.get(customer=customer),
        owner=owner,
        started_at=timezone.now(),
        reason="second owner, straight into the table",
    )


def active_owner_ids(customer: Customer) -> list[int]:
    return list(
        OwnerAssignment.objects.filter(customer=customer, ended_at__isnull=True).values_list(
            "owner_id", flat=True
        )
    )


@pytest.mark.django_db
def test_database_refuses_a_second_active_owner(bob, carol):
    customer = create_customer(name="Ada Lovelace", owner=bob)

    with pytest.raises(IntegrityError), transaction.atomic():
        add_active_owner(customer, carol)

    assert active_owner_ids(customer) == [bob.pk]


@pytest.mark.django_db
def test_ended_assignments_do_not_count_against_the_one_active_owner(bob, carol):
    customer = create_customer(name="Grace Hopper", owner=bob)
    first = OwnerAssignment.objects.get(customer=customer)
    first.ended_at = first.started_at + timedelta(days=30)
    first.save(update_fields=["ended_at"])

    add_active_owner(customer, carol)

    assert active_owner_ids(customer) == [carol.pk]
    assert OwnerAssignment.objects.filter(customer=customer).count() == 2


@pytest.mark.django_db
def test_the_constraint_is_per_customer(bob, carol):
    first = create_customer(name="Alan Turing", owner=bob)
    second = create_customer(name="Katherine Johnson", owner=carol)

    assert active_owner_ids(first) == [bob.pk]
    assert active_owner_ids(second) == [carol.pk]


def _orphaned_customer() -> Customer:
    """A customer whose owner assignment has ended: the moment two people race to own it."""
    leaver = make_staff("leaver")
    customer = create_customer(name="Orphaned Ltd", owner=leaver)
    OwnerAssignment.objects.filter(customer=customer).update(ended_at=timezone.now())
    return customer


@pytest.mark.postgres_only  # SQLite serialises writers, so there is no race to lose
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transactions_cannot_both_add_an_active_owner():
    customer = _orphaned_customer()
    racers = [make_staff("racer_one"), make_staff("racer_two")]
    # Both transactions have checked "no active owner" before either inserts: the
    # check-then-act race a Python-only rule would lose.
    checked = threading.Barrier(len(racers), timeout=30)
    outcomes: dict[str, str] = {}

    def claim(owner) -> None:
        try:
            with transaction.atomic():
                assert not OwnerAssignment.objects.filter(
                    customer=customer, ended_at__isnull=True
                ).exists()
                checked.wait()
                add_active_owner(customer, owner)
            outcomes[owner.username] = "committed"
        except IntegrityError:
            outcomes[owner.username] = "IntegrityError"
        except Exception as error:  # surfaced in the assertion below, not lost in the thread
            outcomes[owner.username] = repr(error)
        finally:
            connection.close()  # each thread has its own connection; free it for teardown

    threads = [threading.Thread(target=claim, args=(owner,)) for owner in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes.values()) == ["IntegrityError", "committed"], outcomes
    winner = next(owner for owner in racers if outcomes[owner.username] == "committed")
    assert active_owner_ids(customer) == [winner.pk]
