"""Cleaning one order, subscription or loyalty balance change from raw values.

Pure functions: no queries, cheap enough for the importer's every row. Amounts are
Decimals that fit their columns exactly (accord.core.validation.money).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from accord.core import validation as v

ORDER_FIELDS: dict[str, v.Cleaner] = {
    "occurred_at": v.aware_datetime("occurred_at"),
    "amount": v.money("amount", max_digits=12, decimal_places=2),
    "list_amount": v.money("list_amount", max_digits=12, decimal_places=2, required=False),
    "currency": v.currency("currency"),
    "description": v.text("description", 200),
    "source": v.text("source", 40),
    "external_id": v.text("external_id", 100),
}
SUBSCRIPTION_FIELDS: dict[str, v.Cleaner] = {
    "product": v.text("product", 120, required=True),
    "monthly_price": v.money("monthly_price", max_digits=10, decimal_places=2),
    "list_monthly_price": v.money(
        "list_monthly_price", max_digits=10, decimal_places=2, required=False
    ),
    "currency": v.currency("currency"),
    "start_date": v.calendar_date("start_date"),
    "term_end_date": v.calendar_date("term_end_date"),
    "auto_renew": v.boolean("auto_renew", default=True),
    "renewal_term_months": v.integer(
        "renewal_term_months", minimum=0, maximum=120, required=False, default=12
    ),
    "early_termination_fee": v.money(
        "early_termination_fee", max_digits=10, decimal_places=2, default=Decimal("0.00")
    ),
    "notice_period_days": v.integer(
        "notice_period_days", minimum=0, maximum=3650, required=False, default=0
    ),
    "transfer_code": v.text("transfer_code", 40),
}
LOYALTY_FIELDS: dict[str, v.Cleaner] = {
    "programme": v.text("programme", 80, required=True),
    # A change, not a balance: negative when points are spent or expire.
    "points_delta": v.integer(
        "points_delta", minimum=-(2**31), maximum=2**31 - 1, required=False, default=0
    ),
    "value": v.money("value", max_digits=10, decimal_places=2, required=False),
    "currency": v.currency("currency"),
    "expires_at": v.aware_datetime("expires_at", required=False),
}


def clean_order(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every order field cleaned; source defaults to "accord", external_id to None."""
    clean = v.clean_fields(ORDER_FIELDS, values)
    clean["source"] = clean["source"] or "accord"
    clean["external_id"] = clean["external_id"] or None
    return clean


def clean_subscription(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every subscription field cleaned; the list price defaults to the price paid and
    the term must not end before it starts."""
    clean = v.clean_fields(SUBSCRIPTION_FIELDS, values)
    if clean["list_monthly_price"] is None:
        clean["list_monthly_price"] = clean["monthly_price"]
    if clean["term_end_date"] < clean["start_date"]:
        raise v.ValidationProblem("term_end_date", "falls before start_date")
    return clean


def clean_loyalty_change(values: Mapping[str, Any]) -> dict[str, Any]:
    """programme, points_delta, value (None: unchanged), currency, expires_at."""
    return v.clean_fields(LOYALTY_FIELDS, values)


ORDER_EDITABLE = {
    name: ORDER_FIELDS[name]
    for name in ("occurred_at", "amount", "list_amount", "currency", "description")
}


def clean_order_changes(values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the given order fields (not source or external_id: they name the order)."""
    return v.clean_fields(ORDER_EDITABLE, values, partial=True)


def clean_subscription_changes(values: Mapping[str, Any]) -> dict[str, Any]:
    """Only the given subscription fields; the caller checks the term on the merged row."""
    return v.clean_fields(SUBSCRIPTION_FIELDS, values, partial=True)
