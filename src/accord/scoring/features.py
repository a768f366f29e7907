"""Feature fetch: set-based GROUP BY queries over a customer-id range, one row per customer.

The batch asks for a range of ids, the incremental scorer for the range [id, id]: the
same SQL, so both paths see identical numbers. Times are days since 1970-01-01 UTC
(floats); money is EUR; a missing value is NaN (no survey yet, no orders, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection

from accord.scoring.feature_sql import (
    LATEST_SURVEY_COLUMNS,
    NULL_FLOAT,
    ORDER_COLUMNS,
    SUBSCRIPTION_COLUMNS,
    SURVEY_COLUMNS,
    feature_queries,
)

# Windows (days) for "recent" activity and sentiment trends.
RECENT_DAYS = 180
COST_WINDOW_DAYS = 365
# A partner handles an incident well when it acknowledges within a day and resolves
# within a week (the SQL in feature_sql says 1 and 7 too).
INCIDENT_ACK_DAYS = 1
INCIDENT_RESOLVE_DAYS = 7

STAGES = ("prospect", "onboarding", "active", "renewal", "at_risk", "departed", "won_back")


@dataclass
class Features:
    """Feature columns aligned with `customer_ids` (ascending); a customer without a row
    has the column's missing value of the registry (feature_sql: 0 or NaN)."""

    customer_ids: np.ndarray
    as_of_day: float
    columns: dict[str, np.ndarray]
    # Several rows per customer, sorted by customer ("renewals": see renewal_rows).
    rows: dict[str, np.ndarray] = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def __len__(self) -> int:
        return int(self.customer_ids.size)


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
    raw: dict[str, np.ndarray] = {}
    for name, rows in zip(wanted[1:], results[1:], strict=True):
        found: list[tuple] | np.ndarray = rows
        if name in _KEPT_ROWS:
            kept, keep = _KEPT_ROWS[name]
            raw[kept] = keep(rows)
        if name in _REDUCERS:
            found = _REDUCERS[name](rows, epoch_days(as_of))
        _scatter(columns, ids, found, queries[name][1])
    return Features(customer_ids=ids, as_of_day=epoch_days(as_of), columns=columns, rows=raw)


def _params(lo: int, hi: int, as_of: datetime) -> dict[str, Any]:
    adapt = connection.ops.adapt_datetimefield_value
    return {
        "lo": lo,
        "hi": hi,
        "as_of": adapt(as_of),
        "recent": adapt(as_of - timedelta(days=RECENT_DAYS)),
        "exit_from": adapt(as_of - timedelta(days=settings.ACCORD_EXIT_INTENT_DAYS)),
        "ack_due": adapt(as_of - timedelta(days=INCIDENT_ACK_DAYS)),
        "resolve_due": adapt(as_of - timedelta(days=INCIDENT_RESOLVE_DAYS)),
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
    names: dict[str, float],
) -> None:
    """Place query rows (customer_id first) at their customers' positions; NULL and no
    row give the column's missing value (`names`: column -> missing value)."""
    for name, missing in names.items():
        columns[name] = np.full(ids.size, missing)
    if len(rows) == 0:
        return
    try:
        data = np.array(rows, dtype=float)
    except TypeError:  # a NULL the query did not coalesce
        data = np.array(
            [[np.nan if value is None else float(value) for value in row] for row in rows],
            dtype=float,
        )
    data[data <= NULL_FLOAT] = np.nan
    positions = np.searchsorted(ids, data[:, 0].astype(np.int64))
    valid = (positions < ids.size) & (ids[np.minimum(positions, ids.size - 1)] == data[:, 0])
    for offset, (name, missing) in enumerate(names.items(), start=1):
        values = data[valid, offset]
        if not np.isnan(missing):
            values = np.nan_to_num(values, nan=missing)
        columns[name][positions[valid]] = values


def _group_starts(keys: np.ndarray) -> np.ndarray:
    """Where each run of equal keys starts in a sorted array."""
    return np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])


def _order_rows(rows: list[tuple], as_of_day: float) -> np.ndarray:
    """Order rows (customer, day, amount, list amount), sorted by customer then time ->
    one row per customer in ORDER_COLUMNS order.

    Same-day orders merge into one purchase day first. Sums run in row order, so a
    customer's numbers are the same whether fetched alone or in a chunk.
    """
    if not rows:
        return np.zeros((0, len(ORDER_COLUMNS) + 1))
    customer, day, amount, listed = np.array(rows, dtype=float).T
    new_day = np.r_[True, (customer[1:] != customer[:-1]) | (day[1:] != day[:-1])]
    days = np.flatnonzero(new_day)
    count = np.diff(np.r_[days, customer.size]).astype(float)
    customer, day = customer[days], day[days]
    spend = np.add.reduceat(amount, days)
    listed = np.add.reduceat(listed, days)
    starts = _group_starts(customer)
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


