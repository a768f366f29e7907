"""The SQL behind feature fetch: one GROUP BY per source table over a customer-id range.

Each query returns customer_id first, then its named columns (see features.py for how
they are placed). Portable between SQLite and PostgreSQL; vendor differences are the
date arithmetic helpers below.
"""

from __future__ import annotations

from django.db import connection

# Money and averages come back as floats: NumPy converts PostgreSQL's Decimals slowly.
FLOAT = "DOUBLE PRECISION"

ORDER_COLUMNS = (
    "purchase_days",
    "first_order_day",
    "last_order_day",
    "spend",
    "list_spend",
    "orders",
    "first_day_spend",
    "recent_orders",
    "year_spend",
)


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


def _date_days(column: str) -> str:
    """SQL for a DATE column as whole days since the epoch."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"
    return f"({column} - DATE '1970-01-01')"


# Each query returns customer_id first, then the named columns. Placeholders: %(lo)s,
# %(hi)s (id range, inclusive), %(as_of)s, %(recent)s (as_of - RECENT_DAYS),
# %(as_of_date)s and %(cost_from)s (dates).
def feature_queries() -> dict[str, tuple[str, tuple[str, ...]]]:
    order_day = _day("occurred_at")
    return {
        "base": (
            f"""SELECT c.id, r.stage, r.owner_id, {_days("r.started_at")}, {_days("c.created_at")}
            FROM customers_customer c LEFT JOIN relationships_relationship r ON r.customer_id = c.id
            WHERE c.id BETWEEN %(lo)s AND %(hi)s ORDER BY c.id""",
            ("stage_code", "owner_id", "relationship_started", "created"),
        ),
        "orders": (
            # Purchase days, not orders: several orders on one day are one purchase (the
            # CLV definition). Rows per (customer, day) from the covering index, summed
            # per customer in NumPy (see _order_columns).
            f"""SELECT customer_id, {order_day} AS d, CAST(SUM(amount) AS {FLOAT}),
                CAST(SUM(COALESCE(list_amount, amount)) AS {FLOAT}), COUNT(*)
            FROM commerce_order
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND occurred_at <= %(as_of)s
            GROUP BY customer_id, {order_day} ORDER BY customer_id, d""",
            ORDER_COLUMNS,
        ),
        "latest_survey": (
            """SELECT customer_id, COALESCE(nps, -1e300), COALESCE(csat, -1e300),
                COALESCE(ces, -1e300), COALESCE(value_quality, -1e300),
                COALESCE(value_price, -1e300), COALESCE(value_convenience, -1e300),
                COALESCE(brand_awareness, -1e300), COALESCE(brand_attitude, -1e300),
                COALESCE(brand_ethics, -1e300), COALESCE(comment_sentiment, -1e300)
            FROM (SELECT s.*, ROW_NUMBER() OVER (
                    PARTITION BY customer_id ORDER BY responded_at DESC, id DESC) AS rank
                  FROM voice_survey_response s
                  WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND responded_at <= %(as_of)s) latest
            WHERE rank = 1""",
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
        ),
        "surveys": (
            f"""SELECT customer_id, COUNT(*),
                COALESCE(AVG(CASE WHEN responded_at >= %(recent)s
                    THEN comment_sentiment END), -1e300),
                COALESCE(AVG(CASE WHEN responded_at < %(recent)s
                    THEN comment_sentiment END), -1e300),
                COALESCE(CAST(AVG(CASE WHEN responded_at >= %(recent)s
                    THEN nps END) AS {FLOAT}), -1e300),
                COALESCE(CAST(AVG(CASE WHEN responded_at < %(recent)s
                    THEN nps END) AS {FLOAT}), -1e300)
            FROM voice_survey_response
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND responded_at <= %(as_of)s
            GROUP BY customer_id""",
            ("surveys", "recent_sentiment", "older_sentiment", "recent_nps", "older_nps"),
        ),
        "mentions": (
            """SELECT customer_id,
                SUM(CASE WHEN sentiment >= 0.3 THEN 1 ELSE 0 END),
                SUM(CASE WHEN sentiment <= -0.3 THEN 1 ELSE 0 END),
                SUM(CASE WHEN sentiment <= -0.3 THEN reach ELSE 0 END),
                COALESCE(AVG(sentiment), -1e300)
            FROM voice_social_mention
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND posted_at <= %(as_of)s
            GROUP BY customer_id""",
            ("positive_mentions", "negative_mentions", "negative_reach", "mention_sentiment"),
        ),
        "subscriptions": (
            f"""SELECT customer_id,
                SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END),
                SUM(CASE WHEN status <> 'active' THEN 1 ELSE 0 END),
                COALESCE(MAX(CASE WHEN status = 'active'
                    THEN {_date_days("term_end_date")} END), -1e300),
                CAST(MAX(CASE WHEN status = 'active'
                    THEN early_termination_fee ELSE 0 END) AS {FLOAT}),
                MAX(CASE WHEN status = 'active' AND auto_renew THEN 1 ELSE 0 END),
                MAX(CASE WHEN status = 'active' AND auto_renew AND notice_period_days >= 30
                    THEN 1 ELSE 0 END),
                CAST(SUM(CASE WHEN status = 'active'
                    THEN monthly_price ELSE 0 END) AS {FLOAT}),
                CAST(SUM(CASE WHEN status = 'active'
                    THEN list_monthly_price ELSE 0 END) AS {FLOAT}),
                MAX(CASE WHEN transfer_code <> '' AND transfer_code_released_at IS NULL
                    AND status = 'cancelled' THEN 1 ELSE 0 END),
                MIN({_date_days("start_date")})
            FROM commerce_subscription
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND start_date <= %(as_of_date)s
            GROUP BY customer_id""",
            (
                "active_subscriptions",
                "closed_subscriptions",
                "term_end_day",
                "exit_fee",
                "auto_renew",
                "silent_renewal",
                "monthly_price",
                "list_monthly_price",
                "transfer_code_held",
                "first_subscription_day",
            ),
        ),
        "loyalty": (
            f"""SELECT customer_id, SUM(points), CAST(SUM(value) AS {FLOAT})
            FROM commerce_loyalty_balance
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s
                AND (expires_at IS NULL OR expires_at > %(as_of)s)
            GROUP BY customer_id""",
            ("loyalty_points", "loyalty_value"),
        ),
        "costs": (
            f"""SELECT customer_id, CAST(SUM(amount) AS {FLOAT}) FROM commerce_cost_to_serve
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s
                AND month_date >= %(cost_from)s AND month_date <= %(as_of_date)s
            GROUP BY customer_id""",
            ("cost_to_serve",),
        ),
        "promises": (
            """SELECT customer_id,
                SUM(CASE WHEN made_by_side = 'company' AND status = 'kept' THEN 1 ELSE 0 END),
                SUM(CASE WHEN made_by_side = 'company' AND status = 'broken' THEN 1 ELSE 0 END),
                SUM(CASE WHEN made_by_side = 'customer' AND status = 'kept' THEN 1 ELSE 0 END),
                SUM(CASE WHEN made_by_side = 'customer' AND status = 'broken' THEN 1 ELSE 0 END),
                SUM(CASE WHEN kind = 'delivery' AND status = 'kept' THEN 1 ELSE 0 END),
                SUM(CASE WHEN kind = 'delivery' AND status = 'broken' THEN 1 ELSE 0 END)
            FROM promises_promise
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND made_at <= %(as_of)s
            GROUP BY customer_id""",
            (
                "company_kept",
                "company_broken",
                "customer_kept",
                "customer_broken",
                "delivery_kept",
                "delivery_broken",
            ),
        ),
        "requests": (
            """SELECT customer_id, COUNT(*),
                SUM(CASE WHEN first_response_at IS NOT NULL AND first_response_at <= due_at
                    THEN 1 ELSE 0 END),
                SUM(CASE WHEN first_response_at IS NULL AND due_at < %(as_of)s THEN 1 ELSE 0 END)
            FROM interactions_request
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND received_at <= %(as_of)s
            GROUP BY customer_id""",
            ("requests", "requests_on_time", "requests_unanswered"),
        ),
        "interactions": (
            """SELECT customer_id, COUNT(*),
                SUM(CASE WHEN kind = 'complaint' AND occurred_at >= %(recent)s THEN 1 ELSE 0 END),
                SUM(CASE WHEN kind = 'praise' THEN 1 ELSE 0 END),
                SUM(CASE WHEN kind = 'pricing' THEN 1 ELSE 0 END)
            FROM interactions_interaction
            WHERE customer_id BETWEEN %(lo)s AND %(hi)s AND occurred_at <= %(as_of)s
            GROUP BY customer_id""",
            ("interactions", "recent_complaints", "praise", "pricing_talks"),
        ),
    }
