"""Deactivating a leaver never leaves relationships silently ownerless."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.customers.services import create_customer
from accord.handovers.departures import deactivate_staff
from accord.handovers.endings import change_stage
from accord.interactions.models import Interaction
from accord.members.models import StaffMember
from accord.promises.models import Promise
from accord.relationships.errors import OwnershipError
from accord.relationships.gaps import list_gaps
from accord.relationships.models import Handoff, OwnerAssignment, Relationship
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def bobs_book(bob):
    customers = [create_customer(name=f"Customer {n}", owner=bob) for n in range(3)]
    Promise.objects.create(
        customer=customers[0],
        made_by_side="company",
        staff=bob,
        kind="callback",
        description="call back",
        made_at=timezone.now(),
        due_at=timezone.now() + timedelta(days=1),
    )
    return customers


def test_reassigning_a_leaver_hands_every_relationship_over(alice, bob, carol, bobs_book) -> None:
    departure = deactivate_staff(bob, by=alice, reassign_to=carol)
    assert (departure.relationships_moved, departure.relationships_orphaned) == (3, 0)
    bob.refresh_from_db()
    assert (bob.is_active, bob.left_at is not None) == (False, True)
    for customer in bobs_book:
        assert Relationship.objects.get(customer=customer).owner_id == carol.pk
        active = OwnerAssignment.objects.get(customer=customer, ended_at__isnull=True)
        assert (active.owner_id, active.reason) == (carol.pk, "owner left")
        handoff = Handoff.objects.get(customer=customer)
        assert (handoff.from_owner_id, handoff.to_owner_id, handoff.reason) == (
            bob.pk,
            carol.pk,
            "owner left",
        )
        assert handoff.customer_told_at is not None
        assert Interaction.objects.filter(customer=customer, source="accord.handoff").count() == 1
    assert Handoff.objects.get(customer=bobs_book[0]).open_promises_carried == 1
    assert Promise.objects.get(customer=bobs_book[0]).staff_id == carol.pk
    assert [g.kind for g in list_gaps()] == []


def test_without_a_successor_each_relationship_is_orphaned_on_the_board(
    alice, bob, bobs_book
) -> None:
    gone = create_customer(name="Departed Co", owner=bob)
    change_stage(customer_id=gone.pk, to_stage="departed", reason="left us", by=alice)
    departure = deactivate_staff(bob, by=alice)
    assert (departure.relationships_moved, departure.relationships_orphaned) == (0, 3)
    assert not OwnerAssignment.objects.filter(
        customer__in=bobs_book, ended_at__isnull=True
    ).exists()
    gaps = list_gaps()
    assert sorted((g.kind, g.customer_name) for g in gaps) == [
        ("orphaned", "Customer 0"),
        ("orphaned", "Customer 1"),
        ("orphaned", "Customer 2"),
    ]
    by_name = {g.customer_name: g.explanation for g in gaps}
    assert by_name["Customer 0"].endswith("; 1 open promise.")


def test_an_orphan_can_be_given_a_new_owner_and_its_promises_follow(
    alice, bob, carol, bobs_book
) -> None:
    from accord.handovers.transfers import transfer_owner

    deactivate_staff(bob, by=alice)
    handoff = transfer_owner(
        customer_id=bobs_book[0].pk, to_owner=carol, by=alice, reason="owner left"
    )
    assert (handoff.from_owner_id, handoff.open_promises_carried) == (bob.pk, 1)
    assert [g.customer_name for g in list_gaps()] == ["Customer 1", "Customer 2"]


def test_delegations_to_the_leaver_are_cleared(alice, bob, carol) -> None:
    carol.delegate = bob
    carol.save()
    deactivate_staff(bob, by=alice)
    assert StaffMember.objects.get(pk=carol.pk).delegate_id is None


@pytest.mark.parametrize("case", ["self", "inactive", "already_left"])
def test_refusals_change_nothing(alice, bob, bobs_book, case: str) -> None:
    successor = {"self": bob, "inactive": make_staff("ghost", is_active=False)}.get(case)
    if case == "already_left":
        deactivate_staff(bob, by=alice)
        bob.refresh_from_db()
    before = list(OwnerAssignment.objects.order_by("pk").values_list("owner_id", "ended_at"))
    with pytest.raises(OwnershipError):
        deactivate_staff(bob, by=alice, reassign_to=successor)
    assert (
        list(OwnerAssignment.objects.order_by("pk").values_list("owner_id", "ended_at")) == before
    )
