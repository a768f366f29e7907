"""The staff mail inbox: unmatched mail waits there, linking it to a customer makes the
address an identity and puts the waiting mail on the customer; who may not gets 404."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accord.customers.models import Identity
from accord.customers.services import create_customer
from accord.interactions.models import Interaction, Request
from accord.mail.capture import capture_mail
from accord.mail.models import CapturedMessage, Mailbox
from accord.mail.services import add_mailbox
from tests.conftest import make_staff
from tests.mail import messages as mail
from tests.mail.conftest import PASSWORD, Dovecot

pytestmark = pytest.mark.django_db


def logged_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def sales(alice) -> Mailbox:
    return add_mailbox(
        name="sales", host="127.0.0.1", port=1, security="none",
        username="sales@acme.example", password=PASSWORD, address="sales@acme.example",
    )  # fmt: skip


@pytest.fixture
def hans(alice):
    return create_customer(name="Hans Becker", owner=alice)


def snapshot() -> tuple:
    return (
        sorted(CapturedMessage.objects.values_list("message_id", "status", "customer_id")),
        Identity.objects.count(),
        Interaction.objects.count(),
        Request.objects.count(),
    )


def test_linking_from_the_inbox_makes_the_address_an_identity(
    dovecot: Dovecot, alice, hans, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAP_PASSWORD", PASSWORD)
    call_command(
        "mail", "add", "sales", "--host", "127.0.0.1", "--port", str(dovecot.port),
        "--security", "none", "--user", "sales@acme.example", "--password-env",
        "IMAP_PASSWORD", "--address", "sales@acme.example", stdout=io.StringIO(),
    )  # fmt: skip
    dovecot.append("sales@acme.example", mail.HANS_FIRST)
    dovecot.append("sales@acme.example", mail.HANS_SECOND)
    call_command("mail", "sync", stdout=io.StringIO())
    client = logged_in(alice)

    inbox = client.get("/mail/")
    assert inbox.status_code == 200
    assert [row.subject for row in inbox.context["rows"]] == [
        "Anfrage \u2013 Preise für Wartung",
        "Nachtrag",
    ]
    first = inbox.context["rows"][0]
    page = client.get(f"/mail/{first.pk}/")
    assert page.status_code == 200
    # The sender's name finds the customer to link to.
    assert [customer.pk for customer in page.context["candidates"]] == [hans.pk]
    assert "Unser Budget: 2.000 €." in page.content.decode()

    response = client.post(f"/mail/{first.pk}/link/", {"customer_id": hans.pk})

    assert response.status_code == 302
    assert response["Location"] == f"/customers/{hans.pk}/"
    assert list(Identity.objects.filter(customer=hans).values_list("kind", "value")) == [
        ("email", "h.becker@web.example")
    ]
    assert [
        (i.direction, i.subject, i.request.subject)
        for i in Interaction.objects.filter(customer=hans).order_by("occurred_at")
    ] == [
        ("inbound", "Anfrage \u2013 Preise für Wartung", "Anfrage \u2013 Preise für Wartung"),
        ("inbound", "Nachtrag", "Nachtrag"),
    ]
    assert client.get("/mail/").context["rows"] == []
    assert CapturedMessage.objects.get(pk=first.pk).linked_by == alice

    # From now on the address is known: the next mail lands on Hans directly.
    dovecot.append(
        "sales@acme.example",
        mail.HANS_SECOND.replace(mail.HANS_SECOND_ID.encode(), b"third@web.example"),
    )
    out = io.StringIO()
    call_command("mail", "sync", stdout=out)
    assert out.getvalue() == "sales: read 1 new messages (1 captured)\n"
    assert Interaction.objects.filter(customer=hans).count() == 3


def test_members_without_a_mailbox_get_404_and_change_nothing(sales, bob, hans) -> None:
    capture_mail(mailbox=sales, raw=mail.HANS_FIRST)
    message = CapturedMessage.objects.get()
    before = snapshot()
    client = logged_in(bob)

    assert client.get("/mail/").status_code == 404
    assert client.get(f"/mail/{message.pk}/").status_code == 404
    assert client.post(f"/mail/{message.pk}/link/", {"customer_id": hans.pk}).status_code == 404
    assert snapshot() == before
    assert 'href="/mail/"' not in client.get("/book/").content.decode()


def test_a_member_works_the_inbox_of_their_own_mailbox_only(sales, bob, hans) -> None:
    own = add_mailbox(
        name="bob", host="127.0.0.1", port=1, security="none", username="bob@acme.example",
        password=PASSWORD, address="bob@acme.example", staff=bob,
    )  # fmt: skip
    capture_mail(mailbox=sales, raw=mail.HANS_FIRST)
    capture_mail(mailbox=own, raw=mail.HANS_SECOND)
    theirs = CapturedMessage.objects.get(mailbox=sales)
    mine = CapturedMessage.objects.get(mailbox=own)
    client = logged_in(bob)

    assert 'href="/mail/"' in client.get("/book/").content.decode()
    assert [row.pk for row in client.get("/mail/").context["rows"]] == [mine.pk]
    before = snapshot()
    assert client.get(f"/mail/{theirs.pk}/").status_code == 404
    assert client.post(f"/mail/{theirs.pk}/link/", {"customer_id": hans.pk}).status_code == 404
    assert snapshot() == before

    # Linking captures every waiting message from the address, whichever mailbox it
    # arrived in: the address is the customer's now.
    assert client.post(f"/mail/{mine.pk}/link/", {"customer_id": hans.pk}).status_code == 302
    assert sorted(CapturedMessage.objects.values_list("status", flat=True)) == [
        "captured",
        "captured",
    ]
    assert Request.objects.filter(customer=hans).count() == 2


def test_an_address_that_identifies_another_customer_is_refused(sales, alice, bob, hans) -> None:
    other = create_customer(name="Someone Else", email="h.becker@web.example", owner=bob)
    # The address became known after the message arrived.
    Identity.objects.filter(customer=other).delete()
    capture_mail(mailbox=sales, raw=mail.HANS_FIRST)
    Identity.objects.create(customer=other, kind="email", value="h.becker@web.example")
    message = CapturedMessage.objects.get()
    before = snapshot()
    client = logged_in(alice)

    response = client.post(f"/mail/{message.pk}/link/", {"customer_id": hans.pk}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        f"value: h.becker@web.example already identifies customer {other.pk}"
    ]
    assert snapshot() == before


def test_linking_to_a_customer_that_does_not_exist_is_404(sales, alice) -> None:
    capture_mail(mailbox=sales, raw=mail.HANS_FIRST)
    message = CapturedMessage.objects.get()
    before = snapshot()
    response = logged_in(alice).post(f"/mail/{message.pk}/link/", {"customer_id": 999999})
    assert response.status_code == 404
    assert snapshot() == before


def test_a_manager_who_left_gets_404_and_changes_nothing(sales, hans) -> None:
    gone = make_staff("gone", role="manager")
    capture_mail(mailbox=sales, raw=mail.HANS_FIRST)
    message = CapturedMessage.objects.get()
    client = logged_in(gone)
    gone.left_at = timezone.now()  # leaving recorded, the account flag forgotten
    gone.save(update_fields=["left_at"])
    before = snapshot()

    assert client.get("/mail/").status_code == 404
    assert client.get(f"/mail/{message.pk}/").status_code == 404
    assert client.post(f"/mail/{message.pk}/link/", {"customer_id": hans.pk}).status_code == 404
    assert snapshot() == before
