"""PATCH on customers, contacts and identities over HTTP: only sent fields change, the
wrong person gets 404 and nothing changes, duplicates answer 409 naming the field."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.customers.models import Contact, Customer, Identity
from accord.customers.services import create_customer
from accord.relationships.models import TeamMembership
from tests.api.conftest import call


@pytest.fixture
def acme(bob) -> Customer:
    return create_customer(
        name="Acme", kind="organization", email="buy@acme.test", city="Lyon", owner=bob
    )


def snapshot(customer: Customer) -> tuple:
    customer.refresh_from_db()
    return (
        customer.name,
        customer.email,
        customer.city,
        customer.country,
        sorted(customer.identities.values_list("kind", "source", "value")),
        sorted(customer.contacts.values_list("name", "email", "is_primary")),
    )


@pytest.mark.django_db
def test_patch_changes_only_the_fields_sent(client: Client, tokens, acme):
    response = call(
        client, "patch", f"/customers/{acme.pk}", tokens["bob"], {"country": "fr", "phone": " 01 "}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["city"], body["country"], body["phone"]) == (
        "Acme",
        "Lyon",
        "FR",
        "01",
    )
    assert AuditEvent.objects.get(action="customer.update").details == {
        "fields": ["phone", "country"]
    }
    cleared = call(client, "patch", f"/customers/{acme.pk}", tokens["bob"], {"city": None})
    assert cleared.json()["city"] == ""
    refused = call(client, "patch", f"/customers/{acme.pk}", tokens["bob"], {"name": None})
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        {"type": "value_error", "loc": ["body", "payload", "name"], "msg": "is required"}
    ]


@pytest.mark.django_db
def test_patch_by_someone_outside_the_relationship_is_404_and_changes_nothing(
    client: Client, tokens, acme, carol, alice
):
    before = snapshot(acme)
    for path, payload in [
        (f"/customers/{acme.pk}", {"name": "Hijacked"}),
        (f"/customers/{acme.pk}/contacts", {"name": "Eve", "email": "eve@x.test"}),
        (f"/customers/{acme.pk}/identities", {"kind": "phone", "value": "+1 555"}),
    ]:
        method = "patch" if path.endswith(str(acme.pk)) else "post"
        response = call(client, method, path, tokens["carol"], payload)
        assert response.status_code == 404, path
        assert response.json()["detail"][0]["type"] == "not_found"
    assert snapshot(acme) == before
    # Reading stays open to the whole company; joining the team opens changes.
    record = f"/customers/{acme.pk}"
    assert call(client, "get", record, tokens["carol"], {"purpose": "Cover"}).status_code == 200
    TeamMembership.objects.create(
        customer=acme, staff=carol, function="support", added_at=timezone.now()
    )
    assert (
        call(
            client, "patch", f"/customers/{acme.pk}", tokens["carol"], {"city": "Nice"}
        ).status_code
        == 200
    )
    assert (
        call(
            client, "patch", f"/customers/{acme.pk}", tokens["alice"], {"city": "Metz"}
        ).status_code
        == 200
    )


@pytest.mark.django_db
def test_patch_to_another_customers_email_is_409(client: Client, tokens, acme, bob):
    other = create_customer(name="Beta", email="hello@beta.test", owner=bob)
    response = call(
        client, "patch", f"/customers/{acme.pk}", tokens["bob"], {"email": "Hello@Beta.test"}
    )
    assert response.status_code == 409
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "email"]
    assert snapshot(acme)[1] == "buy@acme.test"
    assert other.identities.count() == 1


@pytest.mark.django_db
def test_contacts_add_list_patch_remove(client: Client, tokens, acme):
    path = f"/customers/{acme.pk}/contacts"
    first = call(
        client,
        "post",
        path,
        tokens["bob"],
        {"name": "Cy", "email": "Cy@Acme.test", "is_primary": True},
    )
    assert first.status_code == 201
    cy = first.json()
    assert cy == {
        "id": cy["id"],
        "customer_id": acme.pk,
        "name": "Cy",
        "email": "cy@acme.test",
        "phone": "",
        "title": "",
        "is_primary": True,
    }
    di = call(client, "post", path, tokens["bob"], {"name": "Di", "email": "di@acme.test"}).json()
    same = call(client, "post", path, tokens["bob"], {"name": "Cy again", "email": "cy@acme.test"})
    assert same.status_code == 409
    assert same.json()["detail"][0]["loc"] == ["body", "payload", "email"]
    promoted = call(
        client,
        "patch",
        f"/contacts/{di['id']}",
        tokens["bob"],
        {"is_primary": True, "title": "CFO"},
    )
    assert (promoted.json()["is_primary"], promoted.json()["title"], promoted.json()["name"]) == (
        True,
        "CFO",
        "Di",
    )
    listed = call(client, "get", path, tokens["carol"]).json()
    assert [(c["name"], c["is_primary"]) for c in listed] == [("Di", True), ("Cy", False)]
    assert call(client, "delete", f"/contacts/{cy['id']}", tokens["carol"]).status_code == 404
    assert call(client, "delete", f"/contacts/{cy['id']}", tokens["bob"]).status_code == 204
    assert list(Contact.objects.values_list("name", flat=True)) == ["Di"]
    assert call(client, "get", f"/contacts/{cy['id']}", tokens["bob"]).status_code == 404


@pytest.mark.django_db
def test_contacts_are_for_organizations(client: Client, tokens, bob):
    person = create_customer(name="Pat", owner=bob)
    response = call(
        client,
        "post",
        f"/customers/{person.pk}/contacts",
        tokens["bob"],
        {"name": "X", "email": "x@x.test"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "customer_id"]


@pytest.mark.django_db
def test_identities_are_idempotent_and_unique_across_customers(client: Client, tokens, acme, bob):
    path = f"/customers/{acme.pk}/identities"
    payload = {"kind": "social", "source": "x", "value": "@acme"}
    created = call(client, "post", path, tokens["bob"], payload)
    again = call(client, "post", path, tokens["bob"], payload)
    assert (created.status_code, again.status_code) == (201, 200)
    assert created.json()["id"] == again.json()["id"]
    beta = create_customer(name="Beta", owner=bob)
    taken = call(client, "post", f"/customers/{beta.pk}/identities", tokens["bob"], payload)
    assert taken.status_code == 409
    assert taken.json()["detail"][0]["loc"] == ["body", "payload", "value"]
    bad = call(client, "post", path, tokens["bob"], {"kind": "email", "value": "not an email"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0] == {
        "type": "value_error",
        "loc": ["body", "payload", "value"],
        "msg": "'not an email' is not an email address",
    }
    identity_id = created.json()["id"]
    changed = call(
        client, "patch", f"/identities/{identity_id}", tokens["bob"], {"value": "@acme_hq"}
    )
    assert (changed.json()["value"], changed.json()["source"]) == ("@acme_hq", "x")
    assert call(client, "delete", f"/identities/{identity_id}", tokens["carol"]).status_code == 404
    assert call(client, "delete", f"/identities/{identity_id}", tokens["bob"]).status_code == 204
    assert sorted(Identity.objects.values_list("value", flat=True)) == ["buy@acme.test"]
    listed = call(client, "get", path, tokens["carol"]).json()
    assert [(i["kind"], i["value"]) for i in listed] == [("email", "buy@acme.test")]
    # Correcting the primary email identity corrects the customer's email with it.
    primary = listed[0]["id"]
    call(client, "patch", f"/identities/{primary}", tokens["bob"], {"value": "Sales@Acme.test"})
    acme.refresh_from_db()
    assert acme.email == "sales@acme.test"
