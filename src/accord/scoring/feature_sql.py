"""The feature registry: one query per source table over a customer-id range, and for
each column it yields, what a customer without a row gets.

Most queries are a GROUP BY returning customer_id first, then their named columns (see
features.py for how they are placed); orders, surveys and subscriptions return raw rows
in index order that features.py reduces per customer. Portable between SQLite and
PostgreSQL; vendor differences are the date arithmetic helpers below. Tables are named
from the models, so a renamed table breaks the scoring tests, not a query in production.
"""

from __future__ import annotations

import math

from django.db import connection, models

from accord.commerce.models import CostToServe, LoyaltyBalance, Order, Subscription
from accord.customers.models import Customer
from accord.incidents.models import Incident, IncidentCustomer
from accord.interactions.models import Interaction, Request
from accord.promises.models import Promise
from accord.relationships.models import Relationship
from accord.voice.models import SocialMention, SurveyResponse, TextSignal

# Money and averages come back as floats: NumPy converts PostgreSQL's Decimals slowly.
FLOAT = "DOUBLE PRECISION"
# SQL NULL comes back as this float: NumPy converts whole rows of floats in one C loop
# (None would need a Python pass), and features.py turns it into the column's MISSING.
NULL_FLOAT = -1e300

# What a customer gets in a column when its query has no row for them (or says NULL).
ZERO = 0.0  # counts and sums: nothing happened
UNKNOWN = math.nan  # answers, days and averages: nothing to tell

# Column name -> its value when missing, in the order the query (or its reducer) yields.
ORDER_COLUMNS = {
    "purchase_days": ZERO,
    "first_order_day": UNKNOWN,
    "last_order_day": UNKNOWN,
    "spend": ZERO,
    "list_spend": ZERO,
    "orders": ZERO,
    "first_day_spend": ZERO,
    "recent_orders": ZERO,
    "year_spend": ZERO,
}
# The latest answer's items, then counts and averages over the recent and older windows.
LATEST_SURVEY_COLUMNS = dict.fromkeys(
    (
        "nps",
        "csat",
        "ces",
        "value_quality",
        "value_price",
        "value_convenience",
        "brand_awareness",
        "brand_attitude",
        "brand_ethics",
        "comment_sentiment",
    ),
    UNKNOWN,
)
SURVEY_COLUMNS = {
    **LATEST_SURVEY_COLUMNS,
    "surveys": ZERO,
    "recent_sentiment": UNKNOWN,
    "older_sentiment": UNKNOWN,
    "recent_nps": UNKNOWN,
    "older_nps": UNKNOWN,
}
SUBSCRIPTION_COLUMNS = {
    "active_subscriptions": ZERO,
    "closed_subscriptions": ZERO,
    "term_end_day": UNKNOWN,
    "exit_fee": ZERO,
    "auto_renew": ZERO,
    "silent_renewal": ZERO,
    "monthly_price": ZERO,
    "list_monthly_price": ZERO,
    "transfer_code_held": ZERO,
    "first_subscription_day": UNKNOWN,
}
# Exit intent that asks for the means to go elsewhere (voice.signals' kinds): counted
# apart from asking to cancel, as the company can withhold them (a barrier).
CODE_KINDS = "('transfer_code', 'port_number', 'unlock')"
SIGNAL_COLUMNS = {
    "leave_asks": ZERO,
    "first_leave_day": UNKNOWN,
    "code_asks": ZERO,
    "first_code_day": UNKNOWN,
    "text_complaints": ZERO,
}


def _days(column: str) -> str:
    """SQL for a timestamp column as fractional days since the Unix epoch (UTC)."""
    if connection.vendor == "sqlite":
        return f"(julianday({column}) - 2440587.5)"
    return f"(EXTRACT(EPOCH FROM {column}) / 86400.0)"


def _day(column: str) -> str:
    """SQL for the UTC calendar day of a timestamp, as whole days since the epoch."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {column}) / 86400.0) AS INTEGER)"


def _real(expression: str) -> str:
    """A nullable number as a float, NULL as NULL_FLOAT (PostgreSQL would otherwise send
    NUMERIC, which arrives as slow Decimals)."""
    return f"COALESCE(CAST({expression} AS {FLOAT}), CAST({NULL_FLOAT!r} AS {FLOAT}))"


def _date_days(column: str) -> str:
    """SQL for a DATE column as whole days since the epoch."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"
    return f"({column} - DATE '1970-01-01')"


def table_name(model: type[models.Model]) -> str:
    """The model's table as raw SQL names it: a renamed table breaks a test, not a query."""
    return str(model._meta.db_table)


