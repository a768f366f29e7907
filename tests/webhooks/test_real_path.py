"""The whole path: a write through the API makes the scorer raise an alert, the scoring
transaction queues its webhook, and `accord worker` delivers it signed.

Needs the one call in accord.scoring.store.save_scores that hands the new alerts to
accord.webhooks.services.enqueue_alert_deliveries (see docs/webhooks.md)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from accord.scoring.models import Alert
from accord.webhooks.models import WebhookDelivery
from tests.scoring.factories import scored_buyer_with_api_promise
from tests.webhooks.helpers import make_endpoint, verify_accord_signature

# In the future, so promises made "now" through the API fall before the scoring clock.
AS_OF = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


@pytest.mark.django_db(transaction=True)
def test_breaking_a_promise_through_the_api_sends_a_signed_promise_broken_webhook(
    client: Client, alice, bob, receiver, settings
):
    settings.ACCORD_SCORING_AS_OF = AS_OF
    created = make_endpoint(receiver.url, ["promise_broken"], alice)
    make_endpoint(receiver.url + "/health", ["health_drop"], alice)
    customer, promise_id, headers = scored_buyer_with_api_promise(client, bob, AS_OF)

    broken = client.post(f"/api/v1/promises/{promise_id}/break", **headers)

    assert broken.status_code == 200
    alert = Alert.objects.get(customer=customer, kind="promise_broken")
    # Queued in the scoring transaction, for the subscribed endpoint only.
    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint_id, delivery.alert_id, delivery.status) == (
        created.endpoint.pk,
        alert.pk,
        "pending",
    )
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "webhooks: 1 delivered, 0 to retry, 0 failed" in out.getvalue()
    [request] = receiver.requests
    assert request.path == "/hooks/accord"
    assert verify_accord_signature(created.secret, request.headers, request.body)
    assert request.headers["X-Accord-Event"] == "alert.promise_broken"
    assert json.loads(request.body)["alert"] == {
        "id": alert.pk,
        "kind": "promise_broken",
        "message": "1 company promise(s) broken",
        "customer_id": customer.pk,
        "owner_id": bob.pk,
        "created_at": alert.created_at.isoformat(),
        "due_at": None,
    }
