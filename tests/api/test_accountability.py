"""Accountability over HTTP: transfers and who may do them, team, stage, routed requests
linked into one conversation, and the gaps board."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.customers.services import create_customer
from accord.interactions.models import Conversation, Interaction, Request
from accord.members.services import issue_api_token
from accord.promises.models import Promise
from accord.relationships.models import Handoff, OwnerAssignment, Relationship, TeamMembership
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def auth(member) -> dict[str, str]:
    token = issue_api_token(staff=member, name="tests", scope="admin").plaintext
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def acme(bob):
    return create_customer(name="Acme Corp", owner=bob, kind="organization", stage="active")


def ownership_snapshot(customer_id: int) -> tuple:
    """Everything a refused transfer must leave untouched."""
    return (
        Relationship.objects.get(customer_id=customer_id).owner_id,
        list(
            OwnerAssignment.objects.filter(customer_id=customer_id).values_list(
                "owner_id", "ended_at"
            )
        ),
        Handoff.objects.filter(customer_id=customer_id).count(),
        Interaction.objects.filter(customer_id=customer_id).count(),
        AuditEvent.objects.filter(action="owner.transfer").count(),
    )


def post(client: Client, path: str, payload: dict, member) -> object:
    return client.post(path, payload, content_type="application/json", **auth(member))


# --- transfers and who may make them -------------------------------------------------


def test_member_who_is_neither_manager_nor_owner_gets_404_and_nothing_changes(
    client: Client, acme, bob, carol
) -> None:
    before = ownership_snapshot(acme.pk)
    response = post(
        client,
        f"/api/v1/customers/{acme.pk}/transfer",
        {"to_owner_id": carol.pk, "reason": "I want it"},
        carol,
    )
    assert response.status_code == 404
    assert ownership_snapshot(acme.pk) == before


def test_unknown_customer_is_404_for_a_manager_too(client: Client, alice, carol) -> None:
    response = post(
        client, "/api/v1/customers/999999/transfer", {"to_owner_id": carol.pk, "reason": "x"}, alice
    )
    assert response.status_code == 404


def test_owner_hands_over_with_promises_and_the_customer_is_told(
    client: Client, acme, bob, carol
) -> None:
    due = timezone.now() + timedelta(days=3)
    for staff, side in ((bob, "company"), (bob, "company"), (carol, "company"), (bob, "customer")):
        Promise.objects.create(
            customer=acme,
            made_by_side=side,
            staff=staff,
            kind="callback",
            description="call back",
            made_at=timezone.now(),
            due_at=due,
        )
    response = post(
        client,
        f"/api/v1/customers/{acme.pk}/transfer",
        {"to_owner_id": carol.pk, "reason": "support-heavy account", "note": "VIP"},
        bob,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["from_owner"]["id"] == bob.pk and body["to_owner"]["id"] == carol.pk
    assert body["open_promises_carried"] == 2
    assert body["customer_told_at"] is not None
    assert Promise.objects.filter(customer=acme, staff=carol, made_by_side="company").count() == 3
    notice = Interaction.objects.get(customer=acme, source="accord.handoff")
    assert (notice.direction, notice.staff_id) == ("outbound", None)
    assert "Carol" in notice.subject
    history = client.get(f"/api/v1/customers/{acme.pk}/assignments", **auth(bob)).json()
    assert [(row["owner"]["id"], row["ended_at"] is None) for row in history] == [
        (carol.pk, True),
        (bob.pk, False),
    ]
    handoffs = client.get(f"/api/v1/customers/{acme.pk}/handoffs", **auth(bob)).json()
    assert [h["reason"] for h in handoffs] == ["support-heavy account"]


@pytest.mark.parametrize(
    ("target", "status", "message"),
    [
        ("unknown", 400, "to_owner_id: no staff member with id 987654"),
        ("inactive", 400, "is not active"),
        ("same", 409, "already owns this relationship"),
    ],
)
def test_transfer_refusals_say_why_and_change_nothing(
    client: Client, acme, alice, bob, target: str, status: int, message: str
) -> None:
    to_owner_id = {
        "unknown": 987654,
        "inactive": make_staff("gone", is_active=False).pk,
        "same": bob.pk,
    }[target]
    before = ownership_snapshot(acme.pk)
    response = post(
        client,
        f"/api/v1/customers/{acme.pk}/transfer",
        {"to_owner_id": to_owner_id, "reason": "rebalance"},
        alice,
    )
    assert response.status_code == status
    assert message in response.json()["detail"][0]["msg"]
    assert ownership_snapshot(acme.pk) == before


def test_departed_relationship_cannot_move(client: Client, acme, alice, carol) -> None:
    assert (
        post(
            client,
            f"/api/v1/customers/{acme.pk}/stage",
            {"stage": "departed", "reason": "moved abroad"},
            alice,
        ).status_code
        == 201
    )
    before = ownership_snapshot(acme.pk)
    response = post(
        client,
        f"/api/v1/customers/{acme.pk}/transfer",
        {"to_owner_id": carol.pk, "reason": "x"},
        alice,
    )
    # The relationship is the departed customer's: nobody inside may hand it on.
    assert response.status_code == 404
    assert ownership_snapshot(acme.pk) == before


# --- team and stage -------------------------------------------------------------------


def test_owner_adds_and_removes_a_teammate(client: Client, acme, bob, carol) -> None:
    path = f"/api/v1/customers/{acme.pk}/team"
    assert post(client, path, {"staff_id": carol.pk, "function": "support"}, bob).status_code == 201
    team = client.get(path, **auth(bob)).json()
    assert [(m["staff"]["id"], m["function"]) for m in team] == [(carol.pk, "support")]
    response = client.delete(f"{path}/{carol.pk}/support", **auth(bob))
    assert response.status_code == 204
    assert client.get(path, **auth(bob)).json() == []
    assert TeamMembership.objects.get(customer=acme).removed_at is not None


def test_team_and_stage_changes_are_404_for_outsiders(client: Client, acme, carol) -> None:
    assert (
        post(
            client,
            f"/api/v1/customers/{acme.pk}/team",
            {"staff_id": carol.pk, "function": "support"},
            carol,
        ).status_code
        == 404
    )
    assert (
        post(
            client, f"/api/v1/customers/{acme.pk}/stage", {"stage": "at_risk", "reason": "x"}, carol
        ).status_code
        == 404
    )
    assert not TeamMembership.objects.filter(customer=acme).exists()
    assert Relationship.objects.get(customer=acme).stage == "active"


def test_stage_change_records_reason_and_rejects_junk(client: Client, acme, bob) -> None:
    path = f"/api/v1/customers/{acme.pk}/stage"
    response = post(client, path, {"stage": "at_risk", "reason": "two complaints"}, bob)
    assert response.status_code == 201
    assert response.json()["from_stage"] == "active"
    assert post(client, path, {"stage": "at_risk", "reason": "again"}, bob).status_code == 409
    assert post(client, path, {"stage": "sleepy", "reason": "x"}, bob).status_code == 422
    assert Relationship.objects.get(customer=acme).stage == "at_risk"


# --- routing and issue shopping -------------------------------------------------------


def test_same_complaint_by_email_to_support_and_chat_to_billing_is_one_conversation(
    client: Client, acme, alice, bob, carol
) -> None:
    billing = make_staff("bill", function="billing")
    first = post(
        client,
        "/api/v1/requests",
        {
            "customer_id": acme.pk,
            "channel": "email",
            "received_by_function": "support",
            "kind": "complaint",
            "subject": "Charged twice this month",
            "body": "Our card was charged twice for the March subscription, refund one payment.",
        },
        carol,
    )
    second = post(
        client,
        "/api/v1/requests",
        {
            "customer_id": acme.pk,
            "channel": "chat",
            "received_by_function": "billing",
            "kind": "complaint",
            "subject": "Double charge",
            "body": "Duplicate charge for March on our statement, please refund it",
        },
        billing,
    )
    assert first.status_code == second.status_code == 201, second.content
    one, two = first.json(), second.json()
    assert one["conversation_id"] == two["conversation_id"]
    assert (one["linked_to_open_conversation"], two["linked_to_open_conversation"]) == (False, True)
    for routed in (one, two):
        assert routed["owner"]["id"] == bob.pk
        assert routed["assigned_to"]["id"] == bob.pk
        assert routed["routing_note"] == "Routed to the accountable owner, Bob."
    assert Conversation.objects.filter(customer=acme).count() == 1
    thread = client.get(f"/api/v1/conversations/{one['conversation_id']}", **auth(carol)).json()
    assert [(r["channel"], r["received_by_function"]) for r in thread["requests"]] == [
        ("email", "support"),
        ("chat", "billing"),
    ]
    assert len(thread["thread"]) == 2


def test_a_different_issue_opens_its_own_conversation(client: Client, acme, carol) -> None:
    base = {"customer_id": acme.pk, "channel": "email", "received_by_function": "support"}
    post(
        client,
        "/api/v1/requests",
        {
            **base,
            "kind": "complaint",
            "subject": "Charged twice",
            "body": "Card charged twice in March",
        },
        carol,
    )
    post(
        client,
        "/api/v1/requests",
        {
            **base,
            "kind": "support",
            "subject": "Cannot log in",
            "body": "The portal rejects my password since the reset",
        },
        carol,
    )
    assert Conversation.objects.filter(customer=acme).count() == 2
    listed = client.get(f"/api/v1/customers/{acme.pk}/conversations", **auth(carol)).json()
    assert [c["request_count"] for c in listed] == [1, 1]


def test_due_time_follows_the_channel_policy(client: Client, acme, carol) -> None:
    received = timezone.now().replace(microsecond=0)
    for channel, hours in (("chat", 1), ("email", 24), ("call", 4)):
        response = post(
            client,
            "/api/v1/requests",
            {
                "customer_id": acme.pk,
                "channel": channel,
                "received_by_function": "support",
                "kind": "request",
                "subject": f"Question {channel}",
                "received_at": received.isoformat(),
            },
            carol,
        )
        request = Request.objects.get(pk=response.json()["request_id"])
        assert request.due_at - request.received_at == timedelta(hours=hours)


def test_request_while_owner_is_away_goes_to_the_delegate(client: Client, acme, bob, carol) -> None:
    bob.delegate, bob.away_until = carol, timezone.now() + timedelta(days=5)
    bob.save()
    response = post(
        client,
        "/api/v1/requests",
        {
            "customer_id": acme.pk,
            "channel": "email",
            "received_by_function": "sales",
            "kind": "request",
            "subject": "Quote please",
        },
        carol,
    )
    body = response.json()
    assert (body["owner"]["id"], body["assigned_to"]["id"]) == (bob.pk, carol.pk)
    assert "away until" in body["routing_note"] and "delegate Carol" in body["routing_note"]


def test_orphaned_relationship_routes_to_a_manager_and_says_so(
    client: Client, acme, alice, bob, carol
) -> None:
    from accord.handovers.departures import deactivate_staff

    deactivate_staff(bob, by=alice)
    body = post(
        client,
        "/api/v1/requests",
        {
            "customer_id": acme.pk,
            "channel": "portal",
            "received_by_function": "support",
            "kind": "request",
            "subject": "Anyone there?",
        },
        carol,
    ).json()
    assert body["owner"] is None
    assert body["assigned_to"]["id"] == alice.pk
    assert body["routing_note"] == "No accountable owner: routed to manager Alice."


@pytest.mark.parametrize(
    ("change", "status", "where"),
    [
        ({"channel": "pigeon"}, 422, "channel"),
        ({"kind": "gossip"}, 422, "kind"),
        ({"subject": ""}, 422, "subject"),
        ({"customer_id": 424242}, 404, None),
        ({"received_at": "2026-05-03T09:00:00"}, 400, "received_at"),
    ],
)
def test_bad_requests_are_refused_with_the_field(
    client: Client, acme, carol, change: dict, status: int, where: str | None
) -> None:
    payload = {
        "customer_id": acme.pk,
        "channel": "email",
        "received_by_function": "support",
        "kind": "request",
        "subject": "Hello",
        **change,
    }
    response = post(client, "/api/v1/requests", payload, carol)
    assert response.status_code == status
    if where:
        assert where in response.content.decode()
    assert Request.objects.count() == 0


# --- gaps -------------------------------------------------------------------------------


def test_gaps_for_managers_and_members_own_only(client: Client, acme, alice, bob, carol) -> None:
    other = create_customer(name="Zed Ltd", owner=carol)
    for customer in (acme, other):
        Interaction.objects.create(
            customer=customer,
            channel="email",
            direction="inbound",
            occurred_at=timezone.now() - timedelta(days=1),
            kind="request",
        )
    board = client.get("/api/v1/gaps", **auth(alice)).json()
    assert [(g["kind"], g["customer_name"]) for g in board] == [
        ("stale", "Acme Corp"),
        ("stale", "Zed Ltd"),
    ]
    mine = client.get("/api/v1/gaps?owner=" + str(carol.pk), **auth(bob)).json()
    assert [g["customer_name"] for g in mine] == ["Acme Corp"]
    assert client.get("/api/v1/gaps?kind=orphaned", **auth(alice)).json() == []
    assert client.get("/api/v1/gaps?as_of=2026-01-01T00:00:00", **auth(alice)).status_code == 400


# --- departures -------------------------------------------------------------------------


def test_manager_deactivates_a_leaver_and_their_book_moves(
    client: Client, acme, alice, bob, carol
) -> None:
    response = post(
        client, f"/api/v1/staff/{bob.pk}/deactivate", {"reassign_to_id": carol.pk}, alice
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "staff_id": bob.pk,
        "reassigned_to": {"id": carol.pk, "name": "Carol", "function": "support"},
        "relationships_moved": 1,
        "relationships_orphaned": 0,
    }
    assert Relationship.objects.get(customer=acme).owner_id == carol.pk


def test_deactivating_without_successor_orphans_onto_the_board(
    client: Client, acme, alice, bob
) -> None:
    body = post(client, f"/api/v1/staff/{bob.pk}/deactivate", {}, alice).json()
    assert (body["relationships_moved"], body["relationships_orphaned"]) == (0, 1)
    board = client.get("/api/v1/gaps?kind=orphaned", **auth(alice)).json()
    assert [(g["customer_id"], g["owner_name"]) for g in board] == [(acme.pk, "Bob")]


def test_members_cannot_deactivate_404_and_nothing_changes(client: Client, acme, bob, carol):
    before = ownership_snapshot(acme.pk)
    response = post(client, f"/api/v1/staff/{bob.pk}/deactivate", {}, carol)
    assert response.status_code == 404
    bob.refresh_from_db()
    assert bob.is_active and ownership_snapshot(acme.pk) == before


def test_deactivate_refuses_an_inactive_successor(client: Client, acme, alice, bob) -> None:
    ghost = make_staff("ghost", is_active=False)
    response = post(
        client, f"/api/v1/staff/{bob.pk}/deactivate", {"reassign_to_id": ghost.pk}, alice
    )
    assert response.status_code == 400
    assert response.json()["detail"] == [
        {
            "type": "bad_request",
            "loc": ["body", "payload", "reassign_to_id"],
            "msg": f"reassign_to_id: staff member {ghost.pk} (Ghost) is not active",
        }
    ]
    bob.refresh_from_db()
    assert bob.is_active
