"""The customer 360 shows the insight card, and My book lists the owner's open alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from accord.promises.models import PromiseKind, Side
from accord.promises.services import break_promise, make_promise
from accord.scoring.models import Alert, CustomerScore
from tests.scoring.factories import add_contract, add_orders, add_survey, make_customer

AS_OF = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


@pytest.mark.django_db(transaction=True)
def test_360_shows_scores_and_my_book_shows_the_broken_promise_alert(client: Client, bob, settings):
    settings.ACCORD_SCORING_AS_OF = AS_OF
    customer = make_customer(bob, "Grace Hopper", AS_OF)
    add_orders(customer.pk, AS_OF, [400, 200, 30])
    add_survey(customer.pk, AS_OF - timedelta(days=10), nps=8, csat=4, sentiment=0.4)
    call_command("score", "--as-of", AS_OF.isoformat(), "--quiet")
    client.force_login(bob)

    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "Health and value" in page
    assert "health / 100" in page

    promise = make_promise(
        customer_id=customer.pk,
        made_by_side=Side.COMPANY,
        kind=PromiseKind.CALLBACK,
        description="Call back about the invoice",
        due_at=datetime.now(UTC) + timedelta(days=1),
        staff=bob,
        by=bob,
    )
    break_promise(promise.pk, by=bob)

    alert = Alert.objects.get(customer=customer, kind="promise_broken")
    book = client.get("/book/").content.decode()
    assert "A promise broke" in book
    assert alert.message in book
    assert "Grace Hopper" in book


@pytest.mark.django_db
def test_360_says_when_a_customer_is_not_scored_yet(client: Client, bob):
    customer = make_customer(bob, "Unscored", datetime.now(UTC))
    client.force_login(bob)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "Health and value" in page


@pytest.mark.django_db(transaction=True)
def test_360_names_both_parts_of_lifetime_value(client: Client, bob, settings):
    """A subscriber who also buys at will: retention (sBG) and purchases (BG/NBD)."""
    settings.ACCORD_SCORING_AS_OF = AS_OF
    customer = make_customer(bob, "Both Ways", AS_OF)
    add_orders(customer.pk, AS_OF, [400, 200, 30])
    add_contract(customer.pk, AS_OF, months_left=3, fee=0)
    call_command("score", "--as-of", AS_OF.isoformat(), "--quiet")
    client.force_login(bob)

    page = client.get(f"/customers/{customer.pk}/").content.decode()

    parts = CustomerScore.objects.get(customer=customer).explanation["lifetime_value"]
    assert [part["part"] for part in parts] == ["subscription", "purchases"]
    assert '<th scope="row">Lifetime value</th>' in page
    for part in parts:
        assert f"<li>{part['text'][0].upper()}{part['text'][1:]}</li>" in page
