"""Pushing mentions through the API: stored once, matched, read, escalated at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accord.customers.models import Customer, Identity
from accord.customers.services import add_identity, create_customer
from accord.scoring.models import Alert
from accord.voice.models import Escalation, SocialMention, TextSignal
from accord.webhooks.models import WebhookDelivery
from accord.webhooks.services import create_endpoint
from tests.api.conftest import call, token_for

pytestmark = pytest.mark.django_db
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def ada(bob) -> Customer:
    customer = create_customer(name="Ada Byron", kind="person", email="ada@byron.test", owner=bob)
    add_identity(customer_id=customer.pk, kind="social", source="x", value="@AdaB", by=None)
    return customer


def post(n: int, *, handle: str = "adab", start: int = 0, **extra) -> list[dict]:
    return [
        {
            "platform": "x",
            "post_id": f"p{start + i}",
            "author_handle": handle,
            "text": "Charged twice again and still no refund. Terrible, awful billing!",
            "posted_at": (NOW - timedelta(minutes=5 * i)).isoformat(),
            "followers": 120,
            **extra,
        }
        for i in range(n)
    ]


def test_a_burst_about_a_customer_lands_on_the_owners_worklist_with_a_due_time(
    client, ada, bob, alice
):
    create_endpoint(url="https://hooks.example.com/a", event_kinds=["escalation"], by=alice)
    answer = call(client, "post", "/mentions", token_for(alice), {"mentions": post(5)})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["created"], body["matched"], body["problems"]) == (5, 5, [])
    assert body["escalations"] >= 1
    # Synchronous: by the time the push answers, the owner's worklist has it.
    alert = Alert.objects.get(customer=ada, kind="escalation")
    assert alert.owner_id == bob.pk and alert.resolved_at is None
    assert alert.due_at > alert.created_at
    assert "5 negative posts" in alert.message
    delivery = WebhookDelivery.objects.get(alert=alert)
    assert delivery.event == "alert.escalation"
    assert delivery.payload["alert"]["due_at"]
    mine = call(client, "get", "/escalations", token_for(bob)).json()
    assert [e["customer_id"] for e in mine] == [ada.pk]
    page = client.get("/staff/", follow=True)  # the worklist page itself is checked in staff tests
    assert page.status_code == 200


def test_the_same_batch_again_changes_nothing(client, ada, alice):
    token = token_for(alice)
    first = call(client, "post", "/mentions", token, {"mentions": post(3)}).json()
    before = (SocialMention.objects.count(), TextSignal.objects.count(), Escalation.objects.count())
    again = call(client, "post", "/mentions", token, {"mentions": post(3)}).json()
    assert (first["created"], again["created"], again["repeated"]) == (3, 0, 3)
    after = (SocialMention.objects.count(), TextSignal.objects.count(), Escalation.objects.count())
    assert before == after


def test_bad_items_are_reported_by_index_while_good_ones_land(client, ada, alice):
    items = post(3)
    items[1]["posted_at"] = "yesterday-ish"
    del items[2]["text"]
    body = call(client, "post", "/mentions", token_for(alice), {"mentions": items}).json()
    assert body["created"] == 1
    assert [(p["index"], p["field"]) for p in body["problems"]] == [(1, "posted_at"), (2, "text")]


def test_one_loud_negative_post_escalates_by_reach(client, ada, bob, alice):
    items = post(1, followers=40_000)
    body = call(client, "post", "/mentions", token_for(alice), {"mentions": items}).json()
    escalation = Escalation.objects.get(kind="reach")
    assert body["escalations"] == 1 and escalation.reach >= 40_000
    assert escalation.owner_id == bob.pk


def test_unmatched_waits_in_the_inbox_and_linking_makes_the_handle_an_identity(
    client, ada, bob, carol, alice
):
    items = post(2, handle="someone_new", followers=10)
    ids = call(client, "post", "/mentions", token_for(alice), {"mentions": items}).json()
    inbox = call(client, "get", "/mentions", token_for(bob), {"unmatched": "true"}).json()
    assert {m["id"] for m in inbox["items"]} == set(ids["created_ids"])
    first = ids["created_ids"][0]
    # carol does not look after Ada: 404, nothing changes.
    refused = call(
        client, "post", f"/mentions/{first}/link", token_for(carol), {"customer_id": ada.pk}
    )
    assert refused.status_code == 404
    assert not Identity.objects.filter(value="someone_new").exists()
    assert SocialMention.objects.filter(customer__isnull=True).count() == 2
    linked = call(
        client, "post", f"/mentions/{first}/link", token_for(bob), {"customer_id": ada.pk}
    )
    assert linked.status_code == 200, linked.content
    assert linked.json()["matched_by"] == "staff"
    assert Identity.objects.get(value="someone_new", source="x").customer_id == ada.pk
    # Every earlier post by the same author joined her too, and the next one matches alone.
    assert SocialMention.objects.filter(customer__isnull=True).count() == 0
    more = call(
        client,
        "post",
        "/mentions",
        token_for(alice),
        {"mentions": post(1, handle="someone_new", start=50)},
    )
    assert more.json()["matched"] == 1


def test_resolving_someone_elses_escalation_is_404_and_changes_nothing(
    client, ada, bob, carol, alice
):
    call(client, "post", "/mentions", token_for(alice), {"mentions": post(1, followers=50_000)})
    escalation = Escalation.objects.get()
    refused = call(client, "post", f"/escalations/{escalation.pk}/resolve", token_for(carol))
    assert refused.status_code == 404
    escalation.refresh_from_db()
    assert escalation.resolved_at is None
    done = call(client, "post", f"/escalations/{escalation.pk}/resolve", token_for(bob))
    assert done.status_code == 200 and done.json()["resolved_at"]
    assert not Alert.objects.filter(kind="escalation", resolved_at__isnull=True).exists()
