"""Working a conversation through the domain services: reply (mailed only with consent),
internal notes (never shown to the customer), reassign, resolve, close on leaving."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from accord.audit.models import AuditEvent
from accord.consents.services import record_consent
from accord.core import changes
from accord.customers.services import create_customer
from accord.interactions.models import Conversation, InternalNote, Request
from accord.interactions.services import (
    RequestError,
    add_internal_note,
    answer_conversation,
    close_customer_requests,
    reassign_conversation,
    receive_request,
    resolve_conversation,
)
from accord.portal.export_sections import list_sections
from tests.conftest import make_staff
from tests.portal.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(bob):
    customer = create_customer(name="Ada Lovelace", owner=bob, email="ada@example.com")
    routed = receive_request(
        customer_id=customer.pk,
        channel="email",
        received_by_function="support",
        kind="support",
        subject="Router keeps rebooting",
        body="Every hour since Monday.",
    )
    return routed.conversation


@pytest.fixture
def marked(monkeypatch):
    seen: list[int] = []
    changes.register_customer_change_listener(seen.extend)
    yield seen
    changes._listeners.remove(seen.extend)


def actions(customer_id: int) -> list[str]:
    rows = AuditEvent.objects.filter(customer_id=customer_id).order_by("pk")
    return list(rows.values_list("action", flat=True))


def test_reply_answers_every_request_and_is_not_mailed_without_consent(
    thread, bob, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        answer = answer_conversation(conversation=thread, by=bob, body="A new router ships today.")
    thread.refresh_from_db()
    assert (thread.status, answer.direction, answer.channel, answer.subject) == (
        "answered",
        "outbound",
        "portal",  # not mailed: the customer reads it in the portal
        "Re: Router keeps rebooting",
    )
    assert list(Request.objects.filter(conversation=thread).values_list("status", flat=True)) == [
        "answered"
    ]
    assert mail.outbox == []
    event = AuditEvent.objects.get(action="conversation.answer")
    assert event.details == {"interaction": answer.pk, "emailed": False}


def test_reply_is_mailed_after_commit_when_the_customer_consented_to_email(
    thread, bob, django_capture_on_commit_callbacks
) -> None:
    record_consent(customer_id=thread.customer_id, purpose="email", is_granted=True, method="test")
    with django_capture_on_commit_callbacks(execute=True):
        answer = answer_conversation(conversation=thread, by=bob, body="A new router ships today.")
    assert answer.channel == "email"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.to, sent.subject, sent.body, sent.reply_to) == (
        ["ada@example.com"],
        "Re: Router keeps rebooting",
        "A new router ships today.",
        ["bob@example.com"],
    )


def test_withdrawn_email_consent_means_no_mail(
    thread, bob, django_capture_on_commit_callbacks
) -> None:
    cid = thread.customer_id
    record_consent(customer_id=cid, purpose="email", is_granted=True, method="test")
    record_consent(customer_id=cid, purpose="email", is_granted=False, method="test")
    with django_capture_on_commit_callbacks(execute=True):
        answer_conversation(conversation=thread, by=bob, body="Fixed.")
    assert mail.outbox == []


def test_internal_note_is_audited_without_its_text_and_never_exported(
    thread, bob, marked, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        note = add_internal_note(conversation=thread, by=bob, body="Second time this month.")
    assert InternalNote.objects.get().body == "Second time this month."
    assert note.author == bob and marked == [thread.customer_id]
    event = AuditEvent.objects.get(action="conversation.note")
    assert (event.details, event.reason) == ({}, "")
    exported = repr(
        [list(s.source) if not s.is_object else s.source for s in list_sections(thread.customer_id)]
    )
    assert "Second time this month." not in exported
    assert "Every hour since Monday." in exported


def test_empty_note_is_refused(thread, bob) -> None:
    with pytest.raises(RequestError, match=r"^body:"):
        add_internal_note(conversation=thread, by=bob, body="  ")
    assert InternalNote.objects.count() == 0


def test_reassign_moves_unresolved_requests_and_keeps_the_owner(thread, bob, carol) -> None:
    reassign_conversation(conversation=thread, to=carol, by=bob)
    assert list(thread.requests.values_list("assigned_to_id", flat=True)) == [carol.pk]
    event = AuditEvent.objects.get(action="conversation.reassign")
    assert event.details == {"from": [bob.pk], "to": carol.pk, "requests": 1}
    assert thread.customer.relationship.owner_id == bob.pk


def test_reassign_to_someone_who_left_changes_nothing(thread, bob) -> None:
    gone = make_staff("gone", is_active=False)
    with pytest.raises(RequestError, match=r"^to:"):
        reassign_conversation(conversation=thread, to=gone, by=bob)
    assert list(thread.requests.values_list("assigned_to_id", flat=True)) == [bob.pk]


def test_resolve_closes_thread_and_requests_with_the_outcome(
    thread, bob, marked, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        resolve_conversation(
            conversation=thread, by=bob, outcome="Router replaced", note="Courier booked"
        )
    thread.refresh_from_db()
    request = thread.requests.get()
    assert (thread.status, thread.outcome) == ("resolved", "Router replaced")
    assert (request.status, request.outcome) == ("resolved", "Router replaced")
    assert request.resolved_at == thread.resolved_at and request.first_response_at is not None
    assert InternalNote.objects.get().body == "Courier booked"
    assert marked == [thread.customer_id]
    assert actions(thread.customer_id)[-1] == "conversation.resolve"


def test_resolve_needs_an_outcome_and_a_resolved_thread_takes_no_reply(thread, bob) -> None:
    with pytest.raises(RequestError, match=r"^outcome:"):
        resolve_conversation(conversation=thread, by=bob, outcome=" ")
    resolve_conversation(conversation=thread, by=bob, outcome="Done")
    with pytest.raises(RequestError, match=r"^status:"):
        answer_conversation(conversation=thread, by=bob, body="More")
    with pytest.raises(RequestError, match=r"^status:"):
        resolve_conversation(conversation=thread, by=bob, outcome="Again")


def test_close_customer_requests_resolves_everything_once(thread, bob) -> None:
    receive_request(
        customer_id=thread.customer_id,
        channel="call",
        received_by_function="billing",
        kind="billing",
        subject="Invoice copy for March",
    )
    assert Request.objects.count() == 2
    closed = close_customer_requests(customer_id=thread.customer_id, outcome="Customer left")
    assert closed == 2
    assert set(Request.objects.values_list("status", "outcome")) == {("resolved", "Customer left")}
    assert set(Conversation.objects.values_list("status", "outcome")) == {
        ("resolved", "Customer left")
    }
    assert close_customer_requests(customer_id=thread.customer_id, outcome="Again") == 0
    assert actions(thread.customer_id).count("requests.close") == 1


def test_portal_request_page_shows_answer_and_outcome_but_never_the_note(thread, bob) -> None:
    answer_conversation(conversation=thread, by=bob, body="A new router ships today.")
    add_internal_note(conversation=thread, by=bob, body="Customer sounded annoyed")
    resolve_conversation(conversation=thread, by=bob, outcome="Router replaced")
    client = sign_in(Client(), "ada@example.com")
    request = thread.requests.get()
    html = client.get(f"/portal/requests/{request.pk}/").content.decode()
    assert "Resolved" in html and "Router replaced" in html
    assert "A new router ships today." in html
    assert "Customer sounded annoyed" not in html
