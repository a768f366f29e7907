"""Acceptance: mail APPENDed to a real Dovecot over IMAP becomes threaded interactions on
the right customers through `accord mail sync` and `accord worker`; a second sync adds
nothing (also after UIDVALIDITY changes); replies join their conversation; unmatched
mail waits in the inbox."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accord.customers.models import Contact
from accord.customers.services import create_customer
from accord.interactions.models import Conversation, Interaction, Request
from accord.mail.models import CapturedMessage, Mailbox, MailboxFolder
from tests.mail import messages as mail
from tests.mail.conftest import PASSWORD, Dovecot

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def mailboxes(dovecot: Dovecot, bob, monkeypatch: pytest.MonkeyPatch) -> Dovecot:
    monkeypatch.setenv("IMAP_PASSWORD", PASSWORD)
    common = ["--host", "127.0.0.1", "--port", str(dovecot.port), "--security", "none"]
    common += ["--password-env", "IMAP_PASSWORD"]
    run("mail", "add", "sales", *common, "--user", "sales@acme.example",
        "--address", "sales@acme.example")  # fmt: skip
    run("mail", "add", "bob", *common, "--user", "bob@acme.example", "--folder", "INBOX",
        "--folder", "Sent", "--address", "bob@acme.example", "--staff", "bob")  # fmt: skip
    return dovecot


@pytest.fixture
def book(bob, carol, alice):
    anna = create_customer(name="Anna Müller", email="anna.mueller@outlook.de", owner=bob)
    globex = create_customer(name="Globex GmbH", kind="organization", owner=carol)
    # Contacts' addresses match whatever their case.
    Contact.objects.create(
        customer=globex, name="Jürgen Schmidt", email="Juergen.Schmidt@gmail.com"
    )
    hans = create_customer(name="Hans Becker", owner=alice)
    return {"anna": anna, "globex": globex, "hans": hans}


def thread_of(customer) -> list[tuple[str, str, str | None]]:
    return [
        (i.direction, i.subject, i.staff.username if i.staff else None)
        for i in Interaction.objects.filter(customer=customer).order_by("occurred_at", "pk")
    ]


def test_sync_threads_mail_onto_customers_and_a_second_sync_adds_nothing(
    mailboxes: Dovecot, book, bob, carol
) -> None:
    for raw in (mail.JUERGEN, mail.ANNA_FIRST, mail.HANS_FIRST, mail.INTERNAL):
        mailboxes.append("sales@acme.example", raw)

    output = run("mail", "sync")

    assert output.splitlines() == [
        "bob: read 0 new messages",
        "sales: read 4 new messages (2 captured, 1 internal, 1 unmatched)",
    ]
    anna, globex = book["anna"], book["globex"]
    request = Request.objects.get(customer=anna)
    assert (request.subject, request.channel, request.assigned_to, request.status) == (
        "Lieferung für Bestellung 4711 verspätet", "email", bob, "open",
    )  # fmt: skip
    # cp1252 behind an iso-8859-1 label, quoted-printable, the text part preferred.
    assert request.body == (
        "Sehr geehrte Damen und Herren,\n\nmeine Bestellung 4711 \u2013 bezahlt am 20.11. "
        "(149,00 €) \u2013 ist immer noch nicht da. Die Sendungsverfolgung sagt nur “in "
        "Zustellung”.\n\nMit freundlichen Grüßen\nAnna Müller\n\n"
        "Attachments: Rechnung_4711.pdf (77 bytes)"
    )
    first = CapturedMessage.objects.get(message_id=mail.ANNA_FIRST_ID)
    assert first.attachments == [
        {"name": "Rechnung_4711.pdf", "size": 77, "content_type": "application/pdf",
         "stored_as": ""},
    ]  # fmt: skip
    juergen = Request.objects.get(customer=globex)
    assert (juergen.subject, juergen.assigned_to) == (
        "Verlängerung 2027 \u2013 Angebot für 50 Lizenzen", carol,
    )  # fmt: skip
    assert juergen.body.startswith("Hallo zusammen,\n\nkönnen Sie uns ein Angebot für die")

    assert run("mail", "sync").splitlines() == [
        "bob: read 0 new messages",
        "sales: read 0 new messages",
    ]
    assert Interaction.objects.count() == 2
    assert CapturedMessage.objects.count() == 4


def test_staff_reply_answers_and_the_customer_reply_joins_the_conversation(
    mailboxes: Dovecot, book, bob
) -> None:
    anna = book["anna"]
    mailboxes.append("sales@acme.example", mail.ANNA_FIRST)
    run("mail", "sync")
    mailboxes.append("bob@acme.example", mail.BOB_REPLY, folder="Sent")
    mailboxes.append("bob@acme.example", mail.ANNA_REPLY)

    output = run("mail", "sync", "--mailbox", "bob")

    assert output.splitlines() == ["bob: read 2 new messages (2 captured)"]
    conversation = Conversation.objects.get(customer=anna)
    assert thread_of(anna) == [
        ("inbound", "Lieferung für Bestellung 4711 verspätet", None),
        ("outbound", "AW: Lieferung für Bestellung 4711 verspätet", "bob"),
        ("inbound", "AW: AW: Lieferung für Bestellung 4711 verspätet", None),
    ]
    assert set(
        CapturedMessage.objects.filter(customer=anna).values_list("conversation_id", flat=True)
    ) == {conversation.pk}
    request = Request.objects.get(customer=anna)
    assert conversation.status == "answered"
    assert request.status == "answered"
    assert request.first_response_at.isoformat() == "2026-12-01T10:02:10+00:00"
    assert Interaction.objects.filter(customer=anna, request=request).count() == 3
    reply = Interaction.objects.filter(customer=anna).order_by("-occurred_at").first()
    # HTML only, windows-1252; Outlook's quoted history trimmed from what is shown...
    assert reply.body == "Danke, das Paket ist heute angekommen \u2013 alles gut!\n\nAnna"
    # ...and kept on the captured message.
    kept = CapturedMessage.objects.get(message_id=mail.ANNA_REPLY_ID)
    assert kept.quoted.startswith("__________________________________\n\nFrom: Bob")
    answer = Interaction.objects.get(customer=anna, direction="outbound")
    assert answer.body == (
        "Guten Tag Frau Müller,\n\ndas Paket ging verloren; wir senden heute Ersatz per "
        "Express.\n\nViele Grüße\nBob"
    )
    assert conversation.last_activity_at.isoformat() == "2026-12-02T16:40:03+00:00"


def test_a_changed_uidvalidity_rereads_the_folder_and_adds_nothing(
    mailboxes: Dovecot, book
) -> None:
    mailboxes.append("sales@acme.example", mail.ANNA_FIRST)
    mailboxes.append("sales@acme.example", mail.JUERGEN)
    run("mail", "sync", "--mailbox", "sales")
    state = MailboxFolder.objects.get(mailbox__name="sales", name="INBOX")
    assert state.last_uid == 2
    # The server renumbers the folder (as after a restore): new UIDVALIDITY, new UIDs.
    renumbered = state.uidvalidity + 1000
    mailboxes.set_uidvalidity("sales@acme.example", "INBOX", renumbered)

    output = run("mail", "sync", "--mailbox", "sales")

    assert output.splitlines() == ["sales: read 2 new messages (2 duplicate)"]
    state.refresh_from_db()
    assert (state.uidvalidity, state.last_uid) == (renumbered, 2)
    assert Interaction.objects.count() == 2
    assert Request.objects.count() == 2


def test_the_worker_syncs_due_mailboxes(mailboxes: Dovecot, book) -> None:
    mailboxes.append("sales@acme.example", mail.ANNA_FIRST)

    output = run("worker", "--once")

    assert "mail sales: read 1 new messages (1 captured)" in output.splitlines()
    assert Request.objects.filter(customer=book["anna"]).count() == 1
    # Claimed until the next poll: an immediate second round reads nothing.
    mailboxes.append("sales@acme.example", mail.JUERGEN)
    assert not [line for line in run("worker", "--once").splitlines() if line.startswith("mail")]
    assert Request.objects.count() == 1


def test_idle_wakes_on_new_mail(mailboxes: Dovecot, book) -> None:
    class AppendWhenWaiting(io.StringIO):
        """Delivers a message the moment the watcher says it is in IDLE."""

        def write(self, text: str) -> int:
            if "waiting for mail" in text:
                mailboxes.append("sales@acme.example", mail.ANNA_FIRST)
            return super().write(text)

    out = AppendWhenWaiting()
    call_command("mail", "sync", "--idle", "--mailbox", "sales", "--rounds", "1", stdout=out)

    assert out.getvalue().splitlines() == [
        "sales: read 0 new messages",
        "sales: waiting for mail in INBOX (IDLE)",
        "sales: read 1 new messages (1 captured)",
    ]
    assert Request.objects.filter(customer=book["anna"]).count() == 1


def test_list_never_shows_passwords_and_bad_settings_are_refused(mailboxes: Dovecot) -> None:
    listing = run("mail", "list")
    assert PASSWORD not in listing
    assert listing.splitlines()[1].startswith(
        f"sales\tsales@acme.example@127.0.0.1:{mailboxes.port}\tnone\tINBOX\tsales@acme.example"
    )
    with pytest.raises(CommandError, match="security: none is allowed only for a loopback host"):
        run("mail", "add", "remote", "--host", "imap.example.com", "--security", "none",
            "--user", "x", "--password-env", "IMAP_PASSWORD")  # fmt: skip
    assert not Mailbox.objects.filter(name="remote").exists()


def test_a_wrong_password_is_reported_and_the_other_mailboxes_still_sync(
    mailboxes: Dovecot, book
) -> None:
    Mailbox.objects.filter(name="bob").update(password="wrong")
    mailboxes.append("sales@acme.example", mail.ANNA_FIRST)
    with pytest.raises(CommandError, match="sync failed for bob"):
        run("mail", "sync")
    assert Request.objects.filter(customer=book["anna"]).count() == 1
    assert Mailbox.objects.get(name="bob").last_error.startswith("LoginError")
