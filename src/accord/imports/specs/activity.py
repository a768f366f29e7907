"""Records that happen to a customer: interactions, orders, subscriptions, promises and
survey responses. Interactions and orders carry their own (customer, source,
external_id) key; the others are keyed through imports.ExternalKey.

Cells are cleaned by the domains' own validators (one set for every way in).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from accord.commerce.models import Order, Subscription, SubscriptionStatus
from accord.commerce.validators import ORDER_FIELDS, SUBSCRIPTION_FIELDS
from accord.core import validation
from accord.core.models import InteractionKind
from accord.imports import cleaning
from accord.imports.specs.base import Field, Problem, Spec, staff_field
from accord.interactions.models import Interaction
from accord.interactions.validators import INTERACTION_FIELDS
from accord.promises.models import Promise, PromiseStatus
from accord.promises.validators import PROMISE_FIELDS
from accord.voice.models import SurveyResponse
from accord.voice.validators import SCORE_SCALES, SURVEY_FIELDS


def moment(name: str, *, required: bool = False) -> Field:
    return Field(
        name,
        validation.aware_datetime(name, required=required),
        kind="datetime",
        required=required,
        default=None,
    )


def money(name: str, clean: Any, *, required: bool = False, default: Any = None) -> Field:
    return Field(name, clean, kind="decimal", required=required, default=default)


INTERACTIONS = Spec(
    entity="interactions",
    model=Interaction,
    key="native",
    fields=(
        Field("occurred_at", INTERACTION_FIELDS["occurred_at"], kind="datetime", required=True),
        Field("channel", INTERACTION_FIELDS["channel"], required=True),
        Field("direction", INTERACTION_FIELDS["direction"], required=True),
        Field("kind", INTERACTION_FIELDS["kind"], default=InteractionKind.OTHER),
        Field("function", INTERACTION_FIELDS["function"], default=""),
        Field("subject", INTERACTION_FIELDS["subject"]),
        Field("body", INTERACTION_FIELDS["body"]),
        staff_field("staff_email", "staff_id"),
    ),
)

ORDERS = Spec(
    entity="orders",
    model=Order,
    key="native",
    fields=(
        Field("occurred_at", ORDER_FIELDS["occurred_at"], kind="datetime", required=True),
        money("amount", ORDER_FIELDS["amount"], required=True),
        money("list_amount", ORDER_FIELDS["list_amount"]),
        Field("currency", ORDER_FIELDS["currency"], default="EUR"),
        Field("description", ORDER_FIELDS["description"]),
    ),
)


def _subscription_rules(values: dict[str, Any]) -> list[Problem]:
    if values["list_monthly_price"] is None:
        values["list_monthly_price"] = values["monthly_price"]
    if values["term_end_date"] < values["start_date"]:
        return [("term_end_date", "falls before start_date")]
    return []


def _subscription(name: str, **options: Any) -> Field:
    return Field(name, SUBSCRIPTION_FIELDS[name], **options)


SUBSCRIPTIONS = Spec(
    entity="subscriptions",
    model=Subscription,
    check=_subscription_rules,
    fields=(
        _subscription("product", required=True),
        money("monthly_price", SUBSCRIPTION_FIELDS["monthly_price"], required=True),
        money("list_monthly_price", SUBSCRIPTION_FIELDS["list_monthly_price"]),
        _subscription("currency", default="EUR"),
        _subscription("start_date", kind="date", required=True),
        _subscription("term_end_date", kind="date", required=True),
        _subscription("auto_renew", kind="boolean", default=True),
        _subscription("renewal_term_months", kind="integer", default=12),
        money(
            "early_termination_fee",
            SUBSCRIPTION_FIELDS["early_termination_fee"],
            default=Decimal("0.00"),
        ),
        _subscription("notice_period_days", kind="integer", default=0),
        Field(
            "status",
            validation.choice("status", SubscriptionStatus),
            default=SubscriptionStatus.ACTIVE,
        ),
        moment("ended_at"),
        _subscription("transfer_code"),
        moment("transfer_code_released_at"),
    ),
)


def _promise_rules(values: dict[str, Any]) -> list[Problem]:
    if values["due_at"] < values["made_at"]:
        return [("due_at", "falls before the promise was made")]
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
        Field("made_by_side", PROMISE_FIELDS["made_by_side"], required=True),
        Field("kind", PROMISE_FIELDS["kind"], required=True),
        Field("description", PROMISE_FIELDS["description"], required=True),
        moment("made_at", required=True),
        moment("due_at", required=True),
        Field("status", validation.choice("status", PromiseStatus), default=PromiseStatus.OPEN),
        moment("resolved_at"),
        staff_field("staff_email", "staff_id"),
    ),
)

SURVEYS = Spec(
    entity="surveys",
    model=SurveyResponse,
    fields=(
        Field("responded_at", SURVEY_FIELDS["responded_at"], kind="datetime", required=True),
        *(Field(item, SURVEY_FIELDS[item], kind="integer", default=None) for item in SCORE_SCALES),
        Field("comment", SURVEY_FIELDS["comment"]),
        Field("comment_sentiment", cleaning.number(-1, 1), kind="float", default=None),
    ),
)
