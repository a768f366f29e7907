"""Renewals of the book's subscriptions: cohorts, the book-wide sBG fit, and each
subscriber's retention-based lifetime value.

A period is a subscription's renewal term (`renewal_term_months`: 1 for monthly, 12 for
annual contracts); subscriptions with the same term form one renewal cohort and share one
fitted (alpha, beta), whatever month they started in. Periods are counted from the start
date in steps of term x 365.25 / 12 days, with RENEWAL_SLACK_DAYS of slack for calendar
months of 28 to 31 days. See docs/clv.md, "Subscriptions".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db import connection

from accord.commerce.models import Subscription
from accord.scoring.feature_sql import _date_days, _day
from accord.scoring.likelihood import Floats
from accord.scoring.retention import (
    NoSpreadError,
    RetentionInputError,
    SbgParams,
    fit_geometric,
    fit_sbg,
    renewal_probability,
    residual_lifetime,
)
from accord.scoring.rules import DAYS_PER_MONTH, fill, ratio

# A subscription that ends within this many days of a renewal date did not renew; one
# still running this many days before a renewal date is counted as renewed (calendar
# months run 2.4 days under to 1.6 days over term x 365.25 / 12).
RENEWAL_SLACK_DAYS = 3.0
# Fewer subscribers than this (observed a whole period) cannot pin down alpha and beta.
MIN_FIT_SUBSCRIBERS = 50
# Used for a term the book cannot fit: Fader & Hardie's (2007) "high end" segment.
PRIOR = SbgParams(alpha=0.668, beta=3.806)
# A monthly discount of 0 makes the lifetime infinite when alpha <= 1: floor it (1 bp).
MIN_MONTHLY_DISCOUNT = 0.0001


def completed_periods(days: Floats, term_months: Floats) -> np.ndarray:
    """Renewals made by a subscriber still there after `days` days (0 or more)."""
    period = np.maximum(np.asarray(term_months, dtype=np.float64), 1) * DAYS_PER_MONTH
    return np.maximum(np.floor((np.asarray(days) + RENEWAL_SLACK_DAYS) / period), 0.0)


def period_left(days: Floats, term_months: Floats) -> np.ndarray:
    """The period (1 or more) in which a subscriber who stopped after `days` days left."""
    period = np.maximum(np.asarray(term_months, dtype=np.float64), 1) * DAYS_PER_MONTH
    return np.maximum(np.ceil((np.asarray(days) - RENEWAL_SLACK_DAYS) / period), 1.0)


def params_key(term_months: int, name: str) -> str:
    """Where a term's fitted sBG parameter lives in ClvModel.params (flat floats)."""
    return f"retention_{term_months}m_{name}"


def params_for(params: dict[str, float], term_months: int) -> SbgParams:
    alpha = params.get(params_key(term_months, "alpha"))
    beta = params.get(params_key(term_months, "beta"))
    if alpha is None or beta is None:
        return PRIOR
    return SbgParams(float(alpha), float(beta))


# ---- fitting on the whole book (the batch, before scoring) ----


