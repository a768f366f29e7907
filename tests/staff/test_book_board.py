"""The accountability pages: My book, the customer 360 (audited), the board (managers
only), conversation threads, and transferring from a page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.customers.services import create_customer
from accord.interactions.models import Interaction, Request
from accord.interactions.services import receive_request
from accord.relationships.models import Handoff, OwnerAssignment, Relationship
from tests.staff.form_reading import read_form

pytestmark = pytest.mark.django_db


def logged_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def acme(bob):
    customer = create_customer(name="Acme Corp", owner=bob, stage="active")
    Interaction.objects.create(
        customer=customer,
        channel="email",
        direction="inbound",
        occurred_at=timezone.now() - timedelta(days=2),
        kind="request",
        subject="Where is my order?",
    )
    return customer


def snapshot(customer_id: int) -> tuple:
    return (
        Relationship.objects.get(customer_id=customer_id).owner_id,
        OwnerAssignment.objects.filter(customer_id=customer_id).count(),
        Handoff.objects.filter(customer_id=customer_id).count(),
    )


def test_my_book_lists_my_gaps_requests_and_relationships(acme, bob, carol) -> None:
    receive_request(
        customer_id=acme.pk,
        channel="chat",
        received_by_function="support",
        kind="complaint",
        subject="Broken blender",
    )
    page = logged_in(bob).get("/book/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Acme Corp" in html and "Stale" in html and "Bob should contact the customer." in html
    assert "Broken blender" in html
    assert "You own no live relationships." in logged_in(carol).get("/book/").content.decode()


def with_purpose(client: Client, customer_id: int, reason: str = "Checking an order") -> Client:
    """Someone off the team says why they open the record (accord.staff.purpose)."""
    response = client.post(f"/customers/{customer_id}/purpose/", {"purpose-reason": reason})
    assert response.status_code == 302
    return client


def test_customer_360_shows_owner_timeline_and_writes_a_view_event(acme, bob, carol) -> None:
    before = AuditEvent.objects.filter(action="customer.view", customer=acme).count()
    page = with_purpose(logged_in(carol), acme.pk).get(f"/customers/{acme.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Accountable owner" in html and "Bob" in html and "Where is my order?" in html
    assert f'action="/customers/{acme.pk}/transfer/"' not in html  # carol may not transfer
    events = AuditEvent.objects.filter(action="customer.view", customer=acme)
    assert events.count() == before + 1 and events.last().actor_id == carol.pk
    assert logged_in(bob).get(f"/customers/{acme.pk}/").content.decode().count("transfer-form") == 1


def test_timeline_is_paginated(acme, bob) -> None:
    Interaction.objects.bulk_create(
        Interaction(
            customer=acme,
            channel="email",
            direction="outbound",
            staff=bob,
            occurred_at=timezone.now() - timedelta(hours=n),
            kind="other",
            subject=f"note {n}",
        )
        for n in range(60)
    )
    html = logged_in(bob).get(f"/customers/{acme.pk}/?page=3").content.decode()
    assert "3 / 3" in html and "note 59" in html and "note 0<" not in html


def test_unknown_customer_is_404(bob) -> None:
    assert logged_in(bob).get("/customers/987654/").status_code == 404


def test_member_cannot_transfer_from_the_page_404_and_nothing_changed(acme, carol) -> None:
    before = snapshot(acme.pk)
    response = logged_in(carol).post(
        f"/customers/{acme.pk}/transfer/", {"to_owner": carol.pk, "reason": "mine now"}
    )
    assert response.status_code == 404
    assert snapshot(acme.pk) == before


def test_owner_transfers_from_the_360(acme, bob, carol) -> None:
    response = logged_in(bob).post(
        f"/customers/{acme.pk}/transfer/", {"to_owner": carol.pk, "reason": "going on leave"}
    )
    assert response.status_code == 302 and response["Location"] == f"/customers/{acme.pk}/"
    assert Relationship.objects.get(customer=acme).owner_id == carol.pk
    assert "Acme Corp" in logged_in(carol).get("/book/").content.decode()


def test_refused_transfer_is_a_form_error(acme, alice, bob) -> None:
    before = snapshot(acme.pk)
    response = logged_in(alice).post(
        f"/customers/{acme.pk}/transfer/", {"to_owner": bob.pk, "reason": "x"}
    )
    assert response.status_code == 400
    assert "already owns this relationship" in response.content.decode()
    assert snapshot(acme.pk) == before


def test_board_is_for_managers_only(acme, alice, bob) -> None:
    assert logged_in(bob).get("/board/").status_code == 404
    page = logged_in(alice).get("/board/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<span class="stat" data-kind="stale">1</span>' in html
    assert '<span class="stat" data-kind="orphaned">0</span>' in html
    drill = logged_in(alice).get("/board/?kind=orphaned").content.decode()
    assert "No gaps of this kind." in drill


def test_manager_transfers_ticked_rows_from_the_board(acme, alice, bob, carol) -> None:
    other = create_customer(name="Beta Ltd", owner=bob)
    Interaction.objects.create(
        customer=other,
        channel="chat",
        direction="inbound",
        occurred_at=timezone.now() - timedelta(days=1),
        kind="request",
    )
    manager = logged_in(alice)
    response = manager.post(
        "/board/transfer/",
        {
            "customer": [acme.pk, other.pk],
            "to_owner": carol.pk,
            "reason": "board: stale",
            "next": "/board/?kind=stale",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/board/?kind=stale"
    for customer in (acme, other):
        handoff = Handoff.objects.get(customer=customer)
        assert (handoff.by_id, handoff.to_owner_id, handoff.reason) == (
            alice.pk,
            carol.pk,
            "board: stale",
        )
    page = manager.get("/board/?kind=stale").content.decode()
    assert "2 relationships now belong to Carol." in page


def test_board_transfer_is_404_for_members_and_changes_nothing(acme, bob, carol) -> None:
    before = snapshot(acme.pk)
    response = logged_in(bob).post(
        "/board/transfer/", {"customer": [acme.pk], "to_owner": carol.pk, "reason": "x"}
    )
    assert response.status_code == 404
    assert snapshot(acme.pk) == before


def test_board_transfer_without_owner_says_what_is_missing(acme, alice) -> None:
    before = snapshot(acme.pk)
    response = logged_in(alice).post(
        "/board/transfer/", {"customer": [acme.pk], "reason": "x"}, follow=True
    )
    assert "to_owner: This field is required." in response.content.decode()
    assert snapshot(acme.pk) == before


def test_conversation_page_shows_one_thread(acme, bob, carol) -> None:
    one = receive_request(
        customer_id=acme.pk,
        channel="email",
        received_by_function="support",
        kind="complaint",
        subject="Charged twice",
        body="Card charged twice for March, refund please",
    )
    receive_request(
        customer_id=acme.pk,
        channel="chat",
        received_by_function="billing",
        kind="complaint",
        subject="Double charge",
        body="March charged twice",
    )
    client = with_purpose(logged_in(carol), acme.pk)
    html = client.get(f"/conversations/{one.conversation.pk}/").content.decode()
    assert "Raised 2 times" in html and html.count("routed to <strong>Bob</strong>") == 2


def test_a_desk_logs_a_request_and_sees_who_owns_it(acme, bob, carol) -> None:
    support = logged_in(carol)
    response = support.post(
        f"/customers/{acme.pk}/requests/",
        {
            "channel": "call",
            "kind": "complaint",
            "subject": "Invoice wrong",
            "body": "Invoice 2291 shows 120 instead of 99",
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Logged. Routed to the accountable owner, Bob." in html
    assert "Accountable owner: <strong>Bob</strong>" in html
    request = Request.objects.get(customer=acme)
    assert (request.received_by_function, request.assigned_to_id) == ("support", bob.pk)


def test_logging_a_request_without_subject_says_so(acme, carol) -> None:
    response = logged_in(carol).post(
        f"/customers/{acme.pk}/requests/",
        {"channel": "call", "kind": "complaint", "body": "Invoice 2291 is wrong"},
    )
    values, errors = read_form(response.content.decode())
    assert response.status_code == 400
    assert errors == {"subject": "This field is required."}
    assert (values["channel"], values["kind"], values["body"]) == (
        "call",
        "complaint",
        "Invoice 2291 is wrong",
    )
    assert not Request.objects.exists()
