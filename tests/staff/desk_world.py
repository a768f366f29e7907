"""A small book for the desk tests: bob owns Acme (dave on its team), carol is outside,
alice manages; Acme has one open request and one open promise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accord.customers.models import Customer
from accord.customers.services import create_customer
from accord.interactions.models import Conversation
from accord.interactions.services import receive_request
from accord.members.models import StaffMember
from accord.promises.models import Promise
from accord.promises.services import make_promise
from accord.relationships.services import add_team_member
from tests.conftest import make_staff


@dataclass
class Desk:
    acme: Customer
    conversation: Conversation
    promise: Promise
    dave: StaffMember


def client_for(member: StaffMember) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def desk(db, bob, carol) -> Desk:
    acme = create_customer(
        name="Acme Corp", owner=bob, kind="organization", email="office@acme.example"
    )
    dave = make_staff("dave", function="billing")
    add_team_member(customer_id=acme.pk, member=dave, function="billing", by=bob)
    routed = receive_request(
        customer_id=acme.pk,
        channel="email",
        received_by_function="support",
        kind="support",
        subject="Router keeps rebooting",
    )
    promise = make_promise(
        customer_id=acme.pk,
        made_by_side="company",
        kind="callback",
        description="Call back about the router",
        due_at=timezone.now() + timedelta(hours=3),
        staff=bob,
        by=bob,
    )
    return Desk(acme=acme, conversation=routed.conversation, promise=promise, dave=dave)