def fetch_renewal_histogram(as_of: datetime) -> np.ndarray:
    """(term months, left 0/1, days subscribed, count) over every subscription started by
    as_of: one GROUP BY, a few thousand rows however large the book. A cancelled or ended
    subscription left at its end (ended_at, else its term end); an active one is censored
    at as_of."""
    as_of_day = int(as_of.timestamp() // 86400)
    stop = f"COALESCE({_day('ended_at')}, {_date_days('term_end_date')})"
    sql = f"""SELECT renewal_term_months, left_flag, days, COUNT(*) FROM (
        SELECT renewal_term_months,
            CASE WHEN status = 'active' THEN 0 ELSE 1 END AS left_flag,
            CASE WHEN status = 'active' THEN %(as_of_day)s - {_date_days("start_date")}
                ELSE {stop} - {_date_days("start_date")} END AS days
        FROM {Subscription._meta.db_table} WHERE start_date <= %(as_of_date)s) spans
    GROUP BY renewal_term_months, left_flag, days"""
    params = {
        "as_of_day": as_of_day,
        "as_of_date": connection.ops.adapt_datefield_value(as_of.date()),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return np.array(rows, dtype=np.float64).reshape(-1, 4)


def cohort_rows(
    term_months: np.ndarray, left: np.ndarray, days: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Subscription spans -> sBG fit rows (period, churned, weight), identical rows merged."""
    churned = left > 0
    periods = np.where(
        churned, period_left(days, term_months), completed_periods(days, term_months)
    )
    keys, inverse = np.unique(np.stack([periods, churned]), axis=1, return_inverse=True)
    weights = np.bincount(inverse.ravel(), weights=counts, minlength=keys.shape[1])
    return keys[0], keys[1] > 0, weights


def fit_book_retention(histogram: np.ndarray) -> tuple[dict[str, float], str]:
    """One sBG per renewal term found in the book; a term that cannot be fitted keeps the
    prior (the note says why). Returns flat params for ClvModel and a note."""
    params: dict[str, float] = {}
    notes: list[str] = []
    histogram = histogram.copy()
    histogram[:, 0] = np.maximum(histogram[:, 0], 1)  # a 0-month term renews monthly
    for term in np.unique(histogram[:, 0]).astype(int).tolist():
        rows = histogram[histogram[:, 0] == term]
        periods, churned, weights = cohort_rows(rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3])
        observed = float(weights[churned | (periods > 0)].sum())
        if observed < MIN_FIT_SUBSCRIBERS:
            notes.append(f"{term}-month terms: prior, only {observed:.0f} subscribers")
            continue
        try:
            fitted, how = _fit_term(periods, churned, weights)
        except RetentionInputError as error:
            notes.append(f"{term}-month terms: prior, {error}")
            continue
        params[params_key(term, "alpha")] = fitted.alpha
        params[params_key(term, "beta")] = fitted.beta
        notes.append(f"{term}-month terms: {how} on {observed:.0f}")
    return params, "retention " + ("; ".join(notes) if notes else "none: no subscriptions")


def _fit_term(
    periods: np.ndarray, churned: np.ndarray, weights: np.ndarray
) -> tuple[SbgParams, str]:
    """sBG, or its geometric limit when retention does not rise with tenure (the fit runs
    to alpha, beta -> infinity): a book where everyone renews alike is still a book."""
    try:
        fitted = fit_sbg(periods, churned, weights)
        return fitted, f"alpha {fitted.alpha:.3f} beta {fitted.beta:.3f}"
    except NoSpreadError:
        fitted = fit_geometric(periods, churned, weights)
        renew = float(renewal_probability(fitted, 0))
        return fitted, f"geometric, no spread between subscribers, renewal {renew:.1%}"


# ---- applying stored parameters (batch and incremental alike) ----


@dataclass
class SubscriptionValue:
    """Per customer: retention-based value of the active subscriptions, and the numbers
    behind the explanation (of the most valuable subscription; NaN without one)."""

    value: np.ndarray  # EUR, discounted, over the residual lifetime
    subscriptions: np.ndarray  # active subscriptions counted
    renewal_probability: np.ndarray  # 0..1, next renewal
    residual_lifetime: np.ndarray  # DERL, in payments (periods)
    term_months: np.ndarray
    margin_per_period: np.ndarray  # EUR


def margin_share(features) -> np.ndarray:
    """Share of revenue left after cost to serve over the last year, as fair value for
    the company counts it (1 when no cost is recorded; never below 0)."""
    revenue = features["year_spend"] + 12.0 * features["monthly_price"]
    share = fill(ratio(revenue - features["cost_to_serve"], revenue), 0.0)
    return np.where(features["cost_to_serve"] > 0, np.clip(share, 0.0, 1.0), 1.0)


def subscription_value(
    features, rows: np.ndarray, params: dict[str, float], monthly_discount: float
) -> SubscriptionValue:
    """Pure: margin per period x DERL summed over each customer's active subscriptions.

    rows: (customer_id, term months, start day, monthly price) per active subscription,
    sorted by customer. Sums run in row order, so a customer's value is the same whether
    scored alone or in a chunk.
    """
    n = len(features)
    out = SubscriptionValue(np.zeros(n), np.zeros(n), *(np.full(n, np.nan) for _ in range(4)))
    if rows.shape[0] == 0:
        return out
    position = np.searchsorted(features.customer_ids, rows[:, 0].astype(np.int64))
    term = np.maximum(rows[:, 1], 1.0)
    days = np.floor(features.as_of_day) - rows[:, 2]
    renewals = completed_periods(days, term)
    derl, renew = np.zeros(term.size), np.zeros(term.size)
    monthly = max(monthly_discount, MIN_MONTHLY_DISCOUNT)
    for months in np.unique(term).astype(int).tolist():
        at = term == months
        fitted = params_for(params, months)
        discount = (1.0 + monthly) ** months - 1.0
        derl[at] = residual_lifetime(fitted, renewals[at], discount)
        renew[at] = renewal_probability(fitted, renewals[at])
    margin = rows[:, 3] * term * margin_share(features)[position]
    value = margin * derl
    out.value = np.bincount(position, weights=value, minlength=n)
    out.subscriptions = np.bincount(position, minlength=n).astype(np.float64)
    # The most valuable subscription of each customer speaks for them (first on ties).
    order = np.lexsort((-value, position))
    main = order[np.r_[True, position[order][1:] != position[order][:-1]]]
    at = position[main]
    out.renewal_probability[at] = renew[main]
    out.residual_lifetime[at] = derl[main]
    out.term_months[at] = term[main]
    out.margin_per_period[at] = margin[main]
    return out
