"""End to end through HTTP: a customer reports a problem in the portal, staff attribute it
to the network partner, the partner acknowledges and resolves it through its API, the
customer sees who was responsible and what each company did, and the customer's health
reflects it (a partner's incident handled well costs us nothing; one of ours does)."""

from __future__ import annotations

from django.test import Client

from accord.incidents.models import Incident
from accord.scoring.models import CustomerScore
from tests.api.conftest import token_for
from tests.incidents.conftest import Partners, api
from tests.portal.conftest import sign_in


def scores(customer) -> CustomerScore:
    return CustomerScore.objects.get(customer=customer)


def test_complaint_to_partner_resolution_seen_by_customer_and_health(
    partners: Partners, alice, django_capture_on_commit_callbacks
) -> None:
    staff = token_for(alice)
    portal = sign_in(Client(), "ada@example.com")
    client = Client()
    ada = partners.ada
    with django_capture_on_commit_callbacks(execute=True):
        # Any write rescores: a note first gives the baseline health.
        answer = api(
            client,
            "post",
            "/interactions",
            staff,
            {
                "customer_id": ada.pk,
                "channel": "call",
                "direction": "inbound",
                "kind": "support",
            },
        )
        assert answer.status_code == 201, answer.content
    before = scores(ada)

    with django_capture_on_commit_callbacks(execute=True):
        answer = portal.post(
            "/portal/problems/",
            {"title": "No signal at home since Monday", "step": "network", "description": "x"},
        )
    assert answer.status_code == 302, answer.content
    listed = api(client, "get", "/incidents", staff).json()["items"]
    assert len(listed) == 1
    incident = listed[0]
    assert incident["source"] == "portal" and incident["customer_ids"] == [ada.pk]
    assert incident["journey_steps"] == ["network"]

    with django_capture_on_commit_callbacks(execute=True):
        attributed = api(
            client,
            "post",
            f"/incidents/{incident['id']}/attribute",
            staff,
            {
                "vendor": "partner",
                "partner_id": partners.net.pk,
                "confidence": 90,
                "evidence": "NetCo status page: cell outage in her area",
            },
        )
    assert attributed.status_code == 200, attributed.content
    path = f"/partner/incidents/{incident['id']}"
    with django_capture_on_commit_callbacks(execute=True):
        acked = api(client, "post", f"{path}/acknowledge", partners.net_token, {"note": "on it"})
        assert acked.status_code == 200, acked.content
        resolved = api(
            client, "post", f"{path}/resolve", partners.net_token, {"note": "cell 17 replaced"}
        )
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    stored = Incident.objects.get(pk=incident["id"])
    assert stored.status == "resolved" and stored.vendor == "partner"

    page = portal.get("/portal/problems/").content.decode()
    assert '<span class="incident-responsible">NetCo</span>' in page
    assert '<span class="incident-status">Resolved</span>' in page
    assert '<th scope="row">NetCo</th><td>Responsible</td><td>resolved</td>' in page
    assert "cell 17 replaced" in page and "on it" in page
    assert "status page" not in page  # evidence stays with staff and the partner

    after_partner = scores(ada)
    # Caused by a partner and handled well: nothing against us.
    assert after_partner.honesty == before.honesty
    assert after_partner.fair_value_customer == before.fair_value_customer
    assert after_partner.health == before.health

    with django_capture_on_commit_callbacks(execute=True):
        ours = api(
            client,
            "post",
            "/incidents",
            staff,
            {
                "title": "Billing double-charged",
                "customer_ids": [ada.pk],
                "source": "staff",
            },
        ).json()
        api(
            client,
            "post",
            f"/incidents/{ours['id']}/attribute",
            staff,
            {
                "vendor": "us",
                "confidence": 100,
                "evidence": "billing run 2 bug",
            },
        )
    after_ours = scores(ada)
    # Caused by us and still open: 8 points for the incident and 8 for it being open.
    assert after_ours.honesty == before.honesty - 16
    assert after_ours.fair_value_customer == max(before.fair_value_customer - 12, 0)
    assert after_ours.health < before.health
    explanation = after_ours.explanation["drivers"]
    assert {"text": "1 incidents caused by us", "effect": "hurts"} in explanation
