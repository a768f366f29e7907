"""Orders, subscriptions, survey responses and consents over HTTP: exact amounts, idempotent
orders, PATCH semantics, state conflicts, and the wrong person gets 404 with nothing changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from accord.audit.models import AuditEvent
from accord.commerce.models import Order, Subscription
from accord.consents.models import Consent
from accord.customers.models import Customer
from accord.customers.services import create_customer
from accord.voice.models import SurveyResponse
from tests.api.conftest import call


@pytest.fixture
def acme(bob) -> Customer:
    return create_customer(name="Acme", kind="organization", email="buy@acme.test", owner=bob)


ORDER = {
    "occurred_at": "2026-03-01T10:00:00Z",
    "amount": "199.90",
    "source": "shop",
    "external_id": "o-1",
}


@pytest.mark.django_db
def test_orders_record_idempotently_and_keep_exact_amounts(client: Client, tokens, acme):
    payload = ORDER | {"customer_id": acme.pk}
    first = call(client, "post", "/orders", tokens["bob"], payload)
    again = call(client, "post", "/orders", tokens["bob"], payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == {
        "id": first.json()["id"],
        "customer_id": acme.pk,
        "occurred_at": "2026-03-01T10:00:00Z",
        "amount": "199.90",
        "list_amount": None,
        "currency": "EUR",
        "description": "",
        "source": "shop",
        "external_id": "o-1",
    }
    assert Order.objects.count() == 1
    for amount, message in [
        ("1.999", "1.999 has more than 2 decimals"),
        ("10000000000", "10000000000 is too large (below 10000000000 fits)"),
        ("-5", "must not be negative"),
    ]:
        bad = call(
            client,
            "post",
            "/orders",
            tokens["bob"],
            payload | {"amount": amount, "external_id": "o-2"},
        )
        assert bad.status_code == 422
        assert bad.json()["detail"] == [
            {"type": "value_error", "loc": ["body", "payload", "amount"], "msg": message}
        ]
    patched = call(
        client, "patch", f"/orders/{first.json()['id']}", tokens["bob"], {"description": "Router"}
    )
    assert (patched.json()["description"], patched.json()["amount"]) == ("Router", "199.90")
    assert Order.objects.get().amount == Decimal("199.90")


@pytest.mark.django_db
def test_order_list_filters_and_sorts_by_amount(client: Client, tokens, acme):
    for number, amount in enumerate(["30", "10", "20"]):
        call(
            client,
            "post",
            "/orders",
            tokens["bob"],
            ORDER | {"customer_id": acme.pk, "amount": amount, "external_id": f"o-{number}"},
        )
    page = call(
        client,
        "get",
        "/orders",
        tokens["carol"],
        {"customer_id": acme.pk, "sort": "-amount", "limit": 2},
    ).json()
    rest = call(client, "get", page["next"], tokens["carol"]).json()
    assert [o["amount"] for o in page["items"] + rest["items"]] == ["30.00", "20.00", "10.00"]
    assert rest["next"] is None


@pytest.mark.django_db
def test_commerce_writes_by_the_wrong_person_are_404_and_change_nothing(
    client: Client, tokens, acme, bob
):
    order = call(client, "post", "/orders", tokens["bob"], ORDER | {"customer_id": acme.pk}).json()
    before = AuditEvent.objects.count()
    responses = [
        call(
            client,
            "post",
            "/orders",
            tokens["carol"],
            ORDER | {"customer_id": acme.pk, "external_id": "o-9"},
        ),
        call(client, "patch", f"/orders/{order['id']}", tokens["carol"], {"amount": "1"}),
        call(
            client,
            "post",
            "/subscriptions",
            tokens["carol"],
            {
                "customer_id": acme.pk,
                "product": "X",
                "monthly_price": "1",
                "start_date": "2026-01-01",
                "term_end_date": "2027-01-01",
            },
        ),
        call(client, "post", "/surveys", tokens["carol"], {"customer_id": acme.pk, "nps": 10}),
        call(
            client,
            "post",
            "/consents",
            tokens["carol"],
            {"customer_id": acme.pk, "purpose": "marketing", "is_granted": True, "method": "call"},
        ),
    ]
    assert [r.status_code for r in responses] == [404] * 5
    assert (
        Order.objects.get().amount,
        Subscription.objects.count(),
        SurveyResponse.objects.count(),
        Consent.objects.count(),
    ) == (Decimal("199.90"), 0, 0, 0)
    assert AuditEvent.objects.count() == before
    assert call(client, "get", f"/orders/{order['id']}", tokens["carol"]).status_code == 200


@pytest.mark.django_db
def test_subscription_start_patch_end(client: Client, tokens, acme):
    start = {
        "customer_id": acme.pk,
        "product": "Fibre 1G",
        "monthly_price": "39.00",
        "start_date": "2026-01-01",
        "term_end_date": "2027-01-01",
        "early_termination_fee": "150",
    }
    created = call(client, "post", "/subscriptions", tokens["bob"], start)
    assert created.status_code == 201
    sub = created.json()
    assert (sub["list_monthly_price"], sub["early_termination_fee"], sub["status"]) == (
        "39.00",
        "150.00",
        "active",
    )
    backwards = call(
        client,
        "patch",
        f"/subscriptions/{sub['id']}",
        tokens["bob"],
        {"term_end_date": "2025-12-31"},
    )
    assert backwards.status_code == 422
    assert backwards.json()["detail"][0]["loc"] == ["body", "payload", "term_end_date"]
    patched = call(
        client,
        "patch",
        f"/subscriptions/{sub['id']}",
        tokens["bob"],
        {"auto_renew": False, "notice_period_days": 30},
    )
    assert (
        patched.json()["auto_renew"],
        patched.json()["notice_period_days"],
        patched.json()["product"],
    ) == (False, 30, "Fibre 1G")
    ended = call(
        client,
        "post",
        f"/subscriptions/{sub['id']}/end",
        tokens["bob"],
        {"ended_at": "2026-06-30T00:00:00Z", "reason": "moved"},
    )
    assert (ended.json()["status"], ended.json()["ended_at"]) == ("ended", "2026-06-30T00:00:00Z")
    twice = call(client, "post", f"/subscriptions/{sub['id']}/end", tokens["bob"], {})
    assert twice.status_code == 409
    listed = call(client, "get", "/subscriptions", tokens["carol"], {"status": "ended"}).json()
    assert [s["id"] for s in listed["items"]] == [sub["id"]]


@pytest.mark.django_db
def test_survey_responses_with_scales_and_comment_sentiment(client: Client, tokens, acme):
    out_of_scale = call(
        client, "post", "/surveys", tokens["bob"], {"customer_id": acme.pk, "ces": 8}
    )
    assert out_of_scale.json()["detail"] == [
        {"type": "value_error", "loc": ["body", "payload", "ces"], "msg": "8 is outside 1..7"}
    ]
    empty = call(client, "post", "/surveys", tokens["bob"], {"customer_id": acme.pk})
    assert empty.status_code == 422
    created = call(
        client,
        "post",
        "/surveys",
        tokens["bob"],
        {
            "customer_id": acme.pk,
            "nps": 3,
            "responded_at": "2026-02-01T08:00:00Z",
            "comment": "Awful support, I want to cancel",
        },
    )
    response = created.json()
    assert (created.status_code, response["nps"], response["csat"]) == (201, 3, None)
    assert response["comment_sentiment"] < 0
    patched = call(
        client, "patch", f"/surveys/{response['id']}", tokens["bob"], {"comment": "Great, thanks!"}
    )
    assert patched.json()["comment_sentiment"] > 0 and patched.json()["nps"] == 3
    listed = call(client, "get", "/surveys", tokens["carol"], {"customer_id": acme.pk}).json()
    assert [r["id"] for r in listed["items"]] == [response["id"]]


@pytest.mark.django_db
def test_consents_append_decisions_with_receipts(client: Client, tokens, acme, bob):
    give = {
        "customer_id": acme.pk,
        "purpose": "marketing",
        "is_granted": True,
        "method": "signed form",
    }
    granted = call(client, "post", "/consents", tokens["bob"], give)
    withdrawn = call(
        client, "post", "/consents", tokens["bob"], give | {"is_granted": False, "method": "call"}
    )
    assert (granted.status_code, withdrawn.status_code) == (201, 201)
    assert granted.json()["receipt"]["consentReceiptID"] == granted.json()["receipt_id"]
    history = call(client, "get", "/consents", tokens["carol"], {"customer_id": acme.pk}).json()[
        "items"
    ]
    assert [(c["purpose"], c["is_granted"], c["method"]) for c in history] == [
        ("marketing", False, "call"),
        ("marketing", True, "signed form"),
    ]
    sharing = call(
        client, "post", "/consents", tokens["bob"], give | {"purpose": "partner_sharing"}
    )
    assert sharing.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "payload", "partner_id"],
            "msg": "give a partner for partner_sharing and only for it",
        }
    ]
    detail = call(client, "get", f"/consents/{granted.json()['id']}", tokens["carol"]).json()
    assert detail["receipt"] == granted.json()["receipt"]
    assert (
        AuditEvent.objects.filter(action__startswith="consent.")
        .values_list("action", "actor_id")
        .count()
        == 2
    )
