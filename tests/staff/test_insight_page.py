"""The staff insight book (/insight/) and the customer 360's insight partial."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from accord.scoring.queries import get_customer_insight, list_alerts_for_owner
from tests.scoring.factories import add_contract, add_mention, add_orders, add_survey, make_customer

AS_OF = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def scored_book(bob, carol):
    hugo = make_customer(bob, "Hugo Held", AS_OF)
    ada = make_customer(carol, "Ada Apostle", AS_OF)
    for customer, nps, csat, sentiment in ((hugo, 2, 1, -0.6), (ada, 10, 5, 0.9)):
        add_orders(customer.pk, AS_OF, [600, 300, 15])
        add_survey(customer.pk, AS_OF - timedelta(days=9), nps, csat, sentiment)
    add_contract(hugo.pk, AS_OF, months_left=20, fee=350)
    add_mention(ada.pk, AS_OF - timedelta(days=3), 0.9, "p9")
    call_command("score", "--as-of", AS_OF.isoformat(), "--quiet")
    return {"hugo": hugo, "ada": ada}


@pytest.mark.django_db
def test_book_lists_hostages_with_barriers_apostles_and_draws_charts(
    client, alice, bob, scored_book
):
    client.force_login(alice)
    page = client.get("/insight/").content.decode()
    assert "Hugo Held" in page and "exit fee 350 EUR" in page and "20 months left" in page
    assert 'id="hostage-count">1<' in page
    assert "Ada Apostle" in page
    assert page.count("<svg") == 2 and "Health distribution" in page and "Loyalty matrix" in page
    mine = client.get(f"/insight/?owner={bob.pk}").content.decode()
    assert "Hugo Held" in mine and "Ada Apostle" not in mine
    by_segment = client.get("/insight/?segment=apostle").content.decode()
    assert "in segment “Satisfied and recommends us”" in by_segment


@pytest.mark.django_db
def test_a_member_reads_their_own_book_whatever_the_link_says(client, bob, carol, scored_book):
    client.force_login(bob)
    page = client.get(f"/insight/?owner={carol.pk}").content.decode()
    assert "Hugo Held" in page and "Ada Apostle" not in page
    assert 'id="hostage-count">1<' in page and "1 customer scored" in page


@pytest.mark.django_db
def test_book_needs_a_login(client, scored_book):
    response = client.get("/insight/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_partial_renders_scores_why_barriers_and_sparkline(scored_book):
    insight = get_customer_insight(scored_book["hugo"].pk)
    html = render_to_string("staff/partials/insight.html", {"insight": insight})
    assert "Unhappy, held by barriers" in html and "Exit fee 350 EUR holds them" in html
    assert "Lifetime value held only by barriers" in html and "no history yet" in html
    insight["history"] = insight["history"] * 2
    assert '<svg class="sparkline"' in render_to_string(
        "staff/partials/insight.html", {"insight": insight}
    )
    assert "Not scored yet" in render_to_string("staff/partials/insight.html", {"insight": None})


@pytest.mark.django_db
def test_alerts_for_owner_come_from_rescoring(bob, scored_book):
    hugo = scored_book["hugo"]
    add_survey(hugo.pk, AS_OF - timedelta(days=1), 0, 1, -0.9)
    add_contract(hugo.pk, AS_OF, months_left=30, fee=500)
    call_command("score", "--as-of", AS_OF.isoformat(), "--keep-clv-model", "--quiet")
    assert list_alerts_for_owner(bob).count() == 0  # still a hostage: nothing new
