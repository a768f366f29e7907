"""The gap rules on small hand-built books, evaluated at a fixed as_of (AS_OF)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings

from accord.handovers.departures import deactivate_staff
from accord.handovers.endings import change_stage
from accord.handovers.transfers import transfer_owner
from accord.relationships.gaps import count_gaps_by_kind, list_gaps
from tests.conftest import make_staff
from tests.relationships.factories import AS_OF, customer_of, touch

pytestmark = pytest.mark.django_db


def kinds_by_customer(**filters) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for gap in list_gaps(as_of=AS_OF, **filters):
        result.setdefault(gap.customer_name or gap.owner_name, set()).add(gap.kind)
    return result


def test_a_healthy_book_has_no_gaps(bob) -> None:
    quiet = customer_of(bob, "Quiet Ltd")
    busy = customer_of(bob, "Busy Ltd")
    touch(busy, days_ago=3, direction="inbound")
    touch(busy, days_ago=2, staff=bob)
    assert quiet and list_gaps(as_of=AS_OF) == []


def test_stale_when_customer_writes_and_owner_is_silent(bob, carol) -> None:
    customer = customer_of(bob, "Silent Owner Co")
    touch(customer, days_ago=40, staff=bob)
    touch(customer, days_ago=5, direction="inbound")
    touch(customer, days_ago=4, staff=carol)  # a teammate answering is not the owner
    [gap] = list_gaps(as_of=AS_OF)
    assert (gap.kind, gap.customer_id, gap.owner_id) == ("stale", customer.pk, bob.pk)
    assert gap.explanation == (
        "The customer got in touch 1 time in 30 days (last on 25 Jun 2026); "
        "Bob has not reached out in that time."
    )
    assert gap.suggested_action == "Bob should contact the customer."


def test_owner_touch_in_the_window_clears_stale(bob) -> None:
    customer = customer_of(bob, "Answered Co")
    touch(customer, days_ago=5, direction="inbound")
    touch(customer, days_ago=29, staff=bob)
    assert list_gaps(as_of=AS_OF) == []


def test_contested_needs_two_other_functions_without_the_owner_between(bob) -> None:
    sales = make_staff("sam", function="sales")
    billing = make_staff("bill", function="billing")
    contested = customer_of(bob, "Contested Co")
    touch(contested, days_ago=20, staff=sales, kind="offer")
    touch(contested, days_ago=10, staff=billing, kind="pricing")
    interrupted = customer_of(bob, "Owner Between Co")
    touch(interrupted, days_ago=20, staff=sales, kind="upsell")
    touch(interrupted, days_ago=15, staff=bob, kind="other")
    touch(interrupted, days_ago=10, staff=billing, kind="renewal")
    one_function = customer_of(bob, "One Desk Co")
    touch(one_function, days_ago=20, staff=sales, kind="offer")
    touch(one_function, days_ago=10, staff=sales, kind="pricing")
    old = customer_of(bob, "Long Ago Co")
    touch(old, days_ago=45, staff=sales, kind="offer")
    touch(old, days_ago=10, staff=billing, kind="pricing")
    not_strategic = customer_of(bob, "Support Only Co")
    touch(not_strategic, days_ago=20, staff=sales, kind="support")
    touch(not_strategic, days_ago=10, staff=billing, kind="billing")
    gaps = list_gaps(as_of=AS_OF)
    assert [(g.kind, g.customer_name) for g in gaps] == [("contested", "Contested Co")]
    assert gaps[0].explanation == (
        "billing, sales sent offers or pricing between 10 Jun 2026 and 20 Jun 2026 "
        "without the owner, Bob."
    )


def test_dropped_handoff_between_14_and_60_days(alice, bob, carol) -> None:
    dropped = customer_of(bob, "Dropped Co")
    transfer_owner(
        customer_id=dropped.pk,
        to_owner=carol,
        by=alice,
        reason="rebalance",
        at=AS_OF - timedelta(days=20),
    )
    fresh = customer_of(bob, "Fresh Co")
    transfer_owner(
        customer_id=fresh.pk,
        to_owner=carol,
        by=alice,
        reason="rebalance",
        at=AS_OF - timedelta(days=10),
    )
    picked_up = customer_of(bob, "Picked Up Co")
    transfer_owner(
        customer_id=picked_up.pk,
        to_owner=carol,
        by=alice,
        reason="rebalance",
        at=AS_OF - timedelta(days=30),
    )
    touch(picked_up, days_ago=25, staff=carol)
    ancient = customer_of(bob, "Ancient Co")
    transfer_owner(
        customer_id=ancient.pk,
        to_owner=carol,
        by=alice,
        reason="rebalance",
        at=AS_OF - timedelta(days=90),
    )
    gaps = list_gaps(as_of=AS_OF)
    assert [(g.kind, g.customer_name, g.owner_id) for g in gaps] == [
        ("dropped_handoff", "Dropped Co", carol.pk)
    ]
    assert gaps[0].explanation == (
        "Carol took over from Bob on 10 Jun 2026 and has not contacted the customer in 20 days."
    )


def test_orphaned_excludes_owner_gaps_and_departed_shows_nothing(alice, bob) -> None:
    orphan = customer_of(bob, "Orphan Co")
    touch(orphan, days_ago=3, direction="inbound")  # would be stale with an owner
    gone = customer_of(bob, "Gone Co")
    change_stage(customer_id=gone.pk, to_stage="departed", reason="left", by=alice)
    deactivate_staff(bob, by=alice, at=AS_OF - timedelta(days=2))
    gaps = list_gaps(as_of=AS_OF)
    assert [(g.kind, g.customer_name) for g in gaps] == [("orphaned", "Orphan Co")]
    assert gaps[0].explanation == "Owner Bob left on 28 Jun 2026; 0 open promises."
    assert gaps[0].suggested_action == "Assign a new owner."


@override_settings(ACCORD_MAX_BOOK_SIZE=2, ACCORD_MAX_OPEN_REQUESTS=40)
def test_overloaded_owner_is_one_owner_level_row(bob, carol) -> None:
    for name in ("A", "B", "C"):
        customer_of(bob, name)
    customer_of(carol, "D")
    [gap] = list_gaps(as_of=AS_OF)
    assert (gap.kind, gap.customer_id, gap.owner_id) == ("overloaded", None, bob.pk)
    assert "owns 3 live relationships (policy 2)" in gap.explanation


def test_filters_by_owner_and_team(bob, carol) -> None:
    for owner, name in ((bob, "Bob's"), (carol, "Carol's")):
        customer = customer_of(owner, name)
        touch(customer, days_ago=1, direction="inbound")
    assert set(kinds_by_customer()) == {"Bob's", "Carol's"}
    assert set(kinds_by_customer(owner=carol.pk)) == {"Carol's"}
    assert set(kinds_by_customer(team="success")) == {"Bob's"}
    counts = count_gaps_by_kind(list_gaps(as_of=AS_OF))
    assert counts == {
        "orphaned": 0,
        "contested": 0,
        "stale": 2,
        "dropped_handoff": 0,
        "untold_handoff": 0,
        "overloaded": 0,
    }
