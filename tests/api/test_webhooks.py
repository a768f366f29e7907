"""Webhooks through the REST API: managers register, list, deactivate endpoints, list
deliveries and re-send failures; the secret is shown once; members get 404 and change
nothing; bad URLs get a 422 naming the field."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.webhooks.delivery import deliver_due
from accord.webhooks.models import WebhookDelivery, WebhookEndpoint
from accord.webhooks.services import enqueue_alert_deliveries
from tests.scoring.factories import bearer
from tests.webhooks.helpers import make_alerts, make_endpoint

URL = "https://hooks.example.com/accord"


def post(client: Client, token: str, path: str, payload: dict | None = None):
    return client.post(
        f"/api/v1{path}", payload or {}, content_type="application/json", **bearer(token)
    )


def get(client: Client, token: str, path: str):
    return client.get(f"/api/v1{path}", **bearer(token))


@pytest.mark.django_db
def test_manager_creates_an_endpoint_and_sees_the_secret_only_once(
    client: Client, alice, alice_token
):
    created = post(
        client,
        alice_token,
        "/webhooks",
        {"url": f"  {URL}  ", "event_kinds": ["promise_broken", "health_drop", "health_drop"]},
    )

    assert created.status_code == 201
    body = created.json()
    secret = body.pop("secret")
    assert secret.startswith("whsec_") and len(secret) > 40
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret == secret
    assert body == {
        "id": endpoint.pk,
        "url": URL,
        "description": "",
        "event_kinds": ["promise_broken", "health_drop"],
        "is_active": True,
        "created_by_id": alice.pk,
        "created_at": body["created_at"],
        "deactivated_at": None,
    }
    later = [
        get(client, alice_token, "/webhooks"),
        get(client, alice_token, f"/webhooks/{endpoint.pk}"),
        get(client, alice_token, f"/webhooks/{endpoint.pk}/deliveries"),
        post(client, alice_token, f"/webhooks/{endpoint.pk}/deactivate"),
    ]
    assert [response.status_code for response in later] == [200, 200, 200, 200]
    assert all(secret not in response.content.decode() for response in later)
    assert all("secret" not in response.content.decode() for response in later)
    assert AuditEvent.objects.filter(action="webhook.create", actor=alice).count() == 1


@pytest.mark.django_db
def test_event_kinds_default_to_every_alert_kind(client: Client, alice_token):
    response = post(client, alice_token, "/webhooks", {"url": URL})
    assert response.status_code == 201
    assert response.json()["event_kinds"] == [
        "health_drop",
        "became_hostage",
        "promise_broken",
        "exit_intent",
        "escalation",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"url": "ftp://hooks.example.com/x"}, "url", "must start with http:// or https://"),
        ({"url": "hooks.example.com/accord"}, "url", "must start with http:// or https://"),
        ({"url": "javascript:alert(1)"}, "url", "must start with http:// or https://"),
        ({"url": "https://"}, "url", "must name a host"),
        ({"url": "http:///path"}, "url", "must name a host"),
        ({"url": "https://me:pw@hooks.example.com/"}, "url", "must not carry credentials"),
        ({"url": "https://hooks.example.com:99999/"}, "url", "not a valid URL"),
        ({"url": "https://x/" + "a" * 2000}, "url", "at most 2000 characters"),
        ({"url": URL, "event_kinds": ["gossip"]}, "event_kinds", "Input should be"),
        ({"url": URL, "event_kinds": []}, "event_kinds", "at least 1 item"),
        ({"event_kinds": ["health_drop"]}, "url", "Field required"),
    ],
)
def test_bad_input_gets_422_naming_the_field_and_creates_nothing(
    client: Client, alice_token, payload, field, message
):
    response = post(client, alice_token, "/webhooks", payload)

    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [error["loc"][:3] for error in errors] == [["body", "payload", field]]
    assert message in errors[0]["msg"]
    assert not WebhookEndpoint.objects.exists()


@pytest.fixture
def failed_delivery(alice, bob) -> WebhookDelivery:
    """One delivery that gave up (its endpoint refused six times), one still pending."""
    endpoint = make_endpoint(URL, ["health_drop", "promise_broken"], alice).endpoint
    enqueue_alert_deliveries(make_alerts(bob, ["health_drop", "promise_broken"], timezone.now()))
    failed, _pending = WebhookDelivery.objects.filter(endpoint=endpoint).order_by("id")
    WebhookDelivery.objects.filter(pk=failed.pk).update(
        status="failed",
        attempts=6,
        next_attempt_at=None,
        last_status_code=503,
        last_error="HTTP 503: boom",
    )
    failed.refresh_from_db()
    return failed


@pytest.mark.django_db
def test_members_get_404_everywhere_and_change_nothing(client: Client, bob_token, failed_delivery):
    endpoint = failed_delivery.endpoint
    before = list(WebhookDelivery.objects.order_by("id").values())
    answers = [
        get(client, bob_token, "/webhooks"),
        post(client, bob_token, "/webhooks", {"url": URL + "/mine"}),
        get(client, bob_token, f"/webhooks/{endpoint.pk}"),
        post(client, bob_token, f"/webhooks/{endpoint.pk}/deactivate"),
        get(client, bob_token, f"/webhooks/{endpoint.pk}/deliveries"),
        post(client, bob_token, f"/webhooks/{endpoint.pk}/deliveries/{failed_delivery.pk}/resend"),
    ]

    assert [response.status_code for response in answers] == [404] * 6
    assert all(failed_delivery.endpoint.secret not in r.content.decode() for r in answers)
    assert list(WebhookEndpoint.objects.values_list("url", "is_active")) == [(URL, True)]
    assert list(WebhookDelivery.objects.order_by("id").values()) == before
    assert (
        not AuditEvent.objects.filter(action__startswith="webhook.")
        .exclude(action="webhook.create")
        .exists()
    )


@pytest.mark.django_db
def test_anonymous_callers_get_401(client: Client, failed_delivery):
    assert client.get("/api/v1/webhooks").status_code == 401
    assert client.post("/api/v1/webhooks", {"url": URL}, "application/json").status_code == 401


@pytest.mark.django_db
def test_deliveries_list_newest_first_filters_by_status_in_constant_queries(
    client: Client, alice, bob, alice_token, failed_delivery
):
    endpoint = failed_delivery.endpoint
    path = f"/webhooks/{endpoint.pk}/deliveries"

    page = get(client, alice_token, path).json()
    failed = get(client, alice_token, path + "?status=failed").json()
    enqueue_alert_deliveries(make_alerts(bob, ["health_drop"] * 5, timezone.now()))
    with CaptureQueriesContext(connection) as few:
        get(client, alice_token, path + "?limit=1")
    with CaptureQueriesContext(connection) as many:
        longer = get(client, alice_token, path).json()

    assert page["count"] == 2
    assert [item["event"] for item in page["items"]] == [
        "alert.promise_broken",
        "alert.health_drop",
    ]
    assert failed["count"] == 1
    [item] = failed["items"]
    assert {key: item[key] for key in ("id", "status", "attempts", "last_status_code")} == {
        "id": failed_delivery.pk,
        "status": "failed",
        "attempts": 6,
        "last_status_code": 503,
    }
    assert item["last_error"] == "HTTP 503: boom"
    assert item["payload"]["alert"]["kind"] == "health_drop"
    assert longer["count"] == 7 and len(longer["items"]) == 7
    assert len(many) == len(few)
    bad = get(client, alice_token, path + "?status=lost")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "status"]


@pytest.mark.django_db
def test_resend_queues_a_failed_delivery_which_then_arrives(
    client: Client, alice, alice_token, failed_delivery, receiver
):
    endpoint = failed_delivery.endpoint
    endpoint.url = receiver.url
    endpoint.save(update_fields=["url"])
    path = f"/webhooks/{endpoint.pk}/deliveries/{failed_delivery.pk}/resend"

    response = post(client, alice_token, path)

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], body["attempts"]) == (failed_delivery.pk, "pending", 0)
    assert post(client, alice_token, path).status_code == 409  # pending now, not failed
    assert deliver_due(now=timezone.now()).delivered == 2  # the re-sent one and the pending one
    failed_delivery.refresh_from_db()
    assert (failed_delivery.status, failed_delivery.attempts) == ("delivered", 1)
    again = post(client, alice_token, path)
    assert again.status_code == 409
    assert again.json() == {
        "detail": [
            {
                "type": "conflict",
                "loc": [],
                "msg": f"delivery {failed_delivery.pk} is delivered; only failed ones",
            }
        ]
    }
    assert AuditEvent.objects.filter(action="webhook.resend", actor=alice).count() == 1


@pytest.mark.django_db
def test_resend_of_another_endpoints_delivery_or_an_unknown_one_is_404(
    client: Client, alice, alice_token, failed_delivery
):
    other = make_endpoint(URL + "/other", ["health_drop"], alice).endpoint
    wrong = post(
        client, alice_token, f"/webhooks/{other.pk}/deliveries/{failed_delivery.pk}/resend"
    )
    unknown = post(client, alice_token, f"/webhooks/{other.pk}/deliveries/999999/resend")
    missing = get(client, alice_token, "/webhooks/999999/deliveries")

    assert [wrong.status_code, unknown.status_code, missing.status_code] == [404, 404, 404]
    failed_delivery.refresh_from_db()
    assert failed_delivery.status == "failed"


@pytest.mark.django_db
def test_deactivating_fails_pending_deliveries_and_refuses_resends(
    client: Client, alice, alice_token, failed_delivery
):
    endpoint = failed_delivery.endpoint

    first = post(client, alice_token, f"/webhooks/{endpoint.pk}/deactivate")
    second = post(client, alice_token, f"/webhooks/{endpoint.pk}/deactivate")

    assert first.status_code == second.status_code == 200
    assert first.json()["is_active"] is False
    assert first.json()["deactivated_at"] == second.json()["deactivated_at"] is not None
    assert list(WebhookDelivery.objects.order_by("id").values_list("status", "last_error")) == [
        ("failed", "HTTP 503: boom"),
        ("failed", "endpoint deactivated"),
    ]
    resend = post(
        client, alice_token, f"/webhooks/{endpoint.pk}/deliveries/{failed_delivery.pk}/resend"
    )
    assert resend.status_code == 409
    assert resend.json() == {
        "detail": [{"type": "conflict", "loc": [], "msg": f"endpoint {endpoint.pk} is deactivated"}]
    }
    assert deliver_due(now=timezone.now()).claimed == 0
    assert AuditEvent.objects.filter(action="webhook.deactivate").count() == 1
    listed = get(client, alice_token, "/webhooks").json()
    assert [(e["id"], e["is_active"]) for e in listed] == [(endpoint.pk, False)]