def _survey_rows(rows: list[tuple], as_of_day: float) -> np.ndarray:
    """Survey answers (customer, time, items...), sorted by customer then time -> one row
    per customer in SURVEY_COLUMNS order: the latest answer's items, the number of
    answers, and mean sentiment and NPS over the recent window and before it (NaN where
    no answer gave one, as SQL's AVG ignores NULLs)."""
    if not rows:
        return np.zeros((0, len(SURVEY_COLUMNS) + 1))
    data = np.array(rows, dtype=float)
    data[data <= NULL_FLOAT] = np.nan
    customer, moment = data[:, 0], data[:, 1]
    starts = _group_starts(customer)
    ends = np.r_[starts[1:], customer.size] - 1
    recent = moment >= as_of_day - RECENT_DAYS
    items = {name: data[:, 2 + i] for i, name in enumerate(LATEST_SURVEY_COLUMNS)}
    means = [
        _group_mean(items[name], window, starts)
        for name in ("comment_sentiment", "nps")
        for window in (recent, ~recent)
    ]
    sentiment_recent, sentiment_older, nps_recent, nps_older = means
    return np.column_stack(
        [
            customer[starts],
            data[ends, 2:],
            np.diff(np.r_[starts, customer.size]).astype(float),
            sentiment_recent,
            sentiment_older,
            nps_recent,
            nps_older,
        ]
    )


def _group_mean(values: np.ndarray, window: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per group: mean of the values inside the window that are not NaN (NaN if none)."""
    counted = window & ~np.isnan(values)
    total = np.add.reduceat(np.where(counted, values, 0.0), starts)
    count = np.add.reduceat(counted.astype(float), starts)
    return np.divide(total, count, out=np.full(total.size, np.nan), where=count > 0)


# Subscription rows: customer, active, term end day, exit fee, auto-renew, notice days,
# monthly price, list price, transfer code held, start day, renewal term months.
_ACTIVE, _TERM_END, _FEE, _AUTO, _NOTICE, _PRICE, _LIST, _CODE, _START, _TERM = range(1, 11)


def _subscription_rows(rows: list[tuple], as_of_day: float) -> np.ndarray:
    """Subscriptions sorted by customer -> one row per customer in SUBSCRIPTION_COLUMNS
    order: counts, the longest active term's end, the highest active exit fee, whether an
    active one renews itself (silently: with 30+ days' notice), active prices, a withheld
    transfer code, the first start. NaN for a term end with no active subscription."""
    if not rows:
        return np.zeros((0, len(SUBSCRIPTION_COLUMNS) + 1))
    data = np.array(rows, dtype=float)
    active = data[:, _ACTIVE] > 0
    renews = active & (data[:, _AUTO] > 0)
    starts = _group_starts(data[:, 0])
    term_end = np.maximum.reduceat(np.where(active, data[:, _TERM_END], -np.inf), starts)
    return np.column_stack(
        [
            data[starts, 0],
            np.add.reduceat(active.astype(float), starts),
            np.add.reduceat((~active).astype(float), starts),
            np.where(np.isfinite(term_end), term_end, np.nan),
            np.maximum.reduceat(np.where(active, data[:, _FEE], 0.0), starts),
            np.maximum.reduceat(renews.astype(float), starts),
            np.maximum.reduceat((renews & (data[:, _NOTICE] >= 30)).astype(float), starts),
            np.add.reduceat(np.where(active, data[:, _PRICE], 0.0), starts),
            np.add.reduceat(np.where(active, data[:, _LIST], 0.0), starts),
            np.maximum.reduceat(data[:, _CODE], starts),
            np.minimum.reduceat(data[:, _START], starts),
        ]
    )


def renewal_rows(rows: list[tuple]) -> np.ndarray:
    """The active subscriptions as (customer, renewal term months, start day, monthly
    price) rows, in customer order: retention value is per subscription (renewals.py)."""
    if not rows:
        return np.zeros((0, 4))
    data = np.array(rows, dtype=float)
    return data[data[:, _ACTIVE] > 0][:, [0, _TERM, _START, _PRICE]]


_REDUCERS = {
    "orders": _order_rows,
    "surveys": _survey_rows,
    "subscriptions": _subscription_rows,
}
# Queries whose raw rows are also kept, reduced otherwise, in Features.rows[name].
_KEPT_ROWS = {"subscriptions": ("renewals", renewal_rows)}
