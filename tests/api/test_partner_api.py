"""The partner API through HTTP: a partner sees only incidents shared with it, only the
customers who consent to sharing with it and only the fields shared with it; everything
else is 404, and bad tokens are 401."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from accord.incidents.models import Incident, IncidentEvent, IncidentShare
from accord.incidents.services import Actor, attribute_incident, open_incident
from accord.partners.models import PartnerToken
from accord.partners.services import issue_partner_token, revoke_partner_token
from tests.incidents.conftest import Partners, api
from tests.portal.conftest import sign_in


def opened(partners: Partners, customers: list, vendor_partner) -> Incident:
    incident = open_incident(
        {"title": "No signal", "customer_ids": [c.pk for c in customers]},
        actor=Actor(label="test"),
    )
    return attribute_incident(
        incident,
        {"vendor": "partner", "partner_id": vendor_partner.pk, "confidence": 80},
        actor=Actor(label="test"),
    )


def test_partner_sees_its_incident_with_only_consenting_customers_and_shared_fields(
    partners: Partners, client: Client
) -> None:
    incident = opened(partners, [partners.ada, partners.ben], partners.net)
    answer = api(client, "get", f"/partner/incidents/{incident.pk}", partners.net_token)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["attributed_to"] == "you" and body["confidence"] == 80
    # ben never consented: he is not in the partner's view at all.
    assert body["customers"] == [
        {
            "customer_id": partners.ada.pk,
            "reference": "NET-ADA",
            "fields": {"name": "Ada Lovelace", "city": "London"},
        }
    ]
    assert "ada@example.com" not in answer.content.decode()
    listed = api(client, "get", "/partner/incidents", partners.net_token).json()["items"]
    assert [row["id"] for row in listed] == [incident.pk]
    base = f"/partner/incidents/{incident.pk}/customers"
    city = api(client, "get", f"{base}/{partners.ada.pk}/city", partners.net_token)
    assert city.status_code == 200 and city.json()["value"] == "London"
    for field in ("email", "phone", "country", "password", "erased_at"):
        assert (
            api(client, "get", f"{base}/{partners.ada.pk}/{field}", partners.net_token).status_code
            == 404
        )
    assert api(client, "get", f"{base}/{partners.ben.pk}", partners.net_token).status_code == 404
    assert (
        api(client, "get", f"{base}/{partners.ben.pk}/name", partners.net_token).status_code == 404
    )


def test_partner_cannot_see_another_partners_incident(partners: Partners, client: Client) -> None:
    theirs = opened(partners, [partners.cyd], partners.dev)
    assert (
        api(client, "get", f"/partner/incidents/{theirs.pk}", partners.net_token).status_code == 404
    )
    assert api(client, "get", "/partner/incidents", partners.net_token).json()["items"] == []
    before = IncidentEvent.objects.count()
    for action in ("acknowledge", "resolve", "comment"):
        answer = api(
            client,
            "post",
            f"/partner/incidents/{theirs.pk}/{action}",
            partners.net_token,
            {"note": "not ours"},
        )
        assert answer.status_code == 404, action
    assert IncidentEvent.objects.count() == before
    theirs.refresh_from_db()
    assert theirs.status == "open" and theirs.acknowledged_at is None
    assert (
        api(client, "get", f"/partner/incidents/{theirs.pk}", partners.dev_token).status_code == 200
    )


def test_incident_of_a_customer_who_did_not_consent_is_404(
    partners: Partners, client: Client
) -> None:
    incident = opened(partners, [partners.ben], partners.net)
    assert IncidentShare.objects.filter(incident=incident, partner=partners.net).exists()
    assert (
        api(client, "get", f"/partner/incidents/{incident.pk}", partners.net_token).status_code
        == 404
    )
    assert api(client, "get", "/partner/incidents", partners.net_token).json()["items"] == []
    answer = api(client, "post", f"/partner/incidents/{incident.pk}/resolve", partners.net_token)
    assert answer.status_code == 404
    incident.refresh_from_db()
    assert incident.status == "open"


def test_revoked_and_expired_tokens_get_401(partners: Partners, client: Client, alice) -> None:
    incident = opened(partners, [partners.ada], partners.net)
    path = f"/partner/incidents/{incident.pk}"
    issued = issue_partner_token(partner=partners.net, name="short", by=alice)
    assert api(client, "get", path, issued.plaintext).status_code == 200
    revoke_partner_token(issued.token, by=alice)
    answer = api(client, "get", path, issued.plaintext)
    assert answer.status_code == 401
    assert answer.json()["detail"][0]["type"] == "unauthorized"
    expiring = issue_partner_token(partner=partners.net, name="old", by=alice)
    PartnerToken.objects.filter(pk=expiring.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert api(client, "get", path, expiring.plaintext).status_code == 401
    assert api(client, "post", f"{path}/acknowledge", expiring.plaintext).status_code == 401
    incident.refresh_from_db()
    assert incident.acknowledged_at is None
    # A staff token is not a partner token, and a partner token is not a staff token.
    assert api(client, "get", path, "ptk_00000000.nonsense").status_code == 401
    assert api(client, "get", "/customers", partners.net_token).status_code == 401


def test_read_token_cannot_change_anything(partners: Partners, client: Client, alice) -> None:
    incident = opened(partners, [partners.ada], partners.net)
    reader = issue_partner_token(partner=partners.net, name="dash", scope="read", by=alice)
    answer = api(client, "post", f"/partner/incidents/{incident.pk}/acknowledge", reader.plaintext)
    assert answer.status_code == 403
    incident.refresh_from_db()
    assert incident.acknowledged_at is None


def test_consent_withdrawn_in_the_portal_cuts_access_on_the_next_request(
    partners: Partners, client: Client
) -> None:
    incident = opened(partners, [partners.ada, partners.cyd], partners.net)
    path = f"/partner/incidents/{incident.pk}"
    assert api(client, "get", path, partners.net_token).status_code == 200
    portal = sign_in(Client(), "ada@example.com")
    answer = portal.post(
        "/portal/consents/",
        {"purpose": "partner_sharing", "partner": partners.net.pk, "decision": "withdraw"},
    )
    assert answer.status_code == 302, answer.content
    assert api(client, "get", path, partners.net_token).status_code == 404
    assert (
        api(client, "get", f"{path}/customers/{partners.ada.pk}", partners.net_token).status_code
        == 404
    )
    assert api(client, "get", "/partner/incidents", partners.net_token).json()["items"] == []


def test_withdrawal_removes_only_that_customer(partners: Partners, client: Client) -> None:
    from tests.incidents.conftest import share

    share(partners.ben, partners.net, "NET-BEN")
    incident = opened(partners, [partners.ada, partners.ben], partners.net)
    path = f"/partner/incidents/{incident.pk}"
    ids = [
        c["customer_id"] for c in api(client, "get", path, partners.net_token).json()["customers"]
    ]
    assert ids == sorted([partners.ada.pk, partners.ben.pk])
    portal = sign_in(Client(), "ben@example.com")
    portal.post(
        "/portal/consents/",
        {"purpose": "partner_sharing", "partner": partners.net.pk, "decision": "withdraw"},
    )
    body = api(client, "get", path, partners.net_token).json()
    assert [c["customer_id"] for c in body["customers"]] == [partners.ada.pk]
    assert (
        api(client, "get", f"{path}/customers/{partners.ben.pk}", partners.net_token).status_code
        == 404
    )


def test_partner_pushes_an_incident_matched_by_consented_reference(
    partners: Partners, client: Client
) -> None:
    payload = {
        "id": "OUT-7",
        "title": "Cell tower down in Camden",
        "journey_steps": ["network"],
        "references": ["NET-ADA", "NET-NOBODY"],
        "vendor": "sender",
        "confidence": 95,
        "evidence": "tower 17 alarm log",
    }
    answer = api(client, "post", "/partner/incidents", partners.net_token, payload)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["unmatched_references"] == ["NET-NOBODY"]
    assert [c["customer_id"] for c in body["customers"]] == [partners.ada.pk]
    incident = Incident.objects.get(pk=body["id"])
    assert incident.source == "partner" and incident.origin_partner_id == partners.net.pk
    assert incident.vendor == "partner" and incident.attributed_partner_id == partners.net.pk
    # The same id again updates (idempotent), now resolved.
    again = api(
        client, "post", "/partner/incidents", partners.net_token, {**payload, "status": "resolved"}
    )
    assert again.status_code == 200 and again.json()["id"] == incident.pk
    incident.refresh_from_db()
    assert incident.status == "resolved"
    assert Incident.objects.count() == 1


def test_push_naming_only_non_consenting_customers_is_refused(
    partners: Partners, client: Client
) -> None:
    # cyd consented to DevCo, not NetCo; ben to nobody: both look like strangers.
    payload = {"title": "Outage", "references": ["DEV-CYD", "ben@example.com"]}
    answer = api(client, "post", "/partner/incidents", partners.net_token, payload)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "payload", "references"]
    assert Incident.objects.count() == 0


def test_partner_list_costs_the_same_queries_for_one_incident_or_many(
    partners: Partners, client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            answer = api(client, "get", "/partner/incidents", partners.net_token)
        assert answer.status_code == 200
        return len(captured)

    opened(partners, [partners.ada], partners.net)
    queries()  # the first call also notes when the token was last used
    one = queries()
    for _ in range(4):
        opened(partners, [partners.ada, partners.ben], partners.net)
    assert queries() == one
    page = api(client, "get", "/partner/incidents?limit=2", partners.net_token).json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    seen = [row["id"] for row in page["items"]]
    while page["next"]:
        page = api(client, "get", page["next"], partners.net_token).json()
        seen += [row["id"] for row in page["items"]]
    assert len(seen) == len(set(seen)) == 5
