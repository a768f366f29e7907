"""Incremental rescoring happens on commit of an API write, and the worker drains the queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from accord.core.changes import mark_customers_changed
from accord.promises.models import Promise
from accord.scoring.models import Alert, CustomerScore, RescoreQueue
from tests.scoring.factories import add_orders, make_customer, scored_buyer_with_api_promise

# In the future, so promises made "now" through the API fall before the scoring clock.
AS_OF = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


@pytest.fixture
def pinned_clock(settings):
    settings.ACCORD_SCORING_AS_OF = AS_OF
    return AS_OF


@pytest.mark.django_db(transaction=True)
def test_breaking_a_promise_through_the_api_rescores_on_commit(client: Client, bob, pinned_clock):
    customer, promise_id, headers = scored_buyer_with_api_promise(client, bob, AS_OF)
    before = CustomerScore.objects.get(customer=customer)
    assert before.company_promises_broken == 0

    response = client.post(f"/api/v1/promises/{promise_id}/break", **headers)

    assert response.status_code == 200
    after = CustomerScore.objects.get(customer=customer)
    assert after.company_promises_broken == 1
    assert after.honesty == 0.0 and before.honesty == 50.0
    assert after.health < before.health
    assert "0 of 1 company promises kept" in [d["text"] for d in after.explanation["drivers"]]
    alert = Alert.objects.get(customer=customer, kind="promise_broken")
    assert alert.owner_id == bob.pk
    assert not RescoreQueue.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_worker_breaks_overdue_promises_and_drains_the_queue(bob, pinned_clock, settings):
    settings.ACCORD_RESCORE_INLINE = False
    customers = [make_customer(bob, f"C{i}", AS_OF) for i in range(3)]
    for customer in customers:
        add_orders(customer.pk, AS_OF, [300, 20])
    due = AS_OF - timedelta(days=40)
    overdue = Promise.objects.create(
        customer=customers[0],
        made_by_side="company",
        staff=bob,
        kind="callback",
        description="Call back",
        made_at=due - timedelta(days=2),
        due_at=due,
    )
    mark_customers_changed([c.pk for c in customers])  # outside a transaction: runs at once
    assert RescoreQueue.objects.count() == 3

    call_command("worker", "--once")

    overdue.refresh_from_db()
    assert (overdue.status, overdue.resolved_at) == ("broken", due)
    assert not RescoreQueue.objects.exists()
    assert CustomerScore.objects.count() == 3
    assert CustomerScore.objects.get(customer=customers[0]).company_promises_broken == 1
