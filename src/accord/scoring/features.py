"""Feature fetch: set-based GROUP BY queries over a customer-id range, one row per customer.

The batch asks for a range of ids, the incremental scorer for the range [id, id]: the
same SQL, so both paths see identical numbers. Times are days since 1970-01-01 UTC
(floats); money is EUR; a missing value is NaN (no survey yet, no orders, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db import connection

from accord.scoring.feature_sql import ORDER_COLUMNS, feature_queries

# Windows (days) for "recent" activity and sentiment trends.
RECENT_DAYS = 180
COST_WINDOW_DAYS = 365

# NULLs come back as this sentinel (see _scatter).
_NULL = -1e299

STAGES = ("prospect", "onboarding", "active", "renewal", "at_risk", "departed", "won_back")


@dataclass
class Features:
    """Feature columns aligned with `customer_ids` (ascending). Counts missing -> 0."""

    customer_ids: np.ndarray
    as_of_day: float
    columns: dict[str, np.ndarray]

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def __len__(self) -> int:
        return int(self.customer_ids.size)


# Columns where "no row" means zero rather than unknown.
_ZERO_WHEN_MISSING = {
    "purchase_days",
    "spend",
    "year_spend",
    "list_spend",
    "orders",
    "first_day_spend",
    "recent_orders",
    "surveys",
    "positive_mentions",
    "negative_mentions",
    "negative_reach",
    "active_subscriptions",
    "closed_subscriptions",
    "exit_fee",
    "auto_renew",
    "silent_renewal",
    "monthly_price",
    "list_monthly_price",
    "transfer_code_held",
    "loyalty_points",
    "loyalty_value",
    "cost_to_serve",
    "company_kept",
    "company_broken",
    "customer_kept",
    "customer_broken",
    "delivery_kept",
    "delivery_broken",
    "requests",
    "requests_on_time",
    "requests_unanswered",
    "interactions",
    "recent_complaints",
    "praise",
    "pricing_talks",
}


def epoch_days(moment: datetime) -> float:
    """An aware datetime as fractional days since 1970-01-01 UTC."""
    return moment.timestamp() / 86400.0


def fetch_features(
    lo: int,
    hi: int,
    as_of: datetime,
    only: tuple[str, ...] | None = None,
    skip: tuple[str, ...] = (),
) -> Features:
    """Features of every customer with lo <= id <= hi, as of `as_of` (aware).

    About a dozen GROUP BY queries, each one pass over its table's id range; no per-row
    queries. Rows after `as_of` are ignored where the table records a time. `only` names
    the queries to run besides the customer list (the CLV fit needs just "orders");
    `skip` those the caller already has.
    """
    queries = feature_queries()
    wanted = [
        name
        for name in queries
        if name == "base" or (name not in skip and (only is None or name in only))
    ]
    results = _run_all([queries[name][0] for name in wanted], _params(lo, hi, as_of))
    ids = np.array([row[0] for row in results[0]], dtype=np.int64)
    columns = _base_columns(results[0])
    for name, rows in zip(wanted[1:], results[1:], strict=True):
        found: list[tuple] | np.ndarray = rows
        if name == "orders":
            found = _order_rows(rows, epoch_days(as_of))
        _scatter(columns, ids, found, queries[name][1])
    return Features(customer_ids=ids, as_of_day=epoch_days(as_of), columns=columns)


def _params(lo: int, hi: int, as_of: datetime) -> dict[str, Any]:
    adapt = connection.ops.adapt_datetimefield_value
    return {
        "lo": lo,
        "hi": hi,
        "as_of": adapt(as_of),
        "recent": adapt(as_of - timedelta(days=RECENT_DAYS)),
        "as_of_date": connection.ops.adapt_datefield_value(as_of.date()),
        "cost_from": connection.ops.adapt_datefield_value(
            (as_of - timedelta(days=COST_WINDOW_DAYS)).date()
        ),
    }


def _base_columns(base: list[tuple]) -> dict[str, np.ndarray]:
    """Stage (index into STAGES, -1 when none), owner and start times of each customer."""
    return {
        "stage_code": np.array(
            [STAGES.index(row[1]) if row[1] in STAGES else -1 for row in base], dtype=float
        ),
        "owner_id": _column(base, 2, 0.0),
        "relationship_started": _column(base, 3, np.nan),
        "created": _column(base, 4, np.nan),
    }


def _run_all(statements: list[str], params: dict[str, Any]) -> list[list[tuple]]:
    """Rows of each statement. On PostgreSQL all go in one round trip (client-side
    binding allows several statements): a dozen round trips cost more than the queries
    when the scorer rescores one customer."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            results = []
            for sql in statements:
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
            return results
        cursor.execute(";\n".join(statements), params)
        results = [cursor.fetchall()]
        while cursor.nextset():
            results.append(cursor.fetchall())
        return results


def _column(rows: list[tuple], index: int, missing: float) -> np.ndarray:
    return np.array(
        [missing if row[index] is None else float(row[index]) for row in rows], dtype=float
    )


def _scatter(
    columns: dict[str, np.ndarray],
    ids: np.ndarray,
    rows: list[tuple] | np.ndarray,
    names: tuple[str, ...],
) -> None:
    """Place query rows (customer_id first) at their customers' positions. Queries write
    NULL as the sentinel -1e300 so NumPy converts the rows in one C loop."""
    for name in names:
        columns[name] = np.full(ids.size, 0.0 if name in _ZERO_WHEN_MISSING else np.nan)
    if len(rows) == 0:
        return
    try:
        data = np.array(rows, dtype=float)
    except TypeError:  # a NULL the query did not coalesce
        data = np.array(
            [[np.nan if value is None else float(value) for value in row] for row in rows],
            dtype=float,
        )
    data[data <= _NULL] = np.nan
    positions = np.searchsorted(ids, data[:, 0].astype(np.int64))
    valid = (positions < ids.size) & (ids[np.minimum(positions, ids.size - 1)] == data[:, 0])
    for offset, name in enumerate(names, start=1):
        values = data[valid, offset]
        if name in _ZERO_WHEN_MISSING:
            values = np.nan_to_num(values, nan=0.0)
        columns[name][positions[valid]] = values


def _order_rows(day_rows: list[tuple], as_of_day: float) -> np.ndarray:
    """Per-(customer, day) rows -> one row per customer in ORDER_COLUMNS order.

    Input is sorted by customer then day; sums run in that order, so a customer's numbers
    are the same whether fetched alone or in a chunk.
    """
    if not day_rows:
        return np.zeros((0, len(ORDER_COLUMNS) + 1))
    data = np.array(day_rows, dtype=float)
    customer, day, spend, listed, count = data.T
    starts = np.flatnonzero(np.r_[True, customer[1:] != customer[:-1]])
    ends = np.r_[starts[1:], customer.size] - 1
    recent = day >= np.floor(as_of_day) - RECENT_DAYS
    year = day >= np.floor(as_of_day) - COST_WINDOW_DAYS
    return np.column_stack(
        [
            customer[starts],
            np.diff(np.r_[starts, customer.size]).astype(float),
            day[starts],
            day[ends],
            np.add.reduceat(spend, starts),
            np.add.reduceat(listed, starts),
            np.add.reduceat(count, starts),
            spend[starts],
            np.add.reduceat(count * recent, starts),
            np.add.reduceat(spend * year, starts),
        ]
    )
