"""Records that happen to a customer: interactions, requests, orders, subscriptions,
promises and survey responses. Interactions and orders carry their own
(customer, source, external_id) key; the others are keyed through imports.ExternalKey.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from accord.commerce.models import Order, Subscription, SubscriptionStatus
from accord.core.models import Channel, Direction, Function, InteractionKind
from accord.imports import cleaning
from accord.imports.specs.base import Field, Problem, Spec, staff_field
from accord.interactions.models import Interaction
from accord.promises.models import Promise, PromiseKind, PromiseStatus, Side
from accord.voice.models import SurveyResponse

FUNCTIONS = ["", *Function.values]


def optional_function(name: str) -> Field:
    return Field(name, cleaning.choice(FUNCTIONS), default="")


def money(name: str, *, required: bool = False, digits: int = 12, default: Any = None) -> Field:
    return Field(
        name,
        cleaning.decimal(digits, 2),
        kind="decimal",
        required=required,
        default=default,
    )


def moment(name: str, *, required: bool = False) -> Field:
    return Field(name, cleaning.aware_datetime, kind="datetime", required=required, default=None)


INTERACTIONS = Spec(
    entity="interactions",
    model=Interaction,
    key="native",
    fields=(
        moment("occurred_at", required=True),
        Field("channel", cleaning.choice(Channel.values), required=True),
        Field("direction", cleaning.choice(Direction.values), required=True),
        Field("kind", cleaning.choice(InteractionKind.values), default=InteractionKind.OTHER),
        optional_function("function"),
        Field("subject", cleaning.text(200)),
        Field("body", cleaning.long_text),
        staff_field("staff_email", "staff_id"),
    ),
)

ORDERS = Spec(
    entity="orders",
    model=Order,
    key="native",
    fields=(
        moment("occurred_at", required=True),
        money("amount", required=True),
        money("list_amount"),
        Field("currency", cleaning.currency, default="EUR"),
        Field("description", cleaning.text(200)),
    ),
)


def _subscription_rules(values: dict[str, Any]) -> list[Problem]:
    if values["list_monthly_price"] is None:
        values["list_monthly_price"] = values["monthly_price"]
    if values["term_end_date"] < values["start_date"]:
        return [("term_end_date", "ends before the start_date")]
    return []


SUBSCRIPTIONS = Spec(
    entity="subscriptions",
    model=Subscription,
    check=_subscription_rules,
    fields=(
        Field("product", cleaning.text(120), required=True),
        money("monthly_price", required=True, digits=10),
        money("list_monthly_price", digits=10),
        Field("currency", cleaning.currency, default="EUR"),
        Field("start_date", cleaning.calendar_date, kind="date", required=True),
        Field("term_end_date", cleaning.calendar_date, kind="date", required=True),
        Field("auto_renew", cleaning.boolean, kind="boolean", default=True),
        Field("renewal_term_months", cleaning.integer(0, 32767), kind="integer", default=12),
        money("early_termination_fee", digits=10, default=Decimal("0.00")),
        Field("notice_period_days", cleaning.integer(0, 32767), kind="integer", default=0),
        Field(
            "status",
            cleaning.choice(SubscriptionStatus.values),
            default=SubscriptionStatus.ACTIVE,
        ),
        moment("ended_at"),
        Field("transfer_code", cleaning.text(40)),
        moment("transfer_code_released_at"),
    ),
)


def _promise_rules(values: dict[str, Any]) -> list[Problem]:
    is_open = values["status"] == PromiseStatus.OPEN
    if is_open and values["resolved_at"] is not None:
        return [("resolved_at", "an open promise has no resolved_at")]
    if not is_open and values["resolved_at"] is None:
        return [("resolved_at", f"a {values['status']} promise needs resolved_at")]
    return []


PROMISES = Spec(
    entity="promises",
    model=Promise,
    check=_promise_rules,
    fields=(
        Field("made_by_side", cleaning.choice(Side.values), required=True),
        Field("kind", cleaning.choice(PromiseKind.values), required=True),
        Field("description", cleaning.text(300), required=True),
        moment("made_at", required=True),
        moment("due_at", required=True),
        Field("status", cleaning.choice(PromiseStatus.values), default=PromiseStatus.OPEN),
        moment("resolved_at"),
        staff_field("staff_email", "staff_id"),
    ),
)


def score(name: str, low: int, high: int) -> Field:
    return Field(name, cleaning.integer(low, high), kind="integer", default=None)


SURVEYS = Spec(
    entity="surveys",
    model=SurveyResponse,
    fields=(
        moment("responded_at", required=True),
        score("nps", 0, 10),
        score("csat", 1, 5),
        score("ces", 1, 7),
        score("value_quality", 1, 5),
        score("value_price", 1, 5),
        score("value_convenience", 1, 5),
        score("brand_awareness", 1, 5),
        score("brand_attitude", 1, 5),
        score("brand_ethics", 1, 5),
        Field("comment", cleaning.long_text),
        Field("comment_sentiment", cleaning.number(-1, 1), kind="float", default=None),
    ),
)
