"""One error body for every 4xx, and API tokens with scopes and expiry."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from ninja import Schema

from accord.api.app import api
from accord.customers.models import Customer
from accord.customers.services import create_customer
from accord.members.models import ApiToken
from tests.api.conftest import call, token_for


@pytest.fixture
def acme(bob) -> Customer:
    return create_customer(name="Acme", kind="organization", email="buy@acme.test", owner=bob)


@pytest.mark.django_db
def test_every_refusal_has_the_same_shape(client: Client, tokens, acme, bob):
    bad_token = call(client, "get", "/customers", "nope.nope")
    unknown = call(client, "get", "/customers/987654", tokens["bob"])
    duplicate = call(
        client, "post", "/customers", tokens["bob"], {"name": "X", "email": "BUY@acme.test"}
    )
    invalid = call(client, "post", "/customers", tokens["bob"], {"name": "X", "country": "ZZ"})
    schema = call(client, "post", "/customers", tokens["bob"], {"kind": "person"})
    read_only = call(client, "post", "/customers", token_for(bob, "read"), {"name": "X"})
    assert [r.status_code for r in (bad_token, unknown, duplicate, invalid, schema, read_only)] == [
        401,
        404,
        409,
        422,
        422,
        403,
    ]
    assert bad_token.json() == {
        "detail": [
            {"type": "unauthorized", "loc": ["header", "Authorization"], "msg": "Unauthorized"}
        ]
    }
    assert unknown.json() == {
        "detail": [{"type": "not_found", "loc": ["path"], "msg": "No such customer"}]
    }
    assert duplicate.json() == {
        "detail": [
            {
                "type": "conflict",
                "loc": ["body", "payload", "email"],
                "msg": f"buy@acme.test is already the email of customer {acme.pk}",
            }
        ]
    }
    assert invalid.json() == {
        "detail": [
            {
                "type": "value_error",
                "loc": ["body", "payload", "country"],
                "msg": "'ZZ' is not an ISO 3166 country code",
            }
        ]
    }
    assert schema.json() == {
        "detail": [{"type": "missing", "loc": ["body", "payload", "name"], "msg": "Field required"}]
    }
    assert read_only.json() == {
        "detail": [
            {
                "type": "forbidden",
                "loc": [],
                "msg": "this token's scope is read: it cannot change data",
            }
        ]
    }
    assert Customer.objects.count() == 1


@pytest.mark.django_db
def test_read_tokens_read_and_expired_tokens_get_401(client: Client, bob, acme):
    read = token_for(bob, "read")
    assert call(client, "get", f"/customers/{acme.pk}", read).status_code == 200
    assert call(client, "patch", f"/customers/{acme.pk}", read, {"city": "Oslo"}).status_code == 403
    acme.refresh_from_db()
    assert acme.city == ""
    ApiToken.objects.filter(scope="read").update(expires_at=timezone.now() - timedelta(seconds=1))
    assert call(client, "get", f"/customers/{acme.pk}", read).status_code == 401


@pytest.mark.django_db
def test_admin_endpoints_need_an_admin_token_and_a_manager(client: Client, alice, bob):
    webhook = {"url": "https://hooks.example.test/accord"}
    manager_write = call(client, "post", "/webhooks", token_for(alice, "write"), webhook)
    assert manager_write.status_code == 403
    assert manager_write.json()["detail"][0]["msg"] == (
        "this endpoint needs a token with the admin scope"
    )
    # A member learns nothing about manager-only endpoints, whatever the token says.
    assert call(client, "post", "/webhooks", token_for(bob, "admin"), webhook).status_code == 404
    assert call(client, "post", "/webhooks", token_for(alice, "admin"), webhook).status_code == 201


@pytest.mark.django_db
def test_token_cli_sets_scope_and_expiry(bob, capsys):
    call_command(
        "token", "create", "bob", "--name", "reporting", "--scope", "read", "--expires-days", "7"
    )
    out = capsys.readouterr().out
    token = ApiToken.objects.get()
    assert (token.scope, token.name) == ("read", "reporting")
    assert token.expires_at is not None
    assert timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert out.startswith(
        f"read token for bob (reporting), until {token.expires_at:%Y-%m-%d %H:%M} UTC:"
    )
    assert re.search(rf"^{token.prefix}\.\S+$", out, re.MULTILINE)
    call_command("token", "create", "bob", "--name", "forever", "--expires-days", "0")
    assert ApiToken.objects.get(name="forever").expires_at is None
    assert ApiToken.objects.get(name="forever").scope == "write"


def _schemas(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("accord.api."):
            found.append(sub)
        found += _schemas(sub)
    return found


def test_schema_names_are_unique_in_the_openapi_document():
    names = [schema.__name__ for schema in set(_schemas(Schema))]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []
    document = api.get_openapi_schema(path_params={})
    assert "CustomerTeamMemberOut" in document["components"]["schemas"]
    assert "TeamMemberOut" in document["components"]["schemas"]


@pytest.mark.django_db
def test_ids_beyond_64_bits_are_refused_not_crashed_on(client: Client, tokens):
    huge = 2**64
    assert call(client, "get", f"/customers/{huge}", tokens["bob"]).status_code == 404
    listed = call(client, "get", "/orders", tokens["bob"], {"customer_id": huge})
    assert listed.status_code == 422
    assert listed.json()["detail"][0]["loc"] == ["query", "customer_id"]
    order = {"customer_id": huge, "occurred_at": "2026-01-01T00:00:00Z", "amount": "1"}
    created = call(client, "post", "/orders", tokens["bob"], order)
    assert created.status_code == 422
    assert created.json()["detail"][0]["loc"] == ["body", "payload", "customer_id"]
