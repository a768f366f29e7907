"""Portal fixtures: two customers (ada and ben) with owners, promises, requests and
contracts, and a helper that signs a test client in through the real magic-link flow."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accord.commerce.models import Subscription
from accord.customers.models import Contact, Customer, CustomerKind
from accord.customers.services import create_customer
from accord.interactions.models import Conversation, Request
from accord.members.models import StaffMember
from accord.partners.models import Partner
from accord.promises.models import Promise
from accord.relationships.models import Stage, TeamMembership

LINK = re.compile(r"https?://[^\s]+/portal/sign-in/([\w-]+)/")


@dataclass
class World:
    ada: Customer
    ben: Customer
    org: Customer
    org_contact: Contact
    ada_promise: Promise
    ben_promise: Promise
    ada_request: Request
    ben_request: Request
    partner: Partner


def add_promise(customer: Customer, staff: StaffMember, description: str, side: str) -> Promise:
    now = timezone.now()
    return Promise.objects.create(
        customer=customer,
        made_by_side=side,
        staff=staff,
        kind="callback",
        description=description,
        made_at=now,
        due_at=now + timedelta(days=3),
    )


def add_request(customer: Customer, staff: StaffMember, subject: str) -> Request:
    now = timezone.now()
    conversation = Conversation.objects.create(
        customer=customer, kind="request", subject=subject, opened_at=now, last_activity_at=now
    )
    return Request.objects.create(
        customer=customer,
        conversation=conversation,
        channel="email",
        kind="request",
        subject=subject,
        assigned_to=staff,
        received_at=now,
        due_at=now + timedelta(days=2),
    )


def add_subscription(customer: Customer, **terms: object) -> Subscription:
    values: dict[str, object] = {
        "product": "Fibre 500",
        "monthly_price": Decimal("39.00"),
        "list_monthly_price": Decimal("45.00"),
        "start_date": date(2025, 1, 1),
        "term_end_date": date(2027, 12, 31),
        "auto_renew": True,
        "early_termination_fee": Decimal("120.00"),
        "notice_period_days": 30,
        "transfer_code": "PAC-ADA-001",
    }
    values.update(terms)
    return Subscription.objects.create(customer=customer, **values)


@pytest.fixture
def world(db, bob: StaffMember, carol: StaffMember) -> World:
    ada = create_customer(
        name="Ada Lovelace", owner=bob, email="ada@example.com", stage=Stage.ACTIVE
    )
    ben = create_customer(name="Ben Okri", owner=carol, email="ben@example.com", stage=Stage.ACTIVE)
    org = create_customer(
        name="Analytical Engines Ltd",
        owner=bob,
        kind=CustomerKind.ORGANIZATION,
        email="office@engines.example",
        stage=Stage.ACTIVE,
    )
    contact = Contact.objects.create(
        customer=org, name="Charles Babbage", email="cb@engines.example"
    )
    TeamMembership.objects.create(
        customer=ada, staff=carol, function="support", added_at=timezone.now()
    )
    add_subscription(ada)
    add_subscription(ben, product="Mobile", transfer_code="PAC-BEN-002")
    return World(
        ada=ada,
        ben=ben,
        org=org,
        org_contact=contact,
        ada_promise=add_promise(ada, bob, "Call Ada back about the router", "company"),
        ben_promise=add_promise(ben, carol, "Call Ben back about roaming", "company"),
        ada_request=add_request(ada, bob, "Router keeps rebooting"),
        ben_request=add_request(ben, carol, "Roaming charges"),
        partner=Partner.objects.create(
            name="NetCo", slug="netco", contact_email="privacy@netco.example"
        ),
    )


def ask_for_link(client: Client, email: str) -> str | None:
    """Ask for a link; return its token from the mail sent, or None if none was sent."""
    before = len(mail.outbox)
    response = client.post("/portal/sign-in/", {"email": email})
    assert response.status_code == 200, response.content
    if len(mail.outbox) == before:
        return None
    match = LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def sign_in(client: Client, email: str) -> Client:
    token = ask_for_link(client, email)
    assert token is not None, f"no link sent to {email}"
    response = client.post(f"/portal/sign-in/{token}/")
    assert response.status_code == 302 and response["Location"] == "/portal/"
    return client


@pytest.fixture
def ada_client(world: World) -> Client:
    return sign_in(Client(), "ada@example.com")


@pytest.fixture
def ben_client(world: World) -> Client:
    return sign_in(Client(), "ben@example.com")
