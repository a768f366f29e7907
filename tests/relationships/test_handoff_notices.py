"""Hand-offs the customer really hears about: a transfer (one, or a leaver's whole book)
sends one email per customer who agreed to email, through Django's email backend, and
records its Message-ID; when none can go, the hand-off says why and the board shows it,
with the same reason in the API and on the page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client, override_settings
from django.utils import timezone

from accord.consents.models import Consent
from accord.customers.services import create_customer
from accord.interactions.models import Interaction
from accord.members.services import issue_api_token
from accord.relationships.models import Handoff

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("connection refused by smtp.example.com")


def auth(member, scope: str = "write") -> dict[str, str]:
    token = issue_api_token(staff=member, name="tests", scope=scope).plaintext
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def agree_to_email(customer, is_granted: bool = True) -> None:
    Consent.objects.create(
        customer=customer,
        purpose="email",
        is_granted=is_granted,
        recorded_at=timezone.now(),
        method="portal",
    )


@pytest.fixture
def book(bob):
    """bob's customers: two agreed to email (one withdrew since), one never did, one
    agreed but we hold no address."""
    ada = create_customer(name="Ada", owner=bob, email="ada@example.com", stage="active")
    ben = create_customer(name="Ben", owner=bob, email="ben@example.com", stage="active")
    cy = create_customer(name="Cy", owner=bob, stage="active")
    dora = create_customer(name="Dora", owner=bob, email="dora@example.com", stage="active")
    agree_to_email(ada)
    agree_to_email(cy)
    agree_to_email(dora)
    agree_to_email(dora, is_granted=False)
    return {"ada": ada, "ben": ben, "cy": cy, "dora": dora}


def transfer(customer, to_owner, manager, capture) -> dict:
    with capture(execute=True):
        response = Client().post(
            f"/api/v1/customers/{customer.pk}/transfer",
            {"to_owner_id": to_owner.pk, "reason": "rebalancing books"},
            content_type="application/json",
            **auth(manager),
        )
    assert response.status_code == 201, response.content
    return response.json()


def test_a_transfer_emails_exactly_the_customers_who_agreed(
    book, alice, carol, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    told = {
        name: transfer(customer, carol, alice, django_capture_on_commit_callbacks)
        for name, customer in book.items()
    }
    assert [(m.to, m.subject, m.reply_to) for m in mail.outbox] == [
        (["ada@example.com"], "Your contact at the company is now Carol", ["carol@example.com"])
    ]
    [sent] = mail.outbox
    assert sent.extra_headers["Message-ID"] == told["ada"]["notice_message_id"]
    assert sent.message()["Message-ID"] == told["ada"]["notice_message_id"]
    assert "Carol (carol@example.com) looks after your relationship" in sent.body
    summary = {
        name: (body["customer_told_at"] is not None, bool(body["notice_message_id"]),
               body["notice_problem"])
        for name, body in told.items()
    }  # fmt: skip
    assert summary == {
        "ada": (True, True, ""),
        "ben": (True, False, ""),  # never agreed to email: told in the portal only
        "cy": (True, False, "the customer agreed to email but we hold no email address"),
        "dora": (True, False, ""),  # withdrew: the newest decision counts
    }
    # The portal notice is on every timeline; the emailed one carries its Message-ID.
    notices = dict(
        Interaction.objects.filter(source="accord.handoff").values_list("customer__name", "channel")
    )
    assert notices == {"Ada": "email", "Ben": "portal", "Cy": "portal", "Dora": "portal"}
    assert (
        Interaction.objects.get(customer=book["ada"], source="accord.handoff").external_id
        == (told["ada"]["notice_message_id"])
    )


def test_a_leavers_book_is_handed_over_with_one_email_per_agreeing_customer(
    book, alice, bob, carol, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            f"/api/v1/staff/{bob.pk}/deactivate",
            {"reassign_to_id": carol.pk},
            content_type="application/json",
            **auth(alice, scope="admin"),
        )
    assert response.status_code == 200
    assert response.json()["relationships_moved"] == 4
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    handoff = Handoff.objects.get(customer=book["ada"])
    assert mail.outbox[0].extra_headers["Message-ID"] == handoff.notice_message_id


@override_settings(EMAIL_BACKEND="tests.relationships.test_handoff_notices.RefusingBackend")
def test_an_email_that_cannot_be_sent_is_recorded_and_the_board_shows_it(
    book, alice, carol, django_capture_on_commit_callbacks
):
    body = transfer(book["ada"], carol, alice, django_capture_on_commit_callbacks)
    assert body["notice_message_id"]  # chosen before the commit, cleared when it failed
    handoff = Handoff.objects.get(customer=book["ada"])
    problem = (
        "the email could not be sent "
        "(ConnectionRefusedError: connection refused by smtp.example.com)"
    )
    assert (handoff.notice_message_id, handoff.notice_problem) == ("", problem)
    entry = Interaction.objects.get(customer=book["ada"], source="accord.handoff")
    assert (entry.channel, entry.external_id) == ("portal", None)
    history = Client().get(f"/api/v1/customers/{book['ada'].pk}/handoffs", **auth(alice)).json()
    assert (history[0]["notice_message_id"], history[0]["notice_problem"]) == ("", problem)

    gaps = Client().get("/api/v1/gaps?kind=untold_handoff", **auth(alice)).json()
    assert [(g["customer_name"], g["reason"], g["owner_name"]) for g in gaps] == [
        ("Ada", "email_not_sent", "Carol")
    ]
    assert problem in gaps[0]["explanation"]
    client = Client()
    client.force_login(alice)
    page = client.get("/board/?kind=untold_handoff").content.decode()
    assert 'data-reason="email_not_sent"' in page and problem in page

    # The new owner writes to the customer: they have heard; the gap closes.
    Interaction.objects.create(
        customer=book["ada"],
        channel="call",
        direction="outbound",
        staff=carol,
        function=carol.function,
        occurred_at=timezone.now(),
        kind="other",
    )
    assert Client().get("/api/v1/gaps?kind=untold_handoff", **auth(alice)).json() == []
