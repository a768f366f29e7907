"""Small builders for scoring tests: a customer with orders, a survey, a contract, points."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from accord.commerce.models import LoyaltyBalance, Order, Subscription
from accord.customers.models import Customer
from accord.customers.services import create_customer
from accord.voice.models import SocialMention, SurveyResponse


def add_orders(
    customer_id: int,
    as_of: datetime,
    days_ago: list[int],
    amount: float = 50.0,
    list_amount: float | None = None,
) -> None:
    Order.objects.bulk_create(
        Order(
            customer_id=customer_id,
            occurred_at=as_of - timedelta(days=d),
            amount=Decimal(str(amount)),
            list_amount=Decimal(str(list_amount if list_amount is not None else amount)),
        )
        for d in days_ago
    )


def add_survey(customer_id: int, at: datetime, nps: int, csat: int, sentiment: float) -> None:
    SurveyResponse.objects.create(
        customer_id=customer_id,
        responded_at=at,
        nps=nps,
        csat=csat,
        value_quality=3,
        brand_attitude=3,
        comment="",
        comment_sentiment=sentiment,
    )


def add_contract(
    customer_id: int, as_of: datetime, months_left: int, fee: float, status: str = "active"
) -> None:
    start = as_of.date() - timedelta(days=365)
    Subscription.objects.create(
        customer_id=customer_id,
        product="Plan",
        monthly_price=Decimal("30"),
        list_monthly_price=Decimal("30"),
        start_date=start,
        term_end_date=as_of.date() + timedelta(days=int(months_left * 30.5)),
        auto_renew=True,
        early_termination_fee=Decimal(str(fee)),
        status=status,
    )


def add_points(customer_id: int, value: float, at: datetime) -> None:
    LoyaltyBalance.objects.create(
        customer_id=customer_id,
        programme="Stars",
        points=int(value * 10),
        value=Decimal(str(value)),
        updated_at=at,
    )


def add_mention(customer_id: int, at: datetime, sentiment: float, post_id: str) -> None:
    SocialMention.objects.create(
        customer_id=customer_id,
        platform="x",
        post_id=post_id,
        author_handle="h",
        text="...",
        reach=500,
        posted_at=at,
        sentiment=sentiment,
    )


def make_customer(owner, name: str, as_of: datetime, tenure_days: int = 800):
    return create_customer(
        name=name, owner=owner, stage="active", created_at=as_of - timedelta(days=tenure_days)
    )


def today() -> date:
    return date.today()


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def scored_buyer_with_api_promise(client, owner, as_of: datetime) -> tuple[Customer, int, dict]:
    """A scored customer who buys and answered a survey, and a company promise due at
    `as_of` made through the API by `owner`: (customer, promise id, auth headers)."""
    from django.core.management import call_command

    from accord.members.services import issue_api_token

    customer = make_customer(owner, "Ada", as_of)
    add_orders(customer.pk, as_of, [400, 200, 30])
    add_survey(customer.pk, as_of - timedelta(days=10), nps=8, csat=4, sentiment=0.4)
    call_command("score", "--as-of", as_of.isoformat(), "--quiet")
    headers = bearer(issue_api_token(staff=owner, name="tests").plaintext)
    made = client.post(
        f"/api/v1/customers/{customer.pk}/promises",
        {"kind": "fix", "description": "Fix the router", "due_at": as_of.isoformat()},
        content_type="application/json",
        **headers,
    ).json()
    return customer, made["id"], headers
