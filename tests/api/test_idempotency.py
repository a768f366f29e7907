"""`Idempotency-Key`: a retried create returns the first answer, not a duplicate or a 409."""

from __future__ import annotations

import pytest
from django.test import Client

from accord.customers.models import Customer
from accord.members.models import ApiToken
from accord.members.services import revoke_api_token
from tests.api.conftest import token_for

NEW = {"name": "Acme", "email": "buy@acme.test"}


def post(client: Client, token: str, body: dict, key: str | None = "order-7f3a") -> object:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post("/api/v1/customers", body, content_type="application/json", **headers)


@pytest.mark.django_db
def test_a_retried_create_gets_the_first_answer_and_makes_nothing_new(client: Client, bob):
    token = token_for(bob)
    first = post(client, token, NEW)
    again = post(client, token, NEW)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Customer.objects.filter(email="buy@acme.test").count() == 1


@pytest.mark.django_db
def test_without_the_key_the_duplicate_answers_409_naming_the_field(client: Client, bob):
    token = token_for(bob)
    assert post(client, token, NEW, key=None).status_code == 201
    duplicate = post(client, token, NEW, key=None)
    assert duplicate.status_code == 409
    assert duplicate.json()["detail"][0]["loc"] == ["body", "payload", "email"]


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused_and_changes_nothing(client: Client, bob):
    token = token_for(bob)
    post(client, token, NEW)
    other = post(client, token, {"name": "Other", "email": "other@acme.test"})
    assert other.status_code == 422
    assert other.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not Customer.objects.filter(email="other@acme.test").exists()


@pytest.mark.django_db
def test_keys_belong_to_one_token(client: Client, bob, alice):
    post(client, token_for(bob), NEW)
    second_caller = post(client, token_for(alice), NEW)  # same key, another caller
    assert second_caller.status_code == 409  # ran for real: the email exists
    assert "Idempotent-Replayed" not in second_caller


@pytest.mark.django_db
def test_a_refused_request_keeps_no_key_so_the_corrected_retry_runs(client: Client, bob):
    token = token_for(bob)
    refused = post(client, token, {"name": "", "email": "buy@acme.test"})
    assert refused.status_code == 422
    corrected = post(client, token, {"name": "", "email": "buy@acme.test"} | {"name": "Acme"})
    # A corrected body under the same key is a different request: only successes are kept.
    assert corrected.status_code == 201


@pytest.mark.django_db
def test_a_revoked_token_gets_401_not_the_stored_answer(client: Client, bob):
    token = token_for(bob)
    post(client, token, NEW)
    revoke_api_token(prefix=ApiToken.objects.get().prefix)
    replay = post(client, token, NEW)
    assert replay.status_code == 401
    assert "Idempotent-Replayed" not in replay


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9", "with space"])
def test_a_malformed_key_is_refused_in_the_one_error_shape(client: Client, bob, key: str):
    response = post(client, token_for(bob), NEW, key=key)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not Customer.objects.exists()
