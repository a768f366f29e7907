"""Writes on commerce: orders, subscriptions, loyalty balances, cost to serve."""

from __future__ import annotations

from accord.commerce.models import CostToServe, LoyaltyBalance, Order, Subscription
from accord.core.bulk import Columns, insert_columns


def record_orders_bulk(columns: Columns) -> int:
    """Insert orders, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(Order, columns)


def record_subscriptions_bulk(columns: Columns) -> int:
    """Insert subscriptions, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(Subscription, columns)


def record_loyalty_balances_bulk(columns: Columns) -> int:
    """Insert loyalty balances, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(LoyaltyBalance, columns)


def record_costs_to_serve_bulk(columns: Columns) -> int:
    """Insert monthly costs to serve, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(CostToServe, columns)
