"""Sending: a real HTTP receiver on 127.0.0.1 gets signed JSON; failures back off on the
schedule and give up visibly; claims lease rows so two workers never send one twice."""

from __future__ import annotations

import json
import socket
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accord.webhooks.delivery import BACKOFF, claim_due_deliveries, deliver_due
from accord.webhooks.models import WebhookDelivery
from accord.webhooks.services import enqueue_alert_deliveries
from accord.webhooks.signing import sign, verify
from tests.webhooks.helpers import make_alerts, make_endpoint, verify_accord_signature


def queue(url: str, by, owner, kinds=("health_drop",)) -> tuple[str, list[WebhookDelivery]]:
    """An endpoint at `url` with one pending delivery per kind; returns its secret."""
    created = make_endpoint(url, list(kinds), by)
    enqueue_alert_deliveries(make_alerts(owner, list(kinds), timezone.now()))
    return created.secret, list(WebhookDelivery.objects.order_by("id"))


@pytest.mark.django_db
def test_a_delivery_is_a_signed_json_post_the_receiver_verifies(alice, bob, receiver):
    secret, [delivery] = queue(receiver.url, alice, bob)

    done = deliver_due(now=timezone.now())

    assert (done.delivered, done.retrying, done.failed) == (1, 0, 0)
    [request] = receiver.requests
    assert request.path == "/hooks/accord"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Accord-Event"] == "alert.health_drop"
    assert request.headers["X-Accord-Delivery"] == str(delivery.pk)
    assert request.headers["X-Accord-Signature"].startswith("sha256=")
    assert verify_accord_signature(secret, request.headers, request.body)
    assert not verify_accord_signature("whsec_wrong", request.headers, request.body)
    assert not verify_accord_signature(secret, request.headers, request.body + b" ")
    assert json.loads(request.body) == delivery.payload
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    assert delivery.next_attempt_at is None and delivery.delivered_at is not None
    assert deliver_due().claimed == 0  # delivered rows are never sent again


@pytest.mark.django_db
def test_500_then_200_retries_after_the_first_backoff(alice, bob, receiver):
    receiver.statuses = [500]
    _, [delivery] = queue(receiver.url, alice, bob)
    t0 = timezone.now()

    first = deliver_due(now=t0)
    delivery.refresh_from_db()
    assert (first.retrying, delivery.status, delivery.attempts) == (1, "pending", 1)
    assert (delivery.last_status_code, delivery.last_error) == (500, "HTTP 500: boom")
    assert delivery.next_attempt_at == t0 + timedelta(minutes=1)

    assert deliver_due(now=t0 + timedelta(seconds=59)).claimed == 0  # not due yet
    second = deliver_due(now=t0 + timedelta(minutes=1))

    delivery.refresh_from_db()
    assert second.delivered == 1 and len(receiver.requests) == 2
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 200)
    assert (delivery.last_error, delivery.delivered_at) == ("", t0 + timedelta(minutes=1))
    ids = {request.headers["X-Accord-Delivery"] for request in receiver.requests}
    assert ids == {str(delivery.pk)}  # the same id on a retry: receivers deduplicate on it


@pytest.mark.django_db
def test_backoff_is_1m_5m_30m_2h_12h_then_the_delivery_fails_visibly(alice, bob, receiver):
    receiver.statuses = [503] * 6
    _, [delivery] = queue(receiver.url, alice, bob)
    now = timezone.now()
    waits = []
    for _ in range(5):
        assert deliver_due(now=now).retrying == 1
        delivery.refresh_from_db()
        waits.append(delivery.next_attempt_at - now)
        now = delivery.next_attempt_at

    last = deliver_due(now=now)

    delivery.refresh_from_db()
    assert (
        waits
        == list(BACKOFF)
        == [
            timedelta(minutes=1),
            timedelta(minutes=5),
            timedelta(minutes=30),
            timedelta(hours=2),
            timedelta(hours=12),
        ]
    )
    assert last.failed == 1 and len(receiver.requests) == 6
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 6, None)
    assert (delivery.last_status_code, delivery.last_error) == (503, "HTTP 503: boom")
    assert deliver_due(now=now + timedelta(days=30)).claimed == 0


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_a_receiver_that_refuses_connections_is_retried_with_the_reason(alice, bob):
    _, [delivery] = queue(f"http://127.0.0.1:{_closed_port()}/hook", alice, bob)

    assert deliver_due(now=timezone.now()).retrying == 1

    delivery.refresh_from_db()
    assert delivery.last_status_code is None
    assert delivery.last_error.startswith("cannot connect:")
    assert "refused" in delivery.last_error.lower()


