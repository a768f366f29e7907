"""On the demo company: a burst of negative posts about a customer, pushed through the API,
is on the owner's worklist (My book) when the push answers: ingest escalates
synchronously, so there is nothing to wait for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from accord.customers.models import Identity
from accord.demo.generate import generate_company
from accord.members.models import StaffMember
from accord.relationships.models import Relationship
from tests.api.conftest import call, token_for


@pytest.mark.django_db(transaction=True)
def test_a_burst_about_a_demo_customer_reaches_the_owners_worklist_at_once():
    generate_company(customers=40, seed=5)
    # An apostle or terrorist of the demo: they have a social handle.
    ada = Identity.objects.filter(
        kind="social",
        customer__relationship__stage__in=("active", "renewal", "at_risk"),
        customer__relationship__owner__left_at__isnull=True,
    ).order_by("customer_id")[0]
    owner = Relationship.objects.get(customer_id=ada.customer_id).owner
    manager = StaffMember.objects.filter(role="manager", left_at__isnull=True).first()
    now = datetime.now(UTC)
    posts = [
        {
            "platform": ada.source,
            "post_id": f"burst-{i}",
            "author_handle": ada.value,
            "text": f"Day {i} without internet and still no engineer. Awful, useless service!",
            "posted_at": (now - timedelta(minutes=3 * i)).isoformat(),
            "followers": 300,
        }
        for i in range(6)
    ]
    client = Client()
    answer = call(client, "post", "/mentions", token_for(manager), {"mentions": posts})
    assert answer.status_code == 200, answer.content
    assert answer.json()["matched"] == 6 and answer.json()["escalations"] >= 1
    client.force_login(owner)
    book = client.get("/book/").content.decode()
    assert "Public complaint escalated" in book and "Burst: 6 negative posts" in book
