"""Interactions and conversations over HTTP: log (idempotent by external id), list with
filters and stable cursor pages, correct (PATCH), reply and resolve a thread."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from accord.customers.models import Customer
from accord.customers.services import create_customer
from accord.interactions.models import Conversation, Interaction
from accord.interactions.services import receive_request
from tests.api.conftest import call

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def acme(bob) -> Customer:
    return create_customer(name="Acme", kind="organization", owner=bob)


def touch(customer: Customer, **extra) -> dict:
    return {
        "customer_id": customer.pk,
        "channel": "call",
        "direction": "outbound",
        "kind": "support",
        "occurred_at": T0.isoformat(),
        "subject": "Checked the router",
    } | extra


@pytest.mark.django_db
def test_logging_is_idempotent_by_source_and_external_id(client: Client, tokens, acme, carol):
    payload = touch(acme, source="hubspot", external_id="call-1")
    first = call(client, "post", "/interactions", tokens["carol"], payload)
    again = call(client, "post", "/interactions", tokens["carol"], payload)
    changed = call(
        client, "post", "/interactions", tokens["carol"], payload | {"subject": "Fixed it"}
    )
    assert [r.status_code for r in (first, again, changed)] == [201, 200, 200]
    assert first.json()["id"] == changed.json()["id"]
    body = changed.json()
    assert (body["subject"], body["function"], body["staff_id"]) == (
        "Fixed it",
        "support",
        carol.pk,
    )
    assert Interaction.objects.count() == 1


@pytest.mark.django_db
def test_bad_values_name_the_field_and_log_nothing(client: Client, tokens, acme):
    naive = call(
        client,
        "post",
        "/interactions",
        tokens["bob"],
        touch(acme, occurred_at="2026-03-02T09:00:00"),
    )
    assert naive.status_code == 422
    assert naive.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "payload", "occurred_at"],
            "msg": "needs a time zone (got 2026-03-02T09:00:00)",
        }
    ]
    control = call(client, "post", "/interactions", tokens["bob"], touch(acme, body="a\x00b"))
    assert control.json()["detail"][0]["loc"] == ["body", "payload", "body"]
    unknown = call(client, "post", "/interactions", tokens["bob"], touch(acme, customer_id=987654))
    assert unknown.status_code == 404
    assert Interaction.objects.count() == 0


@pytest.mark.django_db
def test_list_filters_and_cursor_pages_neither_repeat_nor_skip(client: Client, tokens, acme, bob):
    other = create_customer(name="Beta", owner=bob)
    for hour in range(5):
        at = (T0 + timedelta(hours=hour)).isoformat()
        call(
            client,
            "post",
            "/interactions",
            tokens["bob"],
            touch(acme, occurred_at=at, subject=f"A{hour}"),
        )
    call(client, "post", "/interactions", tokens["bob"], touch(other, channel="email", subject="B"))
    page = call(
        client, "get", "/interactions", tokens["carol"], {"customer_id": acme.pk, "limit": 2}
    ).json()
    assert [i["subject"] for i in page["items"]] == ["A4", "A3"]
    # A touch logged between two page reads lands at the top and does not shift the pages.
    call(
        client,
        "post",
        "/interactions",
        tokens["bob"],
        touch(acme, occurred_at=(T0 + timedelta(days=1)).isoformat(), subject="new"),
    )
    seen = [i["subject"] for i in page["items"]]
    while page["next"]:
        page = call(client, "get", page["next"], tokens["carol"]).json()
        seen += [i["subject"] for i in page["items"]]
    assert seen == ["A4", "A3", "A2", "A1", "A0"]
    emails = call(client, "get", "/interactions", tokens["carol"], {"channel": "email"}).json()
    assert [i["subject"] for i in emails["items"]] == ["B"]
    window = call(
        client,
        "get",
        "/interactions",
        tokens["carol"],
        {
            "customer_id": acme.pk,
            "occurred_after": (T0 + timedelta(hours=1)).isoformat(),
            "occurred_before": (T0 + timedelta(hours=3)).isoformat(),
            "sort": "occurred_at",
        },
    ).json()
    assert [i["subject"] for i in window["items"]] == ["A1", "A2"]


@pytest.mark.django_db
def test_patch_is_for_whoever_logged_it_and_the_relationship(client: Client, tokens, acme):
    logged = call(client, "post", "/interactions", tokens["bob"], touch(acme)).json()
    path = f"/interactions/{logged['id']}"
    refused = call(client, "patch", path, tokens["carol"], {"subject": "Mine now"})
    assert refused.status_code == 404
    assert Interaction.objects.get().subject == "Checked the router"
    fixed = call(client, "patch", path, tokens["bob"], {"channel": "meeting"})
    assert (fixed.json()["channel"], fixed.json()["subject"]) == ("meeting", "Checked the router")
    nope = call(client, "patch", path, tokens["bob"], {"external_id": "x"})
    assert nope.status_code == 422


@pytest.fixture
def thread(acme) -> Conversation:
    routed = receive_request(
        customer_id=acme.pk,
        channel="email",
        received_by_function="support",
        kind="support",
        subject="Internet down",
        body="No connection since Monday",
    )
    return routed.conversation


@pytest.mark.django_db
def test_reply_and_resolve_a_conversation(client: Client, tokens, thread, acme):
    listed = call(
        client, "get", "/conversations", tokens["carol"], {"customer_id": acme.pk, "status": "open"}
    ).json()
    assert [c["id"] for c in listed["items"]] == [thread.pk]
    path = f"/conversations/{thread.pk}"
    assert (
        call(client, "post", f"{path}/reply", tokens["carol"], {"body": "On it"}).status_code == 404
    )
    replied = call(
        client, "post", f"{path}/reply", tokens["bob"], {"body": "A technician comes Tuesday"}
    )
    assert replied.status_code == 200
    assert replied.json()["status"] == "answered"
    assert [m["body"] for m in replied.json()["thread"]] == [
        "No connection since Monday",
        "A technician comes Tuesday",
    ]
    resolved = call(
        client,
        "post",
        f"{path}/resolve",
        tokens["bob"],
        {"outcome": "Line repaired", "note": "cable"},
    )
    assert (resolved.json()["status"], resolved.json()["outcome"]) == ("resolved", "Line repaired")
    again = call(client, "post", f"{path}/resolve", tokens["bob"], {"outcome": "Again"})
    assert again.status_code == 409
    assert again.json()["detail"][0]["loc"] == ["body", "payload", "status"]
    late = call(client, "post", f"{path}/reply", tokens["bob"], {"body": "One more thing"})
    assert late.status_code == 409
    thread.refresh_from_db()
    assert (thread.status, thread.outcome) == ("resolved", "Line repaired")


@pytest.mark.django_db
def test_list_pages_cost_two_queries_whatever_their_size(
    client: Client, tokens, acme, django_assert_num_queries
):
    for hour in range(30):
        at = (T0 + timedelta(hours=hour)).isoformat()
        call(client, "post", "/interactions", tokens["bob"], touch(acme, occurred_at=at))
        call(
            client,
            "post",
            "/orders",
            tokens["bob"],
            {"customer_id": acme.pk, "occurred_at": at, "amount": "5"},
        )
    call(client, "get", "/interactions", tokens["carol"])  # first use writes last_used_at
    for path in ("/interactions", "/orders", "/customers", "/conversations"):
        # sign-in lock check, token+staff, one page (limit + 1 rows to know whether
        # another page follows)
        with django_assert_num_queries(3):
            page = call(client, "get", path, tokens["carol"], {"limit": 25})
        assert page.status_code == 200


@pytest.mark.django_db
def test_reassign_and_internal_notes(client: Client, tokens, thread, carol, alice):
    path = f"/conversations/{thread.pk}"
    refused = call(client, "post", f"{path}/reassign", tokens["carol"], {"to_id": carol.pk})
    assert refused.status_code == 404
    assert thread.requests.get().assigned_to_id != carol.pk
    moved = call(client, "post", f"{path}/reassign", tokens["bob"], {"to_id": carol.pk})
    assert [r["assigned_to"]["id"] for r in moved.json()["requests"]] == [carol.pk]
    # Now assigned, carol may work the thread; an unknown staff id names the field.
    note = call(client, "post", f"{path}/notes", tokens["carol"], {"body": "Check the cable"})
    assert note.status_code == 201
    assert (note.json()["author"]["id"], note.json()["body"]) == (carol.pk, "Check the cable")
    unknown = call(client, "post", f"{path}/reassign", tokens["carol"], {"to_id": 987654})
    assert unknown.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "payload", "to_id"],
            "msg": "no staff member with id 987654",
        }
    ]
    notes = call(client, "get", f"{path}/notes", tokens["alice"]).json()
    assert [n["body"] for n in notes] == ["Check the cable"]
    thread_body = call(client, "get", path, tokens["alice"]).json()
    assert "Check the cable" not in str(thread_body["thread"])
