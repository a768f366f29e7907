"""Incident fixtures: two partners (a network and a device maker) with tokens, and three
customers: ada shares with the network (reference NET-ADA), ben shares with nobody, cyd
shares with the device maker (reference DEV-CYD)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from accord.consents.services import record_consent
from accord.customers.models import Customer, IdentityKind
from accord.customers.services import add_identity, create_customer
from accord.members.models import StaffMember
from accord.partners.models import Partner
from accord.partners.services import issue_partner_token, save_partner
from accord.relationships.models import Stage


@dataclass
class Partners:
    net: Partner
    dev: Partner
    net_token: str
    dev_token: str
    ada: Customer
    ben: Customer
    cyd: Customer


def share(customer: Customer, partner: Partner, reference: str) -> None:
    add_identity(
        customer_id=customer.pk,
        kind=IdentityKind.EXTERNAL,
        source=partner.slug,
        value=reference,
        by=None,
    )
    record_consent(
        customer_id=customer.pk,
        purpose="partner_sharing",
        partner_id=partner.pk,
        is_granted=True,
        method="portal",
    )


@pytest.fixture
def partners(db, alice: StaffMember, bob: StaffMember) -> Partners:
    net = save_partner(
        {
            "name": "NetCo",
            "role": "network",
            "contact_email": "noc@netco.example",
            "shared_fields": ["name", "city"],
        },
        by=alice,
    )
    dev = save_partner({"name": "DevCo", "role": "device", "shared_fields": ["name"]}, by=alice)
    ada = create_customer(
        name="Ada Lovelace",
        owner=bob,
        email="ada@example.com",
        phone="+44 20 7946 0001",
        city="London",
        stage=Stage.ACTIVE,
    )
    ben = create_customer(name="Ben Okri", owner=bob, email="ben@example.com", stage=Stage.ACTIVE)
    cyd = create_customer(name="Cyd Charisse", owner=bob, email="cyd@example.com")
    share(ada, net, "NET-ADA")
    share(cyd, dev, "DEV-CYD")
    return Partners(
        net=net,
        dev=dev,
        net_token=issue_partner_token(partner=net, name="noc", by=alice).plaintext,
        dev_token=issue_partner_token(partner=dev, name="ops", by=alice).plaintext,
        ada=ada,
        ben=ben,
        cyd=cyd,
    )


def api(
    client: Client, method: str, path: str, token: str, payload: dict[str, Any] | None = None
) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    url = path if path.startswith("http") else f"/api/v1{path}"
    if method == "get":
        return client.get(url, **headers)
    return client.post(f"/api/v1{path}", payload or {}, content_type="application/json", **headers)
