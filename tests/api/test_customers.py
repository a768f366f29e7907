"""The customers API over HTTP: token and session auth, list, detail (audited), create."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accord.customers.models import Customer, Identity, IdentityKind
from accord.customers.services import create_customer
from accord.members.models import ApiToken
from accord.members.services import issue_api_token, revoke_api_token


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def bob_token(bob) -> str:
    return issue_api_token(staff=bob, name="tests").plaintext


@pytest.fixture
def book(bob, carol):
    return [
        create_customer(name="Acme Corp", owner=bob, kind="organization", email="buy@acme.test"),
        create_customer(name="Ben Okafor", owner=bob, stage="at_risk", city="Lagos"),
        create_customer(name="Cid Moreau", owner=carol, email="cid@acme.test"),
    ]


# --- authentication ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/customers", "/api/v1/customers/1"])
def test_anonymous_calls_get_401(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert response.json() == {
        "detail": [
            {"type": "unauthorized", "loc": ["header", "Authorization"], "msg": "Unauthorized"}
        ]
    }


@pytest.mark.django_db
def test_anonymous_create_gets_401_and_creates_nothing(client: Client) -> None:
    response = client.post("/api/v1/customers", {"name": "X"}, content_type="application/json")
    assert response.status_code == 401
    assert Customer.objects.count() == 0


@pytest.mark.django_db
def test_token_auth_lists_customers_and_touches_last_used(client: Client, bob_token, book):
    response = client.get("/api/v1/customers", **bearer(bob_token))
    assert response.status_code == 200
    assert len(response.json()["items"]) == 3
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    first_use = token.last_used_at
    client.get("/api/v1/customers", **bearer(bob_token))
    token.refresh_from_db()
    assert token.last_used_at == first_use  # at most one write a minute


@pytest.mark.django_db
def test_last_used_is_refreshed_after_a_minute(client: Client, bob_token):
    long_ago = timezone.now() - timedelta(minutes=5)
    ApiToken.objects.update(last_used_at=long_ago)
    client.get("/api/v1/customers", **bearer(bob_token))
    assert ApiToken.objects.get().last_used_at > long_ago


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # wrong secret
        lambda token: "ffffffff." + token.split(".")[1],  # unknown prefix
        lambda token: token.split(".")[0],  # no secret
        lambda token: "",
    ],
)
def test_bad_tokens_get_401(client: Client, bob_token, mangle):
    response = client.get("/api/v1/customers", **bearer(mangle(bob_token)))
    assert response.status_code == 401


@pytest.mark.django_db
def test_revoked_token_gets_401(client: Client, bob_token):
    revoke_api_token(prefix=bob_token.split(".")[0])
    assert client.get("/api/v1/customers", **bearer(bob_token)).status_code == 401


@pytest.mark.django_db
def test_token_of_inactive_or_departed_staff_gets_401(client: Client, bob, bob_token):
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert client.get("/api/v1/customers", **bearer(bob_token)).status_code == 401
    bob.is_active, bob.left_at = True, timezone.now()
    bob.save(update_fields=["is_active", "left_at"])
    assert client.get("/api/v1/customers", **bearer(bob_token)).status_code == 401


@pytest.mark.django_db
def test_session_auth_reads_without_csrf_but_writes_need_it(bob, book):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    assert len(client.get("/api/v1/customers").json()["items"]) == 3

    payload = {"name": "Dana Fox"}
    refused = client.post("/api/v1/customers", payload, content_type="application/json")
    assert refused.status_code == 403
    assert Customer.objects.filter(name="Dana Fox").count() == 0

    client.get("/")  # any staff page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    created = client.post(
        "/api/v1/customers", payload, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert created.status_code == 201
    assert created.json()["owner"]["id"] == bob.pk


# --- list ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_items_carry_owner_and_stage(client: Client, bob, bob_token, book):
    items = client.get("/api/v1/customers", **bearer(bob_token)).json()["items"]
    assert items[1] == {
        "id": book[1].pk,
        "name": "Ben Okafor",
        "kind": "person",
        "email": "",
        "city": "Lagos",
        "country": "",
        "owner": {"id": bob.pk, "name": "Bob"},
        "stage": "at_risk",
    }


@pytest.mark.django_db
def test_cursor_pages_are_stable_when_rows_arrive_between_pages(client: Client, bob, bob_token):
    for number in range(7):
        create_customer(name=f"Customer {number}", owner=bob)
    first = client.get("/api/v1/customers", {"limit": 3}, **bearer(bob_token)).json()
    assert [item["name"] for item in first["items"]] == ["Customer 0", "Customer 1", "Customer 2"]
    assert first["next"] == (
        f"http://testserver/api/v1/customers?cursor={first['next_cursor']}&limit=3"
    )
    # A customer sorting before the page boundary arrives: the next page neither repeats
    # nor skips a row (an offset would have shown "Customer 2" twice).
    create_customer(name="Customer 00", owner=bob)
    second = client.get(first["next"], **bearer(bob_token)).json()
    assert [item["name"] for item in second["items"]] == ["Customer 3", "Customer 4", "Customer 5"]
    last = client.get(second["next"], **bearer(bob_token)).json()
    assert [item["name"] for item in last["items"]] == ["Customer 6"]
    assert (last["next"], last["next_cursor"]) == (None, None)


@pytest.mark.django_db
def test_sort_by_creation_descending_and_a_cursor_of_another_sort_is_refused(
    client: Client, bob, bob_token
):
    for number in range(4):
        create_customer(name=f"C{number}", owner=bob)
    newest = client.get(
        "/api/v1/customers", {"sort": "-created_at", "limit": 2}, **bearer(bob_token)
    ).json()
    assert [item["name"] for item in newest["items"]] == ["C3", "C2"]
    mixed = client.get(
        "/api/v1/customers", {"sort": "name", "cursor": newest["next_cursor"]}, **bearer(bob_token)
    )
    assert mixed.status_code == 422
    assert mixed.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["query", "cursor"],
            "msg": "belongs to another sort order than 'name'",
        }
    ]


@pytest.mark.django_db
def test_search_and_filters(client: Client, bob, carol, bob_token, book):
    Identity.objects.create(customer=book[1], kind=IdentityKind.SOCIAL, source="x", value="@benok")

    def names(**params) -> list[str]:
        body = client.get("/api/v1/customers", params, **bearer(bob_token)).json()
        return [item["name"] for item in body["items"]]

    assert names(q="ACME") == ["Acme Corp", "Cid Moreau"]
    assert names(q="@benok") == ["Ben Okafor"]
    assert names(owner="me") == ["Acme Corp", "Ben Okafor"]
    assert names(owner=carol.pk) == ["Cid Moreau"]
    assert names(owner="me", stage="at_risk") == ["Ben Okafor"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"owner": "bob"}, "owner"),
        ({"stage": "happy"}, "stage"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"cursor": "garbage!"}, "cursor"),
        ({"sort": "email"}, "sort"),
    ],
)
def test_bad_list_parameters_get_422_naming_the_field(client: Client, bob_token, params, field):
    response = client.get("/api/v1/customers", params, **bearer(bob_token))
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]