@pytest.mark.django_db
def test_a_redirect_is_not_followed_and_counts_as_a_failure(alice, bob, receiver):
    receiver.statuses = [302]
    _, [delivery] = queue(receiver.url, alice, bob)

    assert deliver_due(now=timezone.now()).retrying == 1

    delivery.refresh_from_db()
    assert (delivery.last_status_code, len(receiver.requests)) == (302, 1)
    assert delivery.last_error.startswith("HTTP 302")


@pytest.mark.django_db
def test_a_receiver_slower_than_the_timeout_is_retried(alice, bob, receiver, settings):
    settings.ACCORD_WEBHOOK_TIMEOUT_SECONDS = 1
    receiver.hold = threading.Event()
    _, [delivery] = queue(receiver.url, alice, bob)

    assert deliver_due(now=timezone.now()).retrying == 1
    receiver.hold.set()

    delivery.refresh_from_db()
    assert delivery.last_status_code is None
    assert "timed out" in delivery.last_error


@pytest.mark.django_db
def test_a_deactivated_endpoint_gets_nothing_more(alice, bob, receiver):
    _, [delivery] = queue(receiver.url, alice, bob)
    delivery.endpoint.is_active = False  # as if deactivated while the row was queued
    delivery.endpoint.save(update_fields=["is_active"])

    assert deliver_due(now=timezone.now()).failed == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == ("failed", "endpoint deactivated")
    assert receiver.requests == []


@pytest.mark.django_db
def test_a_claim_leases_rows_until_a_crashed_worker_would_be_retried(alice, bob):
    queue("https://hooks.example.com/a", alice, bob, ["health_drop", "promise_broken"])
    now = timezone.now()

    first = claim_due_deliveries(10, now)
    again = claim_due_deliveries(10, now + timedelta(minutes=1))
    after_lease = claim_due_deliveries(10, first[0].next_attempt_at)

    assert [d.attempts for d in first] == [1, 1]
    assert again == []  # leased: another worker does not take them
    assert [d.pk for d in after_lease] == [d.pk for d in first]
    assert [d.attempts for d in after_lease] == [2, 2]


@pytest.mark.django_db
def test_only_the_first_limit_due_rows_are_claimed_oldest_first(alice, bob):
    _, deliveries = queue("https://hooks.example.com/a", alice, bob, ["health_drop"] * 3)
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=deliveries[2].pk).update(
        next_attempt_at=now - timedelta(hours=1)
    )

    assert [d.pk for d in claim_due_deliveries(2, now)] == [deliveries[0].pk, deliveries[2].pk]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_second_worker_skips_rows_another_holds_instead_of_waiting(alice, bob):
    _, deliveries = queue("https://hooks.example.com/a", alice, bob, ["health_drop"] * 4)
    held = [d.pk for d in deliveries[:2]]
    locked, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        try:
            with transaction.atomic():
                list(WebhookDelivery.objects.select_for_update().filter(pk__in=held))
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        claimed = claim_due_deliveries(10, timezone.now())
    finally:
        release.set()
        thread.join()

    assert [d.pk for d in claimed] == [d.pk for d in deliveries[2:]]


def test_signing_helper_rejects_stale_or_altered_messages():
    body = b'{"event":"alert.health_drop"}'
    signature = sign("whsec_k", 1_700_000_000, body)
    assert verify("whsec_k", "1700000000", body, signature, now=1_700_000_100)
    assert not verify("whsec_k", "1700000000", body, signature, now=1_700_000_301)
    assert not verify("whsec_k", "1700000001", body, signature, now=1_700_000_100)
    assert not verify("whsec_k", "1700000000", body + b" ", signature, now=1_700_000_100)
    assert not verify("whsec_k", "", body, signature, now=1_700_000_100)
