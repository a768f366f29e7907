"""Insight through the API: a customer's scores with explanation and history, segment
lists with filters, the book summary, alerts; outsiders get 404 and change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accord.members.services import issue_api_token
from accord.scoring.models import Alert, CustomerScore
from tests.scoring.factories import (
    add_contract,
    add_mention,
    add_orders,
    add_survey,
    make_customer,
)

AS_OF = datetime(2026, 11, 1, tzinfo=UTC)


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def book(bob, carol):
    """Four customers: a loyalist, a hostage (bob's), an apostle and a defector (carol's)."""
    people = {}
    for name, owner, nps, csat, sentiment in (
        ("Lena Loyal", bob, 8, 5, 0.5),
        ("Hugo Held", bob, 2, 1, -0.6),
        ("Ada Apostle", carol, 10, 5, 0.9),
        ("Dan Defector", carol, 1, 1, -0.7),
    ):
        customer = make_customer(owner, name, AS_OF)
        people[name.split()[1].lower()] = customer
        recent = 20 if name != "Dan Defector" else 200
        add_orders(customer.pk, AS_OF, [700, 400, recent])
        add_survey(customer.pk, AS_OF - timedelta(days=10), nps, csat, sentiment)
    add_contract(people["held"].pk, AS_OF, months_left=20, fee=350)
    add_mention(people["apostle"].pk, AS_OF - timedelta(days=4), 0.8, "p1")
    call_command("score", "--as-of", AS_OF.isoformat(), "--quiet")
    return people


@pytest.fixture
def bob_token(bob) -> str:
    return issue_api_token(staff=bob, name="tests").plaintext


@pytest.mark.django_db
def test_customer_insight_has_scores_explanation_barriers_and_history(
    client: Client, book, bob_token
):
    hugo = book["held"]
    response = client.get(f"/api/v1/customers/{hugo.pk}/insight", **bearer(bob_token))
    assert response.status_code == 200
    body = response.json()
    assert body["segment"] == "hostage" and body["is_hostage"] is True
    assert [b["kind"] for b in body["barriers"]] == ["contract", "exit_fee"]
    assert body["barriers"][1] == {"kind": "exit_fee", "amount": 350.0, "text": "exit fee 350 EUR"}
    assert body["equity_at_risk"] == body["clv"] > 0
    assert "exit fee 350 EUR holds them" in [d["text"] for d in body["drivers"]]
    assert body["segment_reason"].startswith("unhappy (NPS 2) but held by")
    assert {c["name"] for c in body["components"]} >= {"honesty", "power_balance"}
    assert 0 <= body["health"] <= 100
    assert [point["taken_on_date"] for point in body["history"]] == ["2026-11-01"]


@pytest.mark.django_db
def test_segment_lists_filter_by_segment_hostage_and_owner(client, book, alice, bob, bob_token):
    manager_token = issue_api_token(staff=alice, name="tests").plaintext

    def names(query: str, token: str = manager_token) -> list[str]:
        response = client.get(f"/api/v1/insight/customers?{query}", **bearer(token))
        assert response.status_code == 200
        return [row["name"] for row in response.json()["items"]]

    assert names("hostage=true") == ["Hugo Held"]
    assert names("segment=apostle") == ["Ada Apostle"]
    assert names("segment=defector") == ["Dan Defector"]
    assert sorted(names(f"owner={bob.pk}")) == ["Hugo Held", "Lena Loyal"]
    assert names(f"segment=apostle&owner={bob.pk}") == []
    # A member's insight book is their own, whatever owner they ask for (as on /insight/).
    assert sorted(names("owner=me", bob_token)) == ["Hugo Held", "Lena Loyal"]
    assert sorted(names("", bob_token)) == ["Hugo Held", "Lena Loyal"]
    assert names("segment=apostle", bob_token) == []
    bad = client.get("/api/v1/insight/customers?segment=saint", **bearer(bob_token))
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "segment"]
    summary = client.get("/api/v1/insight/summary", **bearer(bob_token)).json()
    assert summary["segments"] == {"loyalist": 1, "hostage": 1, "apostle": 1, "defector": 1}
    assert sum(summary["health_histogram"]) == 4
    assert sum(map(sum, summary["loyalty_matrix"])) == 4


@pytest.mark.django_db
def test_unknown_or_unscored_customer_is_404(client, book, bob, bob_token):
    assert client.get("/api/v1/customers/999999/insight", **bearer(bob_token)).status_code == 404
    fresh = make_customer(bob, "Not Scored", AS_OF)
    response = client.get(f"/api/v1/customers/{fresh.pk}/insight", **bearer(bob_token))
    assert response.status_code == 404


@pytest.mark.django_db
def test_alerts_list_mine_and_resolve_and_outsiders_change_nothing(
    client, book, bob, carol, bob_token
):
    hugo = book["held"]
    alert = Alert.objects.create(
        customer=hugo,
        owner=bob,
        kind="became_hostage",
        message="Unhappy but held",
        created_at=timezone.now(),
    )
    Alert.objects.create(
        customer=book["defector"],
        owner=carol,
        kind="health_drop",
        message="x",
        created_at=timezone.now(),
    )
    mine = client.get("/api/v1/alerts", **bearer(bob_token)).json()
    assert [(a["customer_name"], a["kind"]) for a in mine] == [("Hugo Held", "became_hostage")]
    gone = client.post("/api/v1/alerts/999999/resolve", **bearer(bob_token))
    assert gone.status_code == 404
    carol_token = issue_api_token(staff=carol, name="t").plaintext
    carol.is_active = False
    carol.left_at = timezone.now()
    carol.save()
    refused = client.post(f"/api/v1/alerts/{alert.pk}/resolve", **bearer(carol_token))
    assert refused.status_code in (401, 404)
    alert.refresh_from_db()
    assert alert.resolved_at is None
    done = client.post(f"/api/v1/alerts/{alert.pk}/resolve", **bearer(bob_token))
    assert done.status_code == 200 and done.json()["resolved_at"]
    assert client.get("/api/v1/alerts", **bearer(bob_token)).json() == []


@pytest.mark.django_db
def test_rescoring_after_the_contract_ends_raises_a_became_hostage_alert_only_once(
    client, book, bob
):
    lena = book["loyal"]
    add_survey(lena.pk, AS_OF - timedelta(days=1), nps=1, csat=1, sentiment=-0.8)
    add_contract(lena.pk, AS_OF, months_left=24, fee=0)
    call_command("score", "--as-of", AS_OF.isoformat(), "--keep-clv-model", "--quiet")
    call_command("score", "--as-of", AS_OF.isoformat(), "--keep-clv-model", "--quiet")
    assert CustomerScore.objects.get(customer=lena).segment == "hostage"
    kinds = list(Alert.objects.filter(customer=lena).values_list("kind", "owner_id"))
    assert ("became_hostage", bob.pk) in kinds
    assert kinds.count(("became_hostage", bob.pk)) == 1
