"""Forms keep what you typed: every invalid submission comes back (400) on the form with
each typed value and a message beside the field; nothing is written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.customers.models import Customer, Identity
from accord.interactions.models import Interaction, InternalNote
from accord.promises.models import Promise
from accord.relationships.models import StageChange, TeamMembership
from tests.staff.desk_world import client_for
from tests.staff.form_reading import read_form

pytestmark = pytest.mark.django_db

FUTURE = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
PAST = (timezone.localtime() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")


def post_invalid(client, url: str, data: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    response = client.post(url, data)
    assert response.status_code == 400, response.status_code
    return read_form(response.content.decode())


def writes() -> int:
    return AuditEvent.objects.exclude(action="customer.view").count()


def test_new_customer_keeps_details_and_contacts(bob) -> None:
    data = {
        "customer-kind": "organization",
        "customer-name": "",
        "customer-email": "office@engines.example",
        "customer-phone": "+44 20 7946 0000",
        "customer-city": "London",
        "customer-country": "GB",
        "customer-owner": str(bob.pk),
        "customer-stage": "active",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "Charles Babbage",
        "contacts-0-email": "not-an-address",
        "contacts-0-title": "Engineer",
    }
    values, errors = post_invalid(client_for(bob), "/customers/new/", data)
    assert errors == {
        "customer-name": "This field is required.",
        "contacts-0-email": "Enter a valid email address.",
    }
    kept = {k: v for k, v in data.items() if "FORMS" not in k}
    assert {k: values[k] for k in kept} == kept
    assert Customer.objects.count() == 0


def test_new_customer_refused_by_the_domain_keeps_everything(bob, desk) -> None:
    data = {
        "customer-kind": "person",
        "customer-name": "Second Acme",
        "customer-email": "office@acme.example",  # already Acme's
        "customer-owner": str(bob.pk),
        "customer-stage": "prospect",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
    }
    values, errors = post_invalid(client_for(bob), "/customers/new/", data)
    assert errors["customer-email"].startswith("office@acme.example is already the email of")
    assert values["customer-name"] == "Second Acme"
    assert Customer.objects.count() == 1


def test_edit_details_keeps_values(bob, desk) -> None:
    url = f"/customers/{desk.acme.pk}/edit/"
    data = {
        "details-kind": "organization",
        "details-name": "Acme Holdings",
        "details-email": "bad@",
        "details-phone": "",
        "details-city": "Leeds",
        "details-country": "GB",
    }
    values, errors = post_invalid(client_for(bob), url, data)
    assert errors == {"details-email": "Enter a valid email address."}
    assert {k: values[k] for k in data} == data
    assert Customer.objects.get().name == "Acme Corp"


def test_add_identity_keeps_values(bob, desk) -> None:
    url = f"/customers/{desk.acme.pk}/identities/"
    data = {"identity-kind": "social", "identity-source": "mastodon", "identity-value": ""}
    values, errors = post_invalid(client_for(bob), url, data)
    assert errors == {"identity-value": "This field is required."}
    assert values == data
    assert Identity.objects.count() == 1


def test_stage_keeps_values(bob, desk) -> None:
    url = f"/customers/{desk.acme.pk}/stage/"
    values, errors = post_invalid(client_for(bob), url, {"stage-to_stage": "active"})
    assert errors == {"stage-reason": "This field is required."}
    assert values == {"stage-to_stage": "active", "stage-reason": ""}
    assert StageChange.objects.count() == 1  # the opening one


def test_stage_refused_by_the_domain(bob, desk) -> None:
    url = f"/customers/{desk.acme.pk}/stage/"
    data = {"stage-to_stage": "prospect", "stage-reason": "no change really"}
    values, errors = post_invalid(client_for(bob), url, data)
    assert errors == {"stage-to_stage": "the relationship is already prospect"}
    assert values == data


def test_team_keeps_values(bob, desk) -> None:
    url = f"/customers/{desk.acme.pk}/team/"
    values, errors = post_invalid(client_for(bob), url, {"team-function": "support"})
    assert errors == {"team-member": "This field is required."}
    assert values == {"team-member": "", "team-function": "support"}
    assert TeamMembership.objects.count() == 1


def test_log_interaction_keeps_values(bob, desk) -> None:
    url = f"/customers/{desk.acme.pk}/log/"
    data = {
        "log-channel": "call",
        "log-direction": "outbound",
        "log-function": "sales",
        "log-kind": "renewal",
        "log-occurred_at": FUTURE,
        "log-subject": "Renewal call",
        "log-body": "Talked about the\nnew terms.",
    }
    before = Interaction.objects.count()
    values, errors = post_invalid(client_for(bob), url, data)
    assert errors == {"log-occurred_at": "is in the future; log what already happened"}
    assert values == data
    assert Interaction.objects.count() == before


def test_make_promise_keeps_values(bob, desk) -> None:
    url = f"/customers/{desk.acme.pk}/promises/"
    data = {
        "promise-made_by_side": "customer",
        "promise-kind": "payment",
        "promise-description": "",
        "promise-due_at": FUTURE,
    }
    values, errors = post_invalid(client_for(bob), url, data)
    assert errors == {"promise-description": "This field is required."}
    assert values == data
    assert Promise.objects.count() == 1


def test_break_promise_needs_a_reason(bob, desk) -> None:
    pk = desk.promise.pk
    _, errors = post_invalid(client_for(bob), f"/promises/{pk}/break/", {})
    assert errors == {f"break-{pk}-reason": "This field is required."}
    assert Promise.objects.get().status == "open"


def test_renegotiate_keeps_values(bob, desk) -> None:
    pk = desk.promise.pk
    data = {f"renegotiate-{pk}-due_at": PAST, f"renegotiate-{pk}-reason": "Parts late"}
    values, errors = post_invalid(client_for(bob), f"/promises/{pk}/renegotiate/", data)
    assert errors == {f"renegotiate-{pk}-due_at": "the new due date is already past"}
    assert values == data
    assert Promise.objects.get().status == "open"


def test_cancel_keeps_values(bob, desk) -> None:
    pk = desk.promise.pk
    data = {f"cancel-{pk}-reason": "x" * 301}
    values, errors = post_invalid(client_for(bob), f"/promises/{pk}/cancel/", data)
    assert errors == {
        f"cancel-{pk}-reason": "Ensure this value has at most 300 characters (it has 301)."
    }
    assert values == data
    assert Promise.objects.get().status == "open"


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("reply", {"reply-body": ""}, "reply-body"),
        ("note", {"note-body": ""}, "note-body"),
        ("resolve", {"resolve-outcome": "", "resolve-note": "Courier booked"}, "resolve-outcome"),
        ("reassign", {"reassign-to": "999"}, "reassign-to"),
    ],
)
def test_conversation_forms_keep_values(bob, desk, action, data, field) -> None:
    before = (writes(), InternalNote.objects.count())
    url = f"/conversations/{desk.conversation.pk}/{action}/"
    values, errors = post_invalid(client_for(bob), url, data)
    assert set(errors) == {field}
    assert {k: values[k] for k in data if k != "reassign-to"} == {
        k: v for k, v in data.items() if k != "reassign-to"
    }
    assert (writes(), InternalNote.objects.count()) == before


def test_purpose_keeps_nothing_to_lose_but_says_why(carol, desk) -> None:
    url = f"/customers/{desk.acme.pk}/purpose/"
    _, errors = post_invalid(client_for(carol), url, {"purpose-reason": "  "})
    assert errors == {"purpose-reason": "This field is required."}
