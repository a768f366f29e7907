"""Every way of leaving ends everything: through the portal, the staff 360's stage change
and the API. Afterwards nothing of the customer is open anywhere (requests, promises,
alerts, gaps, the owner's worklist), the stored scores say departed in words, nobody
can transfer the relationship, the portal offers no Leave, and the export downloads."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accord.commerce.models import Subscription
from accord.consents.models import Consent
from accord.customers.services import create_customer
from accord.interactions.models import Interaction, Request
from accord.interactions.services import receive_request
from accord.members.services import issue_api_token
from accord.promises.models import Promise
from accord.relationships.models import Handoff, Relationship, StageChange
from accord.scoring.incremental import rescore_customer
from accord.scoring.models import Alert, CustomerScore
from tests.portal.conftest import sign_in

pytestmark = pytest.mark.django_db

PORTAL, STAFF_UI, API = "portal", "staff UI", "API"


def auth(member) -> dict[str, str]:
    token = issue_api_token(staff=member, name="tests").plaintext
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def staff_client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def promise(customer, staff, side: str, description: str) -> Promise:
    now = timezone.now()
    return Promise.objects.create(
        customer=customer,
        made_by_side=side,
        staff=staff,
        kind="callback",
        description=description,
        made_at=now - timedelta(days=2),
        due_at=now + timedelta(days=5),
    )


@pytest.fixture
def ada(bob, carol):
    """Ada, owned by bob: two open requests (which also make her a stale gap: bob never
    answered), three open promises, a contract with a fee and a code, an open alert,
    and a first score."""
    customer = create_customer(
        name="Ada Lovelace", owner=bob, email="ada@example.com", stage="active"
    )
    for subject in ("Router keeps rebooting", "Invoice is wrong"):
        receive_request(
            customer_id=customer.pk,
            channel="email",
            received_by_function="support",
            kind="request",
            subject=subject,
            received_at=timezone.now() - timedelta(days=3),
        )
    promise(customer, bob, "company", "Replace the router")
    promise(customer, bob, "company", "Refund the March invoice")
    promise(customer, bob, "customer", "Ada sends the serial number")
    Subscription.objects.create(
        customer=customer,
        product="Fibre 500",
        monthly_price=Decimal("39.00"),
        list_monthly_price=Decimal("45.00"),
        start_date=date(2025, 1, 1),
        term_end_date=date(2099, 12, 31),
        auto_renew=True,
        early_termination_fee=Decimal("120.00"),
        notice_period_days=30,
        transfer_code="PAC-ADA-001",
    )
    Alert.objects.create(
        customer=customer,
        owner=bob,
        kind="health_drop",
        message="Health fell from 70 to 40",
        created_at=timezone.now(),
    )
    Consent.objects.create(
        customer=customer, purpose="email", is_granted=True, recorded_at=timezone.now(),
        method="portal",
    )  # fmt: skip
    rescore_customer(customer.pk)
    return customer


def leave_by(way: str, customer, owner, capture) -> None:
    """End the relationship the way a person would: delivered promise named by staff."""
    delivered = Promise.objects.get(customer=customer, description="Replace the router")
    with capture(execute=True):
        if way == PORTAL:
            client = sign_in(Client(), "ada@example.com")
            assert client.get("/portal/leave/").status_code == 200
            assert client.post("/portal/leave/").status_code == 200
        elif way == STAFF_UI:
            response = staff_client(owner).post(
                f"/customers/{customer.pk}/stage/",
                {
                    "stage-to_stage": "departed",
                    "stage-reason": "moved abroad",
                    "stage-delivered_promise_ids": [delivered.pk],
                },
            )
            assert response.status_code == 302
        else:
            response = Client().post(
                f"/api/v1/customers/{customer.pk}/stage",
                {
                    "stage": "departed",
                    "reason": "moved abroad",
                    "delivered_promise_ids": [delivered.pk],
                },
                content_type="application/json",
                **auth(owner),
            )
            assert response.status_code == 201, response.content


@pytest.mark.parametrize("way", [PORTAL, STAFF_UI, API])
def test_every_way_of_leaving_ends_everything(
    way, ada, alice, bob, carol, django_capture_on_commit_callbacks
):
    gaps_before = Client().get("/api/v1/gaps", **auth(alice)).json()
    assert [g["kind"] for g in gaps_before if g["customer_id"] == ada.pk] == ["stale"]
    assert ada.name in staff_client(bob).get("/book/").content.decode()

    leave_by(way, ada, bob, django_capture_on_commit_callbacks)

    relationship = Relationship.objects.get(customer=ada)
    assert (relationship.stage, relationship.ended_at is not None) == ("departed", True)
    assert StageChange.objects.filter(customer=ada, to_stage="departed").count() == 1
    # Requests: all closed, the customer told in one notice.
    closed = Request.objects.filter(customer=ada).values_list("status", "outcome")
    assert list(closed) == [("resolved", "customer left"), ("resolved", "customer left")]
    notice = Interaction.objects.get(customer=ada, source="accord.ending")
    assert "We closed 2 open requests with the outcome: customer left." in notice.body
    # She agreed to email: the same words reach her inbox, with the Message-ID recorded.
    [email] = [m for m in mail.outbox if m.subject == "Your relationship with us has ended"]
    assert (email.to, email.body) == (["ada@example.com"], notice.body)
    assert email.extra_headers["Message-ID"] == notice.external_id
    assert "PAC-ADA-001" not in email.body  # a porting key stays in the portal and export
    # Promises: delivered kept (staff said so), the rest cancelled with the reason; the
    # customer's own lapse. The portal way knows of no delivery, so both are cancelled.
    settled = {
        p.description: (p.status, p.resolution_note) for p in Promise.objects.filter(customer=ada)
    }
    reason = "the customer left in the portal" if way == PORTAL else "moved abroad"
    cancelled = (
        "cancelled",
        f"Cancelled: the relationship ended before it was delivered ({reason}).",
    )
    router = cancelled if way == PORTAL else ("kept", "Delivered before you left.")
    assert settled == {
        "Replace the router": router,
        "Refund the March invoice": cancelled,
        "Ada sends the serial number": (
            "lapsed",
            "No longer binds you: the relationship ended.",
        ),
    }
    # The contract ends as it allows: in 30 days, fee due inside the term, code released.
    subscription = Subscription.objects.get(customer=ada)
    assert (subscription.status, subscription.auto_renew) == ("cancelled", False)
    assert subscription.ended_at.date() == timezone.localdate() + timedelta(days=30)
    assert subscription.transfer_code_released_at is not None
    # Alerts closed, no gap, off the owner's worklist.
    assert not Alert.objects.filter(customer=ada, resolved_at__isnull=True).exists()
    gaps = Client().get("/api/v1/gaps", **auth(alice)).json()
    assert [g for g in gaps if g["customer_id"] == ada.pk] == []
    assert ada.name not in staff_client(bob).get("/book/").content.decode()
    # Rescored at once: segment and health say departed, in words.
    score = CustomerScore.objects.get(customer=ada)
    assert score.segment == "departed"
    assert score.explanation["health"] == (
        "departed: the relationship has ended, so its health is no longer tracked"
    )
    assert score.explanation["drivers"] == []
    # Nobody inside can hand the relationship on.
    handoffs = Handoff.objects.filter(customer=ada).count()
    api_transfer = Client().post(
        f"/api/v1/customers/{ada.pk}/transfer",
        {"to_owner_id": carol.pk, "reason": "rebalance"},
        content_type="application/json",
        **auth(alice),
    )
    ui_transfer = staff_client(alice).post(
        f"/customers/{ada.pk}/transfer/", {"to_owner": carol.pk, "reason": "rebalance"}
    )
    assert (api_transfer.status_code, ui_transfer.status_code) == (404, 404)
    assert Handoff.objects.filter(customer=ada).count() == handoffs
    assert Relationship.objects.get(customer=ada).owner == bob
    # The portal shows what remains: no Leave, no new request; the export downloads.
    portal = sign_in(Client(), "ada@example.com")
    home = portal.get("/portal/").content.decode()
    assert 'href="/portal/leave/"' not in home and "open a request" not in home
    assert "Departed: the relationship ended" in home
    assert "Departed: the relationship has ended, so its health is no longer tracked" in home
    for remains in ("/portal/consents/", "/portal/data/#erasure", 'id="rejoin"'):
        assert remains in home
    requests_page = portal.get("/portal/requests/").content.decode()
    assert 'action="/portal/requests/"' not in requests_page
    refused = portal.post("/portal/requests/", {"subject": "Hello?", "body": "anyone"})
    assert refused.status_code == 400
    assert Request.objects.filter(customer=ada).count() == 2
    assert portal.get("/portal/leave/").status_code == 409
    started = portal.post("/portal/export/")
    download = portal.get(started["Location"])
    assert (download.status_code, download["Content-Type"]) == (200, "application/zip")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_only_the_owner_or_a_manager_can_end_it_and_a_refusal_changes_nothing(
    ada, carol, django_capture_on_commit_callbacks
):
    ui = staff_client(carol).post(
        f"/customers/{ada.pk}/stage/", {"stage-to_stage": "departed", "stage-reason": "x"}
    )
    api = Client().post(
        f"/api/v1/customers/{ada.pk}/stage",
        {"stage": "departed", "reason": "x"},
        content_type="application/json",
        **auth(carol),
    )
    assert (ui.status_code, api.status_code) == (404, 404)
    assert Relationship.objects.get(customer=ada).stage == "active"
    assert Request.objects.filter(customer=ada, status="open").count() == 2
    assert Promise.objects.filter(customer=ada, status="open").count() == 3
    assert Subscription.objects.get(customer=ada).status == "active"


def test_ending_twice_is_refused_and_changes_nothing(ada, bob, django_capture_on_commit_callbacks):
    leave_by(API, ada, bob, django_capture_on_commit_callbacks)
    again = Client().post(
        f"/api/v1/customers/{ada.pk}/stage",
        {"stage": "departed", "reason": "again"},
        content_type="application/json",
        **auth(bob),
    )
    assert again.status_code == 409
    assert [problem["msg"] for problem in again.json()["detail"]] == [
        "the customer has already left"
    ]
    assert StageChange.objects.filter(customer=ada, to_stage="departed").count() == 1


def test_a_departed_customer_rejoins_in_the_portal(ada, bob, django_capture_on_commit_callbacks):
    leave_by(PORTAL, ada, bob, django_capture_on_commit_callbacks)
    portal = sign_in(Client(), "ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert portal.post("/portal/rejoin/").status_code == 302
    relationship = Relationship.objects.get(customer=ada)
    assert (relationship.stage, relationship.ended_at, relationship.owner) == (
        "won_back",
        None,
        bob,
    )
    home = portal.get("/portal/").content.decode()
    assert 'href="/portal/leave/"' in home and "Welcome back" in home
    assert CustomerScore.objects.get(customer=ada).segment != "departed"
    assert ada.name in staff_client(bob).get("/book/").content.decode()
