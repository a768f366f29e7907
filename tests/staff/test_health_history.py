"""The 360's health history chart: one marker per snapshot with its day and health, in
the order the snapshots were taken, and the same numbers in its table."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accord.customers.services import create_customer
from accord.scoring.models import ScoreSnapshot, SnapshotDay
from accord.scoring.queue import on_customers_changed
from tests.scoring.test_history import snapshot
from tests.staff.desk_world import client_for

pytestmark = pytest.mark.django_db


def test_chart_points_equal_the_snapshots(bob) -> None:
    grace = create_customer(name="Grace Hopper", owner=bob)
    on_customers_changed([grace.pk])  # what the commit hook runs
    today = timezone.now().date()
    days = [today - timedelta(days=n) for n in (21, 14, 7)]
    SnapshotDay.objects.bulk_create([SnapshotDay(day=day) for day in days], ignore_conflicts=True)
    ScoreSnapshot.objects.bulk_create(
        [snapshot(grace.pk, day, health) for day, health in zip(days, (80, 62.4, 41), strict=True)]
    )
    expected = [
        (str(row["taken_on_date"]), f"{row['health']:.0f}")
        for row in ScoreSnapshot.objects.filter(customer=grace)
        .order_by("taken_on_date")
        .values("taken_on_date", "health")
    ]
    assert len(expected) == 4  # three older snapshots and today's
    html = client_for(bob).get(f"/customers/{grace.pk}/").content.decode()
    chart = html.split('class="chart health-history"')[1].split("</svg>")[0]
    assert re.findall(r"<title>([\d-]+): health (\d+)</title>", chart) == expected
    assert f"Health from 80 on {days[0]}" in chart
