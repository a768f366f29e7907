"""The staff pages of the voice of the customer: inbox, escalations, the 360's voice
section and the worklist, each through its page; the wrong person gets 404."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accord.customers.models import Customer, Identity
from accord.customers.services import add_identity, create_customer
from accord.imports.mentions import ingest_records
from accord.voice.models import Escalation, SocialMention
from tests.staff.form_reading import read_form

pytestmark = pytest.mark.django_db
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def grace(bob) -> Customer:
    customer = create_customer(
        name="Grace Hopper", kind="person", email="grace@navy.test", owner=bob
    )
    add_identity(customer_id=customer.pk, kind="social", source="x", value="grace", by=None)
    return customer


def mention(post_id: str, handle: str, text: str, minutes: int = 0, **extra) -> dict:
    return {
        "platform": "x",
        "post_id": post_id,
        "author_handle": handle,
        "text": text,
        "posted_at": (NOW - timedelta(minutes=minutes)).isoformat(),
        **extra,
    }


LOUD = "How do I cancel? Worst service ever, terrible and awful, I want out."


def test_the_worklist_and_the_360_show_an_escalation_with_its_due_time(client, grace, bob):
    ingest_records(enumerate([mention("1", "grace", LOUD, followers=90_000)]))
    client.force_login(bob)
    book = client.get("/book/").content.decode()
    assert "Public complaint escalated" in book and "reached about 90,000 people" in book
    assert "due " in book
    page = client.get(f"/customers/{grace.pk}/").content.decode()
    assert 'id="voice-title"' in page and "Public mentions" in page
    assert "asked to leave 1 time" in page


def test_linking_from_the_inbox_makes_the_handle_an_identity(client, grace, bob, carol):
    ingest_records(enumerate([mention("2", "amazing_grace", "Lovely support today, thanks!")]))
    post = SocialMention.objects.get(post_id="2")
    client.force_login(carol)
    inbox = client.get("/voice/mentions/").content.decode()
    assert "@amazing_grace" in inbox
    refused = client.post(f"/voice/mentions/{post.pk}/link/", {"customer": str(grace.pk)})
    assert refused.status_code == 404
    post.refresh_from_db()
    assert post.customer_id is None and not Identity.objects.filter(value="amazing_grace").exists()
    client.force_login(bob)
    done = client.post(f"/voice/mentions/{post.pk}/link/", {"customer": "grace@navy.test"})
    assert done.status_code == 302
    post.refresh_from_db()
    assert post.customer_id == grace.pk and post.matched_by == "staff"
    assert Identity.objects.filter(value="amazing_grace", customer=grace).exists()
    assert "Nothing waiting" in client.get("/voice/mentions/").content.decode()


def test_escalations_list_and_resolve_for_the_owner_only(client, grace, bob, carol, alice):
    ingest_records(enumerate([mention("3", "grace", LOUD, followers=50_000)]))
    escalation = Escalation.objects.get()
    client.force_login(carol)
    assert "Grace Hopper" not in client.get("/voice/escalations/").content.decode()
    assert client.post(f"/voice/escalations/{escalation.pk}/resolve/").status_code == 404
    escalation.refresh_from_db()
    assert escalation.resolved_at is None
    client.force_login(alice)
    assert "Grace Hopper" in client.get("/voice/escalations/").content.decode()
    client.force_login(bob)
    assert "Grace Hopper" in client.get("/voice/escalations/").content.decode()
    assert client.post(f"/voice/escalations/{escalation.pk}/resolve/").status_code == 302
    escalation.refresh_from_db()
    assert escalation.resolved_at is not None
    assert "Public complaint escalated" not in client.get("/book/").content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Grace Hoper", "No single customer has that id, email or name."),
        ("999999", "No single customer has that id, email or name."),
        ("99999999999999999999999", "No single customer has that id, email or name."),
        ("", "This field is required."),
    ],
)
def test_a_refused_link_keeps_what_was_typed_beside_its_message(client, grace, bob, typed, message):
    ingest_records(enumerate([mention("4", "amazing_grace", "Lovely support today!")]))
    post = SocialMention.objects.get(post_id="4")
    client.force_login(bob)
    response = client.post(f"/voice/mentions/{post.pk}/link/", {"customer": typed})
    assert response.status_code == 400
    values, errors = read_form(response.content.decode())
    assert values["customer"] == typed
    assert errors == {"customer": message}
    html = response.content.decode()
    assert 'aria-describedby="id_customer_error"' in html
    assert f'action="/voice/mentions/{post.pk}/link/"' in html
    post.refresh_from_db()
    assert post.customer_id is None and not Identity.objects.filter(value="amazing_grace").exists()
