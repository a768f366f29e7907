"""Score history: snapshots are keyed (day, customer) and read back per customer by
probing the days that have snapshots, newest first, whatever the gaps."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from accord.scoring.batch import run_batch
from accord.scoring.models import ScoreSnapshot, SnapshotDay
from accord.scoring.queries import PROBE_DAYS, list_score_history
from tests.relationships.factories import customer_of

FIRST = date(2026, 1, 1)


def snapshot(customer_id: int, day: date, health: float) -> ScoreSnapshot:
    return ScoreSnapshot(
        customer_id=customer_id,
        taken_on_date=day,
        health=health,
        value_equity=50,
        brand_equity=50,
        relationship_equity=50,
        clv=0,
        segment="loyalist",
    )


def test_history_is_the_latest_points_oldest_first_across_sparse_days(bob) -> None:
    weekly, daily, never = (customer_of(bob, name) for name in ("Wendy", "Dan", "Nia"))
    days = [FIRST + timedelta(days=n) for n in range(3 * PROBE_DAYS)]
    SnapshotDay.objects.bulk_create(SnapshotDay(day=day) for day in days)
    ScoreSnapshot.objects.bulk_create(
        [snapshot(daily.pk, day, n) for n, day in enumerate(days)]
        + [snapshot(weekly.pk, day, n) for n, day in enumerate(days) if n % 7 == 0]
    )

    weekly_days = [day for n, day in enumerate(days) if n % 7 == 0]
    # More than one probe of PROBE_DAYS days is needed to find 30 weekly points.
    assert [p["taken_on_date"] for p in list_score_history(weekly.pk)] == weekly_days[-30:]
    assert [p["health"] for p in list_score_history(daily.pk, 5)] == [
        float(n) for n in range(len(days) - 5, len(days))
    ]
    assert list_score_history(never.pk) == []


def test_each_batch_day_is_recorded_and_read_back(bob) -> None:
    customer = customer_of(bob, "Ada")
    first = datetime.fromisoformat("2026-06-29T12:00:00+00:00")
    run_batch(first)
    run_batch(first + timedelta(days=1))

    assert set(SnapshotDay.objects.values_list("day", flat=True)) == {
        first.date(),
        first.date() + timedelta(days=1),
    }
    history = list_score_history(customer.pk)
    assert [p["taken_on_date"] for p in history] == [first.date(), first.date() + timedelta(days=1)]
