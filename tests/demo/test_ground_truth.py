"""The planted ground truth matches the written definitions exactly (precision = recall = 1).

The four gap definitions are implemented here independently of the generator, as plain
ORM reads evaluated at the book's as_of, the way a detector would.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest

from accord.core.models import STRATEGIC_KINDS
from accord.demo.models import DemoBook, PlantedSituation
from accord.interactions.models import Interaction
from accord.relationships.models import Handoff, OwnerAssignment, Relationship, Stage

pytestmark = pytest.mark.django_db
WINDOW = timedelta(days=30)


def planted(situation: str) -> set[int]:
    return set(
        PlantedSituation.objects.filter(situation=situation).values_list("customer_id", flat=True)
    )


def live_customers() -> set[int]:
    return set(
        Relationship.objects.exclude(stage=Stage.DEPARTED).values_list("customer_id", flat=True)
    )


def active_owners() -> dict[int, tuple[int, bool, str]]:
    """customer -> (owner id, owner is active, owner's function) of the active assignment."""
    rows = OwnerAssignment.objects.filter(ended_at__isnull=True).values_list(
        "customer_id", "owner_id", "owner__is_active", "owner__function"
    )
    return {customer: (owner, active, function) for customer, owner, active, function in rows}


def recent(as_of):  # type: ignore[no-untyped-def]
    return Interaction.objects.filter(occurred_at__gte=as_of - WINDOW, occurred_at__lte=as_of)


def detect_orphaned() -> set[int]:
    owners = active_owners()
    return {c for c in live_customers() if c not in owners or not owners[c][1]}


def detect_stale(as_of) -> set[int]:  # type: ignore[no-untyped-def]
    owners = active_owners()
    inbound = set(recent(as_of).filter(direction="inbound").values_list("customer_id", flat=True))
    touched = {
        (customer, staff)
        for customer, staff in recent(as_of)
        .filter(direction="outbound")
        .values_list("customer_id", "staff_id")
    }
    return {c for c in inbound & live_customers() if (c, owners.get(c, (None,))[0]) not in touched}


def detect_contested(as_of) -> set[int]:  # type: ignore[no-untyped-def]
    owners = active_owners()
    pushes: dict[int, list[tuple[object, str]]] = defaultdict(list)
    for customer, at, function in (
        recent(as_of)
        .filter(direction="outbound", kind__in=STRATEGIC_KINDS)
        .values_list("customer_id", "occurred_at", "function")
    ):
        owner_function = owners.get(customer, (None, None, None))[2]
        if function != owner_function:
            pushes[customer].append((at, function))
    found, live = set(), live_customers()
    for customer, rows in pushes.items():
        if customer not in live or len({f for _, f in rows}) < 2:
            continue
        first, last = min(at for at, _ in rows), max(at for at, _ in rows)
        owner = owners.get(customer, (None,))[0]
        owner_between = Interaction.objects.filter(
            customer_id=customer, staff_id=owner, occurred_at__gte=first, occurred_at__lte=last
        ).exists()
        if not owner_between:
            found.add(customer)
    return found


def detect_dropped_handoffs(as_of) -> set[int]:  # type: ignore[no-untyped-def]
    latest: dict[int, Handoff] = {}
    for handoff in Handoff.objects.order_by("customer_id", "occurred_at", "id"):
        latest[handoff.customer_id] = handoff
    found, live = set(), live_customers()
    for customer, handoff in latest.items():
        age = as_of - handoff.occurred_at
        if customer not in live or not timedelta(days=14) <= age <= timedelta(days=60):
            continue
        followed = Interaction.objects.filter(
            customer_id=customer,
            staff_id=handoff.to_owner_id,
            direction="outbound",
            occurred_at__gte=handoff.occurred_at,
        ).exists()
        if not followed:
            found.add(customer)
    return found


def test_gap_definitions_select_exactly_the_planted_customers(demo_book):
    as_of = DemoBook.objects.get().as_of
    detected = {
        "orphaned": detect_orphaned(),
        "contested": detect_contested(as_of),
        "stale": detect_stale(as_of),
        "dropped_handoff": detect_dropped_handoffs(as_of),
    }
    for situation, found in detected.items():
        expected = planted(situation)
        assert expected, f"no {situation} planted"
        assert found == expected, (
            f"{situation}: missed {sorted(expected - found)}, extra {sorted(found - expected)}"
        )
    gap_sets = list(detected.values())
    for i, left in enumerate(gap_sets):
        for right in gap_sets[i + 1 :]:
            assert not left & right, "planted gaps must be disjoint"


def test_both_kinds_of_orphan_are_planted(demo_book):
    orphans = planted("orphaned")
    relationships = Relationship.objects.filter(customer_id__in=orphans)
    left = relationships.filter(owner__isnull=False, owner__is_active=False).count()
    unassigned = relationships.filter(owner__isnull=True).count()
    assert left >= 1 and unassigned >= 1 and left + unassigned == len(orphans)


def test_staff_who_left_own_only_planted_orphans(demo_book):
    owned = set(
        Relationship.objects.filter(owner__is_active=False).values_list("customer_id", flat=True)
    )
    assert owned and owned <= planted("orphaned")


def test_departed_customers_carry_no_gap(demo_book):
    departed = set(
        Relationship.objects.filter(stage=Stage.DEPARTED).values_list("customer_id", flat=True)
    )
    gaps = planted("orphaned") | planted("contested") | planted("stale")
    assert departed and not departed & (gaps | planted("dropped_handoff"))


def test_owner_mirror_matches_the_active_assignment(demo_book):
    owners = active_owners()
    for customer, owner in Relationship.objects.values_list("customer_id", "owner_id"):
        assert owner == owners.get(customer, (None,))[0], f"customer {customer}"
