"""Two customers: each portal URL that names an object answers 404 for the other
customer's object, and nothing changes; pages show only the viewer's own data."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from accord.consents.models import Consent, ConsentReceipt
from accord.interactions.models import Request
from accord.portal.models import ExportJob
from accord.promises.models import Promise


def snapshot() -> tuple:
    return (
        list(Promise.objects.order_by("pk").values()),
        list(Request.objects.order_by("pk").values()),
        list(Consent.objects.order_by("pk").values()),
        list(ExportJob.objects.order_by("pk").values()),
    )


@pytest.fixture
def ben_objects(world, ben_client: Client) -> dict[str, object]:
    ben_client.post("/portal/consents/", {"purpose": "marketing", "decision": "grant"})
    ben_client.post("/portal/export/")
    return {
        "receipt": ConsentReceipt.objects.get(customer=world.ben).receipt_id,
        "export": ExportJob.objects.get(customer=world.ben).pk,
    }


def test_other_customers_objects_are_404_and_unchanged(world, ada_client, ben_objects):
    before = snapshot()
    urls = [
        f"/portal/promises/{world.ben_promise.pk}/",
        f"/portal/requests/{world.ben_request.pk}/",
        f"/portal/consents/receipts/{ben_objects['receipt']}/",
        f"/portal/exports/{ben_objects['export']}/",
        # Objects that do not exist answer exactly like other people's.
        "/portal/promises/999999/",
        "/portal/requests/999999/",
        f"/portal/consents/receipts/{uuid.uuid4()}/",
        f"/portal/exports/{uuid.uuid4()}/",
    ]
    for url in urls:
        assert ada_client.get(url).status_code == 404, url
        assert ada_client.post(url).status_code in (404, 405), url
    assert snapshot() == before
    assert ExportJob.objects.get(pk=ben_objects["export"]).downloaded_at is None


def test_own_objects_are_200(world, ada_client, ben_client, ben_objects):
    assert ada_client.get(f"/portal/promises/{world.ada_promise.pk}/").status_code == 200
    assert ada_client.get(f"/portal/requests/{world.ada_request.pk}/").status_code == 200
    response = ben_client.get(f"/portal/consents/receipts/{ben_objects['receipt']}/")
    assert response.status_code == 200
    assert ben_client.get(f"/portal/exports/{ben_objects['export']}/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/portal/",
        "/portal/timeline/",
        "/portal/requests/",
        "/portal/promises/",
        "/portal/data/",
        "/portal/consents/",
        "/portal/record-views/",
        "/portal/leave/",
    ],
)
def test_pages_show_only_the_viewers_data(world, ada_client, url):
    response = ada_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    for foreign in ("Ben Okri", "Call Ben back", "Roaming charges", "PAC-BEN-002", "Mobile"):
        assert foreign not in body, (url, foreign)


@pytest.mark.parametrize(
    "url",
    [
        "/portal/",
        "/portal/timeline/",
        "/portal/requests/",
        "/portal/promises/",
        "/portal/data/",
        "/portal/consents/",
        "/portal/record-views/",
        "/portal/leave/",
    ],
)
def test_pages_need_a_portal_session(world, url):
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"] == "/portal/sign-in/"


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/portal/requests/", {"subject": "x"}),
        ("/portal/data/rectify/", {"field": "name", "correction": "x"}),
        ("/portal/consents/", {"purpose": "marketing", "decision": "grant"}),
        ("/portal/export/", {}),
        ("/portal/erasure/", {}),
        ("/portal/leave/", {}),
    ],
)
def test_writes_without_a_session_change_nothing(world, url, data):
    before = snapshot()
    response = Client().post(url, data)
    assert response.status_code == 302 and response["Location"] == "/portal/sign-in/"
    assert snapshot() == before


def test_consent_for_another_partner_id_that_does_not_exist_is_400(world, ada_client):
    response = ada_client.post(
        "/portal/consents/", {"purpose": "partner_sharing", "partner": 999999, "decision": "grant"}
    )
    assert response.status_code == 400
    assert b"No active partner with id 999999" in response.content
    assert not Consent.objects.exists()


def test_signed_in_forms_refuse_posts_without_the_csrf_token(world, ada_client):
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = ada_client.cookies
    assert strict.get("/portal/").status_code == 200
    before = snapshot()
    for url, data in [
        ("/portal/consents/", {"purpose": "marketing", "decision": "grant"}),
        ("/portal/requests/", {"subject": "x"}),
        ("/portal/export/", {}),
        ("/portal/leave/", {}),
    ]:
        assert strict.post(url, data).status_code == 403, url
    assert snapshot() == before