# Each query returns customer_id first, then the named columns (a dict of column -> its
# value when missing). Placeholders: %(lo)s, %(hi)s (id range, inclusive), %(as_of)s,
# %(recent)s (as_of - RECENT_DAYS), %(ack_due)s and %(resolve_due)s (as_of - 1 and 7
# days), %(as_of_date)s and %(cost_from)s (dates).
def feature_queries() -> dict[str, tuple[str, dict[str, float]]]:
    leave, code = (
        f"exit_intent <> '' AND exit_intent NOT IN {CODE_KINDS}",
        f"exit_intent IN {CODE_KINDS}",
    )
    first_leave_day = _real(f"MIN(CASE WHEN {leave} THEN {_day('occurred_at')} END)")
    first_code_day = _real(f"MIN(CASE WHEN {code} THEN {_day('occurred_at')} END)")
    return {
        "base": (
            f"""SELECT c.id, r.stage, r.owner_id, {_days("r.started_at")}, {_days("c.created_at")}
            FROM {table_name(Customer)} c LEFT JOIN {table_name(Relationship)} r
                ON r.customer_id = c.id AND r.customer_id BETWEEN %(lo)s AND %(hi)s
            WHERE c.id BETWEEN %(lo)s AND %(hi)s ORDER BY c.id""",
            {
                "stage_code": UNKNOWN,
                "owner_id": ZERO,
                "relationship_started": UNKNOWN,
                "created": UNKNOWN,
            },
        ),
        "orders": (
            # Raw rows in the covering index's order (no sort, no grouping by an
            # expression, which makes SQLite sort in a temp table): several orders on one
            # day are one purchase (the CLV definition), merged in NumPy (_order_rows).
            f"""SELECT customer_id, {_day("occurred_at")}, CAST(amount AS {FLOAT}),
                CAST(COALESCE(list_amount, amount) AS {FLOAT})
            FROM {table_name(Order)}
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND occurred_at <= %(as_of)s
            ORDER BY customer_id, occurred_at""",
            ORDER_COLUMNS,
        ),
        "surveys": (
            # Raw answers oldest first per customer: the latest answer and the averages
            # come from one pass over the table (_survey_rows).
            f"""SELECT customer_id, {_days("responded_at")}, {_real("nps")}, {_real("csat")},
                {_real("ces")}, {_real("value_quality")}, {_real("value_price")},
                {_real("value_convenience")}, {_real("brand_awareness")},
                {_real("brand_attitude")}, {_real("brand_ethics")}, {_real("comment_sentiment")}
            FROM {table_name(SurveyResponse)}
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND responded_at <= %(as_of)s
            ORDER BY customer_id, responded_at, id""",
            SURVEY_COLUMNS,
        ),
        "mentions": (
            f"""SELECT customer_id,
                SUM(CASE WHEN sentiment >= 0.3 THEN 1 ELSE 0 END),
                SUM(CASE WHEN sentiment <= -0.3 THEN 1 ELSE 0 END),
                SUM(CASE WHEN sentiment <= -0.3 THEN reach ELSE 0 END),
                {_real("AVG(sentiment)")}
            FROM {table_name(SocialMention)}
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND posted_at <= %(as_of)s
            GROUP BY customer_id""",
            {
                "positive_mentions": ZERO,
                "negative_mentions": ZERO,
                "negative_reach": ZERO,
                "mention_sentiment": UNKNOWN,
            },
        ),
        "signals": (
            # What customers wrote (voice.reading stores a row per text that asks to
            # leave or complains): exit intent over the exit window, complaints recent.
            f"""SELECT customer_id,
                SUM(CASE WHEN {leave} THEN 1 ELSE 0 END),
                {first_leave_day},
                SUM(CASE WHEN {code} THEN 1 ELSE 0 END),
                {first_code_day},
                SUM(CASE WHEN complaint AND occurred_at >= %(recent)s THEN 1 ELSE 0 END)
            FROM {table_name(TextSignal)}
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND occurred_at <= %(as_of)s
                AND occurred_at >= %(exit_from)s
            GROUP BY customer_id""",
            SIGNAL_COLUMNS,
        ),
        "subscriptions": (
            # Raw rows oldest first per customer, reduced in NumPy (features._subscription
            # _rows): the same pass gives the per-customer terms and, for retention value,
            # each active subscription (features.renewal_rows).
            f"""SELECT customer_id, CASE WHEN status = 'active' THEN 1 ELSE 0 END,
                {_date_days("term_end_date")}, CAST(early_termination_fee AS {FLOAT}),
                CASE WHEN auto_renew THEN 1 ELSE 0 END, notice_period_days,
                CAST(monthly_price AS {FLOAT}), CAST(list_monthly_price AS {FLOAT}),
                CASE WHEN transfer_code <> '' AND transfer_code_released_at IS NULL
                    AND status = 'cancelled' THEN 1 ELSE 0 END,
                {_date_days("start_date")}, renewal_term_months
            FROM {table_name(Subscription)}
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND start_date <= %(as_of_date)s
            ORDER BY customer_id, id""",
            SUBSCRIPTION_COLUMNS,
        ),
        "loyalty": (
            f"""SELECT customer_id, SUM(points), CAST(SUM(value) AS {FLOAT})
            FROM {table_name(LoyaltyBalance)}
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s
                AND (expires_at IS NULL OR expires_at > %(as_of)s)
            GROUP BY customer_id""",
            {"loyalty_points": ZERO, "loyalty_value": ZERO},
        ),
        "costs": (
            f"""SELECT customer_id, CAST(SUM(amount) AS {FLOAT}) FROM {table_name(CostToServe)}
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s
                AND month_date >= %(cost_from)s AND month_date <= %(as_of_date)s
            GROUP BY customer_id""",
            {"cost_to_serve": ZERO},
        ),
        "promises": (
            f"""SELECT customer_id,
                SUM(CASE WHEN made_by_side = 'company' AND status = 'kept' THEN 1 ELSE 0 END),
                SUM(CASE WHEN made_by_side = 'company' AND status = 'broken' THEN 1 ELSE 0 END),
                SUM(CASE WHEN made_by_side = 'customer' AND status = 'kept' THEN 1 ELSE 0 END),
                SUM(CASE WHEN made_by_side = 'customer' AND status = 'broken' THEN 1 ELSE 0 END),
                SUM(CASE WHEN kind = 'delivery' AND status = 'kept' THEN 1 ELSE 0 END),
                SUM(CASE WHEN kind = 'delivery' AND status = 'broken' THEN 1 ELSE 0 END)
            FROM {table_name(Promise)}
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND made_at <= %(as_of)s
            GROUP BY customer_id""",
            dict.fromkeys(
                (
                    "company_kept",
                    "company_broken",
                    "customer_kept",
                    "customer_broken",
                    "delivery_kept",
                    "delivery_broken",
                ),
                ZERO,
            ),
        ),
        "requests": (
            f"""SELECT customer_id, COUNT(*),
                SUM(CASE WHEN first_response_at IS NOT NULL AND first_response_at <= due_at
                    THEN 1 ELSE 0 END),
                SUM(CASE WHEN first_response_at IS NULL AND due_at < %(as_of)s THEN 1 ELSE 0 END)
            FROM {table_name(Request)}
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND received_at <= %(as_of)s
            GROUP BY customer_id""",
            dict.fromkeys(("requests", "requests_on_time", "requests_unanswered"), ZERO),
        ),
        "incidents": (
            # Shared incidents (docs/partners.md): caused by us (and still open as of
            # as_of), and caused by a partner that handled it badly: acknowledged after a
            # day or resolved after a week (or not yet, past those times).
            f"""SELECT a.customer_id,
                SUM(CASE WHEN i.vendor = 'us' THEN 1 ELSE 0 END),
                SUM(CASE WHEN i.vendor = 'us' AND (i.resolved_at IS NULL
                    OR i.resolved_at > %(as_of)s) THEN 1 ELSE 0 END),
                SUM(CASE WHEN i.vendor = 'partner' AND (
                    ((i.acknowledged_at IS NULL OR i.acknowledged_at > %(as_of)s)
                        AND i.opened_at < %(ack_due)s)
                    OR (i.acknowledged_at <= %(as_of)s
                        AND {_days("i.acknowledged_at")} - {_days("i.opened_at")} > 1)
                    OR ((i.resolved_at IS NULL OR i.resolved_at > %(as_of)s)
                        AND i.opened_at < %(resolve_due)s)
                    OR (i.resolved_at <= %(as_of)s
                        AND {_days("i.resolved_at")} - {_days("i.opened_at")} > 7)
                ) THEN 1 ELSE 0 END)
            FROM {table_name(IncidentCustomer)} a
                JOIN {table_name(Incident)} i ON i.id = a.incident_id
            WHERE a.customer_id BETWEEN %(lo)s AND %(hi)s AND i.opened_at <= %(as_of)s
            GROUP BY a.customer_id""",
            dict.fromkeys(
                ("incidents_ours", "incidents_ours_open", "incidents_partner_poor"), ZERO
            ),
        ),
        "interactions": (
            f"""SELECT customer_id, COUNT(*),
                SUM(CASE WHEN kind = 'complaint' AND occurred_at >= %(recent)s THEN 1 ELSE 0 END),
                SUM(CASE WHEN kind = 'praise' THEN 1 ELSE 0 END),
                SUM(CASE WHEN kind = 'pricing' THEN 1 ELSE 0 END)
            FROM {table_name(Interaction)}
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND occurred_at <= %(as_of)s
            GROUP BY customer_id""",
            dict.fromkeys(("interactions", "recent_complaints", "praise", "pricing_talks"), ZERO),
        ),
    }
