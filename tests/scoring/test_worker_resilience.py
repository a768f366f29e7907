"""`accord worker` survives a customer whose scoring raises, and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from accord.cli.main import main
from accord.core.changes import mark_customers_changed
from accord.scoring import incremental
from accord.scoring.models import CustomerScore, RescoreQueue
from tests.conftest import copy_migrated
from tests.scoring.factories import add_orders, make_customer

ACCORD = str(Path(sys.executable).with_name("accord"))


@pytest.fixture
def three_queued(bob, settings):
    settings.ACCORD_RESCORE_INLINE = False
    now = timezone.now()
    customers = [make_customer(bob, f"C{i}", now) for i in range(3)]
    for customer in customers:
        add_orders(customer.pk, now, [300, 20])
    mark_customers_changed([c.pk for c in customers])
    assert RescoreQueue.objects.count() == 3
    return customers


@pytest.fixture
def broken_scoring(monkeypatch, three_queued):
    """Scoring the middle customer raises, as a bug on one odd record would."""
    bad = three_queued[1].pk
    real = incremental.fetch_features

    def fetch(first, last, as_of):
        if first == bad:
            raise ZeroDivisionError("division by zero in a feature")
        return real(first, last, as_of)

    monkeypatch.setattr(incremental, "fetch_features", fetch)
    return bad


@pytest.mark.django_db(transaction=True)
def test_one_failing_customer_is_skipped_and_the_others_scored(
    three_queued, broken_scoring, capsys
):
    main(["accord", "worker", "--once"])  # a failing command would raise SystemExit(1)

    out, err = capsys.readouterr()
    assert "rescored 2 customers, 1 failed" in out
    assert f"scoring customer {broken_scoring} failed (ZeroDivisionError" in err
    assert "retried after" in err
    assert "Traceback (most recent call last)" in err  # logged (the console log handler)
    scored = set(CustomerScore.objects.values_list("customer_id", flat=True))
    assert scored == {three_queued[0].pk, three_queued[2].pk}
    row = RescoreQueue.objects.get()
    assert row.customer_id == broken_scoring
    assert (row.failures, row.claimed_at) == (1, None)
    assert "ZeroDivisionError: division by zero" in row.last_error
    assert row.retry_after > timezone.now() + timedelta(seconds=50)


@pytest.mark.django_db(transaction=True)
def test_the_failed_customer_waits_out_its_back_off_then_is_scored(
    three_queued, broken_scoring, monkeypatch
):
    call_command("worker", "--once", stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command("worker", "--once", stdout=out, stderr=StringIO())
    assert "rescored 0 customers" in out.getvalue()  # backing off: not retaken at once
    assert RescoreQueue.objects.get().failures == 1

    monkeypatch.undo()  # the record is fixed
    RescoreQueue.objects.update(retry_after=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "rescored 1 customers" in out.getvalue()
    assert not RescoreQueue.objects.exists()
    assert CustomerScore.objects.count() == 3


def test_back_off_doubles_and_is_capped_at_a_day():
    assert [incremental.backoff(n) for n in (1, 2, 3)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
    assert incremental.backoff(40) == timedelta(days=1)


@pytest.mark.django_db(transaction=True)
def test_a_stop_request_finishes_the_current_customer_and_releases_the_rest(three_queued):
    asked = []

    def should_stop() -> bool:
        asked.append(1)
        return len(asked) > 2  # the loop's check, then one customer's check; stop after it

    result = incremental.drain_queue(should_stop=should_stop)

    assert (result.scored, result.stopped, result.failed) == (1, True, [])
    assert CustomerScore.objects.count() == 1
    left = RescoreQueue.objects.all()
    assert len(left) == 2 and all(row.claimed_at is None for row in left)


def test_sigterm_stops_the_worker_loop_with_status_0(tmp_path: Path, migrated_sqlite: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ACCORD_VAR_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    copy_migrated(migrated_sqlite, tmp_path)
    worker = subprocess.Popen(
        [ACCORD, "worker", "--interval", "600"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout is not None
        assert "worker running" in worker.stdout.readline()  # handlers are installed
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err
    assert "SIGTERM: stopping after this customer" in err
    assert out.strip().endswith("worker stopped")
