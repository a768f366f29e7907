"""The outbox: one delivery per (subscribed active endpoint, alert), written in the
scoring transaction exactly as accord.scoring.store will call it."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from accord.scoring.models import Alert
from accord.webhooks.models import WebhookDelivery
from accord.webhooks.services import enqueue_alert_deliveries
from tests.webhooks.helpers import make_alerts, make_endpoint

URL = "https://hooks.example.com/accord"


@pytest.mark.django_db
def test_store_style_call_writes_one_row_per_subscribed_active_endpoint_and_alert(alice, bob):
    health = make_endpoint(URL + "/health", ["health_drop", "promise_broken"], alice).endpoint
    hostage = make_endpoint(URL + "/hostage", ["became_hostage"], alice).endpoint
    everything = ["health_drop", "became_hostage", "promise_broken"]
    make_endpoint(URL + "/off", everything, alice, active=False)
    at = timezone.now()

    # What store.save_scores does: bulk_create the alerts, then enqueue, one transaction.
    with transaction.atomic():
        alerts = make_alerts(bob, ["health_drop", "became_hostage", "promise_broken"], at)
        written = enqueue_alert_deliveries(alerts)

    assert written == 3
    rows = WebhookDelivery.objects.order_by("id")
    assert [(row.endpoint_id, row.event, row.alert_id) for row in rows] == [
        (health.pk, "alert.health_drop", alerts[0].pk),
        (hostage.pk, "alert.became_hostage", alerts[1].pk),
        (health.pk, "alert.promise_broken", alerts[2].pk),
    ]
    first = rows[0]
    assert (first.status, first.attempts, first.customer_id) == (
        "pending",
        0,
        alerts[0].customer_id,
    )
    assert first.next_attempt_at == first.created_at
    assert first.payload == {
        "event": "alert.health_drop",
        "alert": {
            "id": alerts[0].pk,
            "kind": "health_drop",
            "message": "health_drop happened",
            "customer_id": alerts[0].customer_id,
            "owner_id": bob.pk,
            "created_at": at.isoformat(),
            "due_at": None,
        },
    }


@pytest.mark.django_db
def test_a_rolled_back_scoring_transaction_leaves_no_alert_and_no_delivery(alice, bob):
    make_endpoint(URL, ["health_drop"], alice)

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_alert_deliveries(make_alerts(bob, ["health_drop"], timezone.now()))
        raise RuntimeError("the scoring write failed after the alerts")

    assert not Alert.objects.exists()
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_no_endpoints_costs_one_query_and_no_alerts_none(bob, django_assert_num_queries):
    alerts = make_alerts(bob, ["health_drop", "promise_broken"], timezone.now())
    with django_assert_num_queries(0):
        assert enqueue_alert_deliveries([]) == 0
    with django_assert_num_queries(1):
        assert enqueue_alert_deliveries(alerts) == 0
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_many_alerts_cost_two_queries_and_a_second_call_adds_nothing(
    alice, bob, django_assert_num_queries
):
    make_endpoint(URL + "/a", ["promise_broken"], alice)
    make_endpoint(URL + "/b", ["promise_broken"], alice)
    alerts = make_alerts(bob, ["promise_broken"] * 30, timezone.now())

    # The endpoints, then one INSERT (SQLite takes up to 76 rows a statement, 999 params).
    with django_assert_num_queries(2):
        assert enqueue_alert_deliveries(alerts) == 60
    enqueue_alert_deliveries(alerts)

    assert WebhookDelivery.objects.count() == 60


@pytest.mark.django_db
def test_unsaved_alerts_are_refused(alice, bob):
    make_endpoint(URL, ["health_drop"], alice)
    saved = make_alerts(bob, ["health_drop"], timezone.now())[0]
    unsaved = Alert(customer_id=saved.customer_id, kind="health_drop", created_at=timezone.now())
    with pytest.raises(ValueError, match="needs saved alerts"):
        enqueue_alert_deliveries([unsaved])
