"""The promise ledger through the REST API: make, keep, break, renegotiate, cancel, rates.

Policy: any active staff member may act on any customer's promises (the book is the
company's); what a caller cannot see (unknown customer or promise) answers 404 and
changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.customers.services import create_customer
from accord.members.services import issue_api_token
from accord.promises.models import Promise


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def bob_token(bob) -> str:
    return issue_api_token(staff=bob, name="tests").plaintext


@pytest.fixture
def customer(bob):
    return create_customer(name="Ada Lovelace", owner=bob)


def make(client: Client, token: str, customer_id: int, **fields):
    payload = {
        "kind": "callback",
        "description": "Call back about the invoice",
        "due_at": (timezone.now() + timedelta(days=2)).isoformat(),
        **fields,
    }
    return client.post(
        f"/api/v1/customers/{customer_id}/promises",
        payload,
        content_type="application/json",
        **bearer(token),
    )


def act(client: Client, token: str, promise_id: int, action: str, payload: dict | None = None):
    return client.post(
        f"/api/v1/promises/{promise_id}/{action}",
        payload or {},
        content_type="application/json",
        **bearer(token),
    )


@pytest.mark.django_db
def test_lifecycle_make_keep_break_renegotiate_cancel(client: Client, bob, customer, bob_token):
    made = make(client, bob_token, customer.pk)
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["status"], body["made_by_side"], body["staff_id"]) == ("open", "company", bob.pk)

    kept = act(client, bob_token, body["id"], "keep")
    assert kept.status_code == 200
    assert kept.json()["status"] == "kept" and kept.json()["resolved_at"]

    second = make(client, bob_token, customer.pk, made_by_side="customer", kind="payment").json()
    assert act(client, bob_token, second["id"], "break").json()["status"] == "broken"

    third = make(client, bob_token, customer.pk, kind="delivery").json()
    new_due = (timezone.now() + timedelta(days=10)).isoformat()
    renegotiated = act(client, bob_token, third["id"], "renegotiate", {"due_at": new_due})
    assert renegotiated.status_code == 201
    replacement = renegotiated.json()
    old = Promise.objects.get(pk=third["id"])
    assert (old.status, old.replaced_by_id) == ("renegotiated", replacement["id"])
    assert replacement["status"] == "open" and replacement["kind"] == "delivery"

    assert act(client, bob_token, replacement["id"], "cancel").json()["status"] == "cancelled"

    listed = client.get(f"/api/v1/customers/{customer.pk}/promises", **bearer(bob_token))
    assert sorted(p["status"] for p in listed.json()) == [
        "broken",
        "cancelled",
        "kept",
        "renegotiated",
    ]
    record = client.get(f"/api/v1/customers/{customer.pk}/promise-record", **bearer(bob_token))
    assert record.json()["company"] == {"kept": 1, "broken": 0, "open": 0, "rate": 1.0}
    assert record.json()["customer"] == {"kept": 0, "broken": 1, "open": 0, "rate": 0.0}
    actions = set(AuditEvent.objects.filter(object_type="promise").values_list("action", flat=True))
    assert {"promise.make", "promise.kept", "promise.broken", "promise.renegotiate"} <= actions


@pytest.mark.django_db
def test_resolving_a_closed_promise_is_a_409_that_changes_nothing(client, customer, bob_token):
    promise = make(client, bob_token, customer.pk).json()
    act(client, bob_token, promise["id"], "keep")
    again = act(client, bob_token, promise["id"], "break")
    assert again.status_code == 409
    assert again.json() == {
        "detail": [
            {
                "type": "conflict",
                "loc": [],
                "msg": f"promise {promise['id']}: is already kept, not open",
            }
        ]
    }
    assert Promise.objects.get(pk=promise["id"]).status == "kept"


@pytest.mark.django_db
def test_bad_input_names_the_field(client, customer, bob_token):
    past = (timezone.now() - timedelta(days=1)).isoformat()
    response = make(client, bob_token, customer.pk, due_at=past)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "due_at"
    assert "before the promise was made" in response.json()["detail"][0]["msg"]
    wrong_kind = make(client, bob_token, customer.pk, kind="bribe")
    assert wrong_kind.status_code == 422
    assert Promise.objects.count() == 0


@pytest.mark.django_db
def test_unknown_customer_or_promise_is_404_and_nothing_changes(client, customer, bob_token):
    assert make(client, bob_token, 999_999).status_code == 404
    assert act(client, bob_token, 999_999, "keep").status_code == 404
    assert Promise.objects.count() == 0


@pytest.mark.django_db
def test_a_staff_member_who_left_cannot_act(client, customer, bob_token, carol):
    promise = make(client, bob_token, customer.pk).json()
    carol_token = issue_api_token(staff=carol, name="tests").plaintext
    carol.is_active = False
    carol.left_at = timezone.now()
    carol.save()
    response = act(client, carol_token, promise["id"], "break")
    assert response.status_code in (401, 404)
    assert Promise.objects.get(pk=promise["id"]).status == "open"


@pytest.mark.django_db
def test_without_credentials_the_ledger_answers_401(client, customer):
    assert client.get(f"/api/v1/customers/{customer.pk}/promises").status_code == 401


@pytest.mark.django_db
def test_kept_rates_per_staff_and_team(client, bob, carol, customer, bob_token):
    for action in ("keep", "keep", "break"):
        promise = make(client, bob_token, customer.pk).json()
        act(client, bob_token, promise["id"], action)
    carol_promise = make(client, bob_token, customer.pk, staff_id=carol.pk).json()
    act(client, bob_token, carol_promise["id"], "break")
    by_staff = client.get("/api/v1/promise-record?by=staff", **bearer(bob_token)).json()
    rates = {row["group"]: (row["kept"], row["broken"]) for row in by_staff}
    assert rates == {str(bob.pk): (2, 1), str(carol.pk): (0, 1)}
    by_team = client.get("/api/v1/promise-record?by=team", **bearer(bob_token)).json()
    assert {row["group"]: row["kept"] for row in by_team} == {"success": 2, "support": 0}
