"""The demo company's subscribers are valued by retention (sBG): margin per period times
the discounted expected residual lifetime, recomputed here from the rows, added to the
BG/NBD value of their purchases, and both parts named in the explanation (via the API)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.test import Client

from accord.commerce.models import CostToServe, Order, Subscription
from accord.members.services import issue_api_token
from accord.scoring.models import ClvModel, CustomerScore
from accord.scoring.renewals import completed_periods
from accord.scoring.retention import (
    SbgParams,
    fit_sbg,
    renewal_probability,
    residual_lifetime,
)
from tests.conftest import make_staff
from tests.demo.conftest import AS_OF

pytestmark = pytest.mark.django_db
MONTHLY_DISCOUNT = 0.01  # ACCORD_CLV_MONTHLY_DISCOUNT_BP's default, 100


def margin_share(customer_id: int) -> float:
    """Revenue left after cost to serve over the last year (fair value for the company)."""
    year_ago = AS_OF.date() - timedelta(days=365)
    cost = CostToServe.objects.filter(
        customer_id=customer_id, month_date__gte=year_ago, month_date__lte=AS_OF.date()
    ).aggregate(total=Sum("amount"))["total"]
    spend = Order.objects.filter(
        customer_id=customer_id, occurred_at__date__gte=year_ago, occurred_at__lte=AS_OF
    ).aggregate(total=Sum("amount"))["total"]
    monthly = active(customer_id).aggregate(total=Sum("monthly_price"))["total"]
    if not cost:
        return 1.0
    revenue = float(spend or 0) + 12 * float(monthly or 0)
    return min(max((revenue - float(cost)) / revenue, 0.0), 1.0)


def active(customer_id: int):  # type: ignore[no-untyped-def]
    return Subscription.objects.filter(
        customer_id=customer_id, status="active", start_date__lte=AS_OF.date()
    )


def expected_subscription_value(customer_id: int, params: dict[str, float]) -> float:
    total = 0.0
    for subscription in active(customer_id):
        term = subscription.renewal_term_months
        fitted = SbgParams(params[f"retention_{term}m_alpha"], params[f"retention_{term}m_beta"])
        days = float((AS_OF.date() - subscription.start_date).days)
        renewals = completed_periods(days, float(term))
        derl = residual_lifetime(fitted, [renewals], (1 + MONTHLY_DISCOUNT) ** term - 1)[0]
        total += float(subscription.monthly_price) * term * margin_share(customer_id) * derl
    return total


def insight(client: Client, customer_id: int) -> dict:
    staff = make_staff("reader")
    token = issue_api_token(staff=staff, name="demo").plaintext
    response = client.get(
        f"/api/v1/customers/{customer_id}/insight", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    return response.json()


def test_the_book_fit_covers_both_renewal_terms(demo_book) -> None:
    model = ClvModel.objects.get()
    terms = set(Subscription.objects.values_list("renewal_term_months", flat=True))

    assert terms == {1, 12}
    for term in terms:
        alpha, beta = (
            model.params[f"retention_{term}m_alpha"],
            model.params[f"retention_{term}m_beta"],
        )
        assert alpha > 0 and beta > 0
        assert f"{term}-month terms:" in model.note
    assert "prior" not in model.note.split("retention", 1)[1]


def test_every_subscriber_gets_a_retention_based_value_with_both_parts(
    client: Client, demo_book
) -> None:
    params = ClvModel.objects.get().params
    subscribers = sorted(
        set(
            Subscription.objects.filter(status="active", start_date__lte=AS_OF.date()).values_list(
                "customer_id", flat=True
            )
        )
    )
    assert len(subscribers) > 150

    scores = CustomerScore.objects.in_bulk(subscribers)
    for customer_id in subscribers:
        parts = {part["part"]: part for part in scores[customer_id].explanation["lifetime_value"]}
        value = expected_subscription_value(customer_id, params)
        assert parts["subscription"]["eur"] == pytest.approx(value, abs=0.0051)
        assert value > 0
        # Every demo customer also buys at will: BG/NBD adds the second part.
        assert scores[customer_id].clv == pytest.approx(
            parts["subscription"]["eur"] + parts["purchases"]["eur"], abs=0.011
        )

    shown = insight(client, subscribers[0])
    first = active(subscribers[0]).get()
    term = first.renewal_term_months
    fitted = SbgParams(params[f"retention_{term}m_alpha"], params[f"retention_{term}m_beta"])
    renewals = completed_periods(float((AS_OF.date() - first.start_date).days), float(term))
    renews = renewal_probability(fitted, [renewals])[0]
    value = expected_subscription_value(subscribers[0], params)
    texts = [part["text"] for part in shown["lifetime_value"]]
    assert [part["part"] for part in shown["lifetime_value"]] == ["subscription", "purchases"]
    assert texts[0].startswith(
        f"subscription: {value:.0f} EUR over the expected remaining life (it renews at the "
        f"next renewal with {renews * 100:.0f} % probability; "
    )
    assert texts[1].startswith("buying at will: ")
    assert "over the next 12 months" in texts[1]
    assert shown["clv"] == scores[subscribers[0]].clv


def test_customers_without_an_active_subscription_are_valued_by_purchases_only(
    demo_book,
) -> None:
    lapsed = set(
        Subscription.objects.exclude(status="active").values_list("customer_id", flat=True)
    ) - set(Subscription.objects.filter(status="active").values_list("customer_id", flat=True))
    assert lapsed

    # A departed customer's explanation says only that the relationship ended.
    for score in CustomerScore.objects.filter(customer_id__in=lapsed).exclude(segment="departed"):
        parts = score.explanation["lifetime_value"]
        assert [part["part"] for part in parts] == ["purchases"]
        assert score.clv == pytest.approx(parts[0]["eur"], abs=0.006)


def test_the_demo_fit_is_what_the_book_says(demo_book) -> None:
    """The stored parameters are the fit of the book's own renewal data, recomputed here
    from the subscription rows (sBG, or its geometric limit when subscribers show no
    spread, as the note says)."""
    model = ClvModel.objects.get()
    rows = Subscription.objects.filter(
        renewal_term_months=12, start_date__lte=AS_OF.date()
    ).values_list("status", "start_date", "ended_at", "term_end_date")
    periods, churned = [], []
    for status, start, ended_at, term_end in rows:
        stop = ended_at.date() if ended_at else term_end
        left = status != "active"
        days = float(((stop if left else AS_OF.date()) - start).days)
        churned.append(left)
        periods.append(
            max(-(-(days - 3) // (12 * 365.25 / 12)), 1.0)
            if left
            else completed_periods(days, 12.0)
        )
    alpha, beta = model.params["retention_12m_alpha"], model.params["retention_12m_beta"]
    if "12-month terms: geometric" in model.note:
        departures = sum(churned)
        at_risk = sum(periods)
        assert beta / (alpha + beta) == pytest.approx(1 - departures / at_risk, rel=1e-9)
    else:
        fitted = fit_sbg(periods, churned)
        assert (alpha, beta) == pytest.approx((fitted.alpha, fitted.beta), rel=1e-6)
