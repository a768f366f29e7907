"""The desk's writes through the pages: each one reaches its domain service, and only the
customer's owner, team and managers may make them (everyone else: 404, nothing changed).
Opening a record off the team asks for a purpose, which the customer sees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.customers.models import Contact, Customer, Identity
from accord.interactions.models import Conversation, Interaction, InternalNote, Request
from accord.promises.models import Promise
from accord.relationships.models import Relationship, StageChange, TeamMembership
from tests.portal.conftest import sign_in
from tests.staff.desk_world import client_for

pytestmark = pytest.mark.django_db

FUTURE = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
NOW = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def state(customer_id: int) -> tuple:
    """Everything a refused write could have changed."""
    return (
        Relationship.objects.get(customer_id=customer_id).stage,
        list(
            TeamMembership.objects.filter(customer_id=customer_id).values_list(
                "staff_id", "removed_at"
            )
        ),
        list(Promise.objects.filter(customer_id=customer_id).values_list("status", "due_at")),
        list(
            Request.objects.filter(customer_id=customer_id).values_list("status", "assigned_to_id")
        ),
        Interaction.objects.filter(customer_id=customer_id).count(),
        InternalNote.objects.count(),
        list(Identity.objects.filter(customer_id=customer_id).values_list("kind", "value")),
        Customer.objects.get(pk=customer_id).name,
        AuditEvent.objects.exclude(action="customer.view").count(),
    )


def writes_for(desk) -> list[tuple[str, dict[str, str]]]:
    acme, pk, conv = desk.acme.pk, desk.promise.pk, desk.conversation.pk
    membership = TeamMembership.objects.get(customer_id=acme).pk
    identity = Identity.objects.get(customer_id=acme).pk
    return [
        (
            f"/customers/{acme}/identities/",
            {"identity-kind": "social", "identity-source": "x", "identity-value": "@acme"},
        ),
        (f"/customers/{acme}/identities/{identity}/remove/", {}),
        (f"/customers/{acme}/stage/", {"stage-to_stage": "active", "stage-reason": "signed"}),
        (f"/customers/{acme}/team/", {"team-member": str(desk.dave.pk), "team-function": "sales"}),
        (f"/customers/{acme}/team/{membership}/remove/", {}),
        (f"/customers/{acme}/edit/", {"details-kind": "person", "details-name": "Mine"}),
        (
            f"/customers/{acme}/promises/",
            {
                "promise-made_by_side": "company",
                "promise-kind": "fix",
                "promise-description": "Fix it",
                "promise-due_at": FUTURE,
            },
        ),
        (f"/promises/{pk}/keep/", {}),
        (f"/promises/{pk}/break/", {f"break-{pk}-reason": "late"}),
        (
            f"/promises/{pk}/renegotiate/",
            {f"renegotiate-{pk}-due_at": FUTURE, f"renegotiate-{pk}-reason": "parts"},
        ),
        (f"/promises/{pk}/cancel/", {}),
        (f"/conversations/{conv}/reply/", {"reply-body": "On it"}),
        (f"/conversations/{conv}/note/", {"note-body": "psst"}),
        (f"/conversations/{conv}/reassign/", {"reassign-to": str(desk.dave.pk)}),
        (f"/conversations/{conv}/resolve/", {"resolve-outcome": "Done"}),
        (
            f"/customers/{acme}/log/",
            {
                "log-channel": "call",
                "log-direction": "outbound",
                "log-function": "support",
                "log-kind": "other",
                "log-occurred_at": NOW,
                "log-subject": "Call",
            },
        ),
    ]


def test_outsiders_get_404_and_nothing_changes(carol, desk) -> None:
    client = client_for(carol)
    client.post(f"/customers/{desk.acme.pk}/purpose/", {"purpose-reason": "curious"})
    before = state(desk.acme.pk)
    assert len(writes_for(desk)) == 16  # the parametrized test below covers each one
    for url, data in writes_for(desk):
        assert client.post(url, data).status_code == 404, url
        assert state(desk.acme.pk) == before, url


@pytest.mark.parametrize("index", range(16))
def test_owner_teammate_and_manager_may_write(bob, alice, desk, index) -> None:
    url, data = writes_for(desk)[index]
    for member in (desk.dave, alice, bob):
        before = state(desk.acme.pk)
        response = client_for(member).post(url, data)
        assert response.status_code == 302, (url, member, response.status_code)
        if state(desk.acme.pk) != before:
            return
    pytest.fail(f"{url} changed nothing")


def test_create_an_organization_with_contacts_and_owner(bob, carol) -> None:
    response = client_for(bob).post(
        "/customers/new/",
        {
            "customer-kind": "organization",
            "customer-name": "Analytical Engines Ltd",
            "customer-email": "office@engines.example",
            "customer-owner": str(carol.pk),
            "customer-stage": "onboarding",
            "contacts-TOTAL_FORMS": "2",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-name": "Charles Babbage",
            "contacts-0-email": "cb@engines.example",
            "contacts-1-name": "Ada Lovelace",
            "contacts-1-email": "ada@engines.example",
        },
    )
    customer = Customer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/customers/{customer.pk}/"
    assert (customer.kind, customer.relationship.owner_id, customer.relationship.stage) == (
        "organization",
        carol.pk,
        "onboarding",
    )
    assert list(Contact.objects.order_by("pk").values_list("name", "is_primary")) == [
        ("Charles Babbage", True),
        ("Ada Lovelace", False),
    ]
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {
        "customer.create",
        "contact.add",
    }


def test_a_person_with_contacts_is_refused_and_nothing_is_created(bob) -> None:
    response = client_for(bob).post(
        "/customers/new/",
        {
            "customer-kind": "person",
            "customer-name": "Ada",
            "customer-owner": str(bob.pk),
            "customer-stage": "prospect",
            "contacts-TOTAL_FORMS": "2",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-name": "Charles",
            "contacts-0-email": "c@example.com",
        },
    )
    assert response.status_code == 400 and not Customer.objects.exists()


def test_stage_and_team_changes_are_recorded(bob, carol, desk) -> None:
    client = client_for(bob)
    client.post(
        f"/customers/{desk.acme.pk}/stage/", {"stage-to_stage": "active", "stage-reason": "Signed"}
    )
    client.post(
        f"/customers/{desk.acme.pk}/team/", {"team-member": carol.pk, "team-function": "support"}
    )
    change = StageChange.objects.latest("pk")
    assert (change.from_stage, change.to_stage, change.reason) == ("prospect", "active", "Signed")
    assert set(TeamMembership.objects.filter(removed_at__isnull=True).values_list(
        "staff_id", "function"
    )) == {(desk.dave.pk, "billing"), (carol.pk, "support")}  # fmt: skip


def test_promise_actions(bob, desk) -> None:
    client = client_for(bob)
    pk = desk.promise.pk
    response = client.post(
        f"/promises/{pk}/renegotiate/",
        {
            f"renegotiate-{pk}-due_at": FUTURE,
            f"renegotiate-{pk}-reason": "Parts late",
            "next": "/book/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/book/"
    old, new = Promise.objects.order_by("pk")
    assert (old.status, old.replaced_by_id, new.status) == ("renegotiated", new.pk, "open")
    assert AuditEvent.objects.get(action="promise.renegotiate").reason == "Parts late"
    client.post(f"/promises/{new.pk}/break/", {f"break-{new.pk}-reason": "Courier lost it"})
    new.refresh_from_db()
    assert new.status == "broken"
    assert AuditEvent.objects.get(action="promise.broken").reason == "Courier lost it"


def test_my_book_lists_promises_due_today_and_this_week_with_actions(bob, desk) -> None:
    Promise.objects.filter(pk=desk.promise.pk).update(due_at=timezone.now() + timedelta(days=3))
    html = client_for(bob).get("/book/").content.decode()
    week = html.split("Promises due this week")[1]
    assert "Call back about the router" in week
    assert f'action="/promises/{desk.promise.pk}/keep/"' in week
    assert "Nothing falls due today." in html


def test_requests_leave_my_book_only_when_answered_or_resolved(bob, desk) -> None:
    client = client_for(bob)
    assert "Router keeps rebooting" in client.get("/book/").content.decode()
    client.post(f"/conversations/{desk.conversation.pk}/reply/", {"reply-body": "New router"})
    assert "Router keeps rebooting" not in client.get("/book/").content.decode()


def test_outsider_gives_a_purpose_and_the_customer_sees_it(carol, desk) -> None:
    Customer.objects.filter(pk=desk.acme.pk).update(kind="person")
    client = client_for(carol)
    asked = client.get(f"/customers/{desk.acme.pk}/")
    assert asked.status_code == 200 and "Why open Acme Corp" in asked.content.decode()
    assert not AuditEvent.objects.filter(action="customer.view").exists()
    client.post(f"/customers/{desk.acme.pk}/purpose/", {"purpose-reason": "Billing dispute"})
    page = client.get(f"/customers/{desk.acme.pk}/")
    assert page.status_code == 200 and "Billing dispute" in page.content.decode()
    view = AuditEvent.objects.get(action="customer.view")
    assert (view.actor_id, view.reason) == (carol.pk, "Billing dispute")
    portal = sign_in(Client(), "office@acme.example")
    assert "Billing dispute" in portal.get("/portal/record-views/").content.decode()


def test_team_and_managers_decision(bob, alice, desk) -> None:
    """Owner and teammates are not asked; managers are (they are not on the team)."""
    assert "Why open" not in client_for(bob).get(f"/customers/{desk.acme.pk}/").content.decode()
    assert (
        "Why open" not in client_for(desk.dave).get(f"/customers/{desk.acme.pk}/").content.decode()
    )
    assert "Why open" in client_for(alice).get(f"/customers/{desk.acme.pk}/").content.decode()


def test_reply_resolve_and_the_portal_shows_status_and_answer(bob, desk) -> None:
    Customer.objects.filter(pk=desk.acme.pk).update(kind="person")
    client = client_for(bob)
    conv = desk.conversation.pk
    client.post(f"/conversations/{conv}/reply/", {"reply-body": "A new router ships today."})
    client.post(f"/conversations/{conv}/note/", {"note-body": "Second time this month"})
    client.post(f"/conversations/{conv}/resolve/", {"resolve-outcome": "Router replaced"})
    assert Conversation.objects.get().status == "resolved"
    portal = sign_in(Client(), "office@acme.example")
    request_id = Request.objects.get().pk
    html = portal.get(f"/portal/requests/{request_id}/").content.decode()
    assert "Resolved" in html and "Router replaced" in html and "A new router ships" in html
    assert "Second time this month" not in html


def test_a_promise_made_on_a_conversation_is_linked_to_its_request(bob, desk) -> None:
    conv = desk.conversation.pk
    page = client_for(bob).get(f"/conversations/{conv}/").content.decode()
    request_id = Request.objects.get().pk
    assert f'name="promise-request" value="{request_id}"' in page
    response = client_for(bob).post(
        f"/customers/{desk.acme.pk}/promises/",
        {
            "promise-made_by_side": "company",
            "promise-kind": "fix",
            "promise-description": "Replace the router",
            "promise-due_at": FUTURE,
            "promise-request": str(request_id),
            "next": f"/conversations/{conv}/",
        },
    )
    assert response["Location"] == f"/conversations/{conv}/"
    assert Promise.objects.get(description="Replace the router").request_id == request_id
    html = client_for(bob).get(f"/conversations/{conv}/").content.decode()
    assert "Replace the router" in html.split("Promises on this conversation")[1]
