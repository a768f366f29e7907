"""Customer detail (audited) and create through the API, with validation errors."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.customers.models import Customer
from accord.customers.services import create_customer
from accord.members.services import issue_api_token
from accord.relationships.models import OwnerAssignment, TeamMembership
from tests.conftest import make_staff


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def alice_token(alice) -> str:
    return issue_api_token(staff=alice, name="tests").plaintext


def post(client: Client, token: str, payload: dict):
    return client.post(
        "/api/v1/customers", payload, content_type="application/json", **bearer(token)
    )


@pytest.mark.django_db
def test_detail_shows_identities_owner_team_and_writes_a_view_audit_event(
    client: Client, alice, bob, carol, alice_token
):
    customer = create_customer(name="Acme Corp", owner=bob, email="Buy@Acme.test", country="fr")
    TeamMembership.objects.create(
        customer=customer, staff=carol, function="support", added_at=timezone.now()
    )
    path = f"/api/v1/customers/{customer.pk}"
    # Alice manages but is not on the team: like the staff UI, she says why first.
    refused = client.get(path, **bearer(alice_token))
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["query", "purpose"],
            "msg": "you are not on this customer's team: say why you open the record",
        }
    ]
    assert not AuditEvent.objects.filter(action="customer.view").exists()
    response = client.get(path, {"purpose": "Quarterly review"}, **bearer(alice_token))
    assert response.status_code == 200
    body = response.json()
    assert body["owner"] == {"id": bob.pk, "name": "Bob"}
    assert body["stage"] == "prospect"
    assert body["country"] == "FR"
    identity = customer.identities.get()
    assert body["identities"] == [
        {"id": identity.pk, "kind": "email", "source": "", "value": "buy@acme.test"}
    ]
    assert body["team"] == [{"id": carol.pk, "name": "Carol", "function": "support"}]
    views = AuditEvent.objects.filter(action="customer.view")
    assert [(event.actor_id, event.customer_id, event.reason) for event in views] == [
        (alice.pk, customer.pk, "Quarterly review")
    ]


@pytest.mark.django_db
def test_detail_of_unknown_customer_is_404_and_audits_nothing(client: Client, alice_token):
    response = client.get("/api/v1/customers/999999", **bearer(alice_token))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="customer.view").exists()


@pytest.mark.django_db
def test_create_with_an_owner(client: Client, alice, bob, alice_token):
    response = post(
        client,
        alice_token,
        {
            "name": "Nadia Haddad",
            "kind": "person",
            "email": "nadia@example.test",
            "phone": "+212 600 000 000",
            "city": "Rabat",
            "country": "ma",
            "owner_id": bob.pk,
            "stage": "onboarding",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["owner"] == {"id": bob.pk, "name": "Bob"}
    assert body["stage"] == "onboarding"
    assert body["country"] == "MA"
    customer = Customer.objects.get(pk=body["id"])
    assert OwnerAssignment.objects.get(customer=customer, ended_at__isnull=True).owner == bob
    created = AuditEvent.objects.get(action="customer.create", customer=customer)
    assert created.actor == alice


@pytest.mark.django_db
def test_owner_defaults_to_the_caller(client: Client, alice, alice_token):
    response = post(client, alice_token, {"name": "Solo Ltd", "kind": "organization"})
    assert response.status_code == 201
    assert response.json()["owner"]["id"] == alice.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"name": "X", "owner_id": 987654}, "owner_id", "no staff member with id 987654"),
        ({"name": "X", "kind": "robot"}, "kind", "Input should be"),
        ({"name": "X", "country": "France"}, "country", "'FRANCE' is not an ISO 3166 country"),
        ({"name": "X", "country": "XX"}, "country", "'XX' is not an ISO 3166 country code"),
        ({"name": "X", "email": "not-an-email"}, "email", "'not-an-email' is not an email"),
        ({"name": "X", "stage": "engaged"}, "stage", "Input should be"),
        ({"name": ""}, "name", "is required"),
        ({"name": "A\x00B"}, "name", "contains control character U+0000"),
        ({"kind": "person"}, "name", "Field required"),
    ],
)
def test_bad_input_gets_422_naming_the_field_and_creates_nothing(
    client: Client, alice_token, payload, field, message
):
    response = post(client, alice_token, payload)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [error["loc"][-1] for error in errors] == [field]
    assert message in errors[0]["msg"]
    assert Customer.objects.count() == 0


@pytest.mark.django_db
def test_inactive_owner_is_refused_and_nothing_is_created(client: Client, alice_token):
    gone = make_staff("gone", is_active=False)
    response = post(client, alice_token, {"name": "X", "owner_id": gone.pk})
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == ["body", "payload", "owner_id"]
    assert error["msg"] == f"staff member {gone.pk} is not active and cannot own customers"
    assert Customer.objects.count() == 0


@pytest.mark.django_db
def test_malformed_json_gets_a_4xx(client: Client, alice_token):
    response = client.post(
        "/api/v1/customers", "{not json", content_type="application/json", **bearer(alice_token)
    )
    assert 400 <= response.status_code < 500
    assert Customer.objects.count() == 0


@pytest.mark.django_db
def test_create_and_list_query_counts_do_not_grow(
    client: Client, alice, bob, alice_token, django_assert_num_queries
):
    post(client, alice_token, {"name": "Warm-up"})  # first use writes last_used_at
    # sign-in lock check, token+staff, owner, BEGIN, email taken?, customer, identity,
    # savepoint, relationship, assignment, stage change, release, audit, COMMIT,
    # identities read back (their ids)
    with django_assert_num_queries(15):
        assert post(client, alice_token, {"name": "Q", "email": "q@x.test", "owner_id": bob.pk})
    for number in range(30):
        create_customer(name=f"Customer {number}", owner=bob)
    # sign-in lock check, token+staff, one page of rows (with owner joined); cursor pages
    # need no count
    with django_assert_num_queries(3):
        body = client.get("/api/v1/customers", {"limit": 25}, **bearer(alice_token)).json()
    assert len(body["items"]) == 25


@pytest.mark.django_db
def test_a_created_customer_is_scored_at_once(
    client: Client, alice, alice_token, django_capture_on_commit_callbacks
):
    from accord.scoring.models import CustomerScore

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, alice_token, {"name": "Ines Moreau", "kind": "person"})
    assert response.status_code == 201
    assert CustomerScore.objects.filter(customer_id=response.json()["id"]).exists()
