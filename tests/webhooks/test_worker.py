"""`accord worker` sends due webhooks in its loop, next to its promise and rescoring work."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accord.webhooks.models import WebhookDelivery
from accord.webhooks.services import enqueue_alert_deliveries
from tests.webhooks.helpers import make_alerts, make_endpoint, verify_accord_signature


@pytest.mark.django_db
def test_worker_once_sends_due_webhooks_and_reports_them(alice, bob, receiver):
    receiver.statuses = [200, 500]
    created = make_endpoint(receiver.url, ["health_drop", "promise_broken"], alice)
    enqueue_alert_deliveries(make_alerts(bob, ["health_drop", "promise_broken"], timezone.now()))
    out = StringIO()

    call_command("worker", "--once", stdout=out)

    assert out.getvalue() == (
        "broke 0 overdue promises, rescored 0 customers, "
        "webhooks: 1 delivered, 1 to retry, 0 failed\n"
    )
    assert [r.headers["X-Accord-Event"] for r in receiver.requests] == [
        "alert.health_drop",
        "alert.promise_broken",
    ]
    assert all(
        verify_accord_signature(created.secret, r.headers, r.body) for r in receiver.requests
    )
    statuses = WebhookDelivery.objects.order_by("id").values_list("status", flat=True)
    assert list(statuses) == ["delivered", "pending"]


@pytest.mark.django_db
def test_worker_once_with_nothing_to_do_still_reports_a_round(db):
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert out.getvalue() == (
        "broke 0 overdue promises, rescored 0 customers, "
        "webhooks: 0 delivered, 0 to retry, 0 failed\n"
    )
