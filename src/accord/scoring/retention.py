"""Retention for subscriptions: the shifted-beta-geometric model (sBG) and residual lifetime.

Fader & Hardie (2007), "How to Project Customer Retention": each subscriber renews every
period with their own probability 1 - theta, theta ~ Beta(alpha, beta) across subscribers.
T, the period in which a subscriber leaves, has P(T = t) = B(alpha + 1, beta + t - 1) /
B(alpha, beta) and survival S(t) = P(T > t) = B(alpha, beta + t) / B(alpha, beta).
Fader & Hardie (2010) give the discounted expected residual lifetime (DERL) in closed form
with the Gaussian hypergeometric function. Pure NumPy/SciPy, arrays in and out, so the
batch and the incremental scorer call the same functions.

    params = fit_survivors([1000, 869, 743, 653, 593, 551, 517, 491])  # alpha, beta, LL
    fit_sbg(periods, churned, weights)        # any mix of cohorts, censored or not
    fit_geometric(periods, churned, weights)  # its limit when nobody differs from anyone
    renewal_probability(params, renewals)     # P(renew at the next decision)
    residual_lifetime(params, renewals, 0.1)  # DERL, in periods' worth of payments

Bad input raises RetentionInputError (a ValueError) with a plain message, never NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from accord.scoring.likelihood import Floats, minimise
from accord.scoring.transactions import ClvInputError

__all__ = [
    "NoSpreadError",
    "RetentionInputError",
    "SbgParams",
    "fit_geometric",
    "fit_sbg",
    "fit_survivors",
    "renewal_probability",
    "residual_lifetime",
    "sbg_log_likelihood",
    "survival",
]

# Relative agreement hyp2f1 must show with the one-step recurrence of DERL to be trusted.
_RECURRENCE_TOLERANCE = 1e-9
# A fit with alpha + beta beyond this has no spread to speak of (theta's standard
# deviation below 0.005): it is running along the ridge towards the geometric limit.
NO_SPREAD = 1e4
# alpha + beta of the geometric limit (fit_geometric): no spread between subscribers.
GEOMETRIC_CONCENTRATION = 1e6
# The series fallback stops where the remaining tail is below this share of the sum.
_SERIES_PRECISION = 1e-17


class RetentionInputError(ClvInputError):
    """The data cannot give a meaningful retention fit; the message says why."""


class NoSpreadError(RetentionInputError):
    """The fit runs to alpha, beta -> infinity: every subscriber renews alike (geometric)."""


@dataclass(frozen=True)
class SbgParams:
    """sBG: each subscriber's churn probability per period theta ~ Beta(alpha, beta).

    log_likelihood is the total over `subscribers` (0 and 0 for parameters not fitted).
    """

    alpha: float
    beta: float
    log_likelihood: float = 0.0
    subscribers: int = 0


def _log_terms(theta: np.ndarray, data: tuple[np.ndarray, ...], gradient: bool):
    """Per-row log-likelihood (and gradient in log-parameters): log P(T = t) for a row
    that left in period t, log S(t) for one still there after t periods."""
    alpha, beta = np.exp(theta)
    periods, churned, _ = data
    # Churned: B(alpha + 1, beta + t - 1) / B(alpha, beta); censored: B(alpha, beta + t) / ...
    a = np.where(churned, alpha + 1.0, alpha)
    b = np.where(churned, beta + periods - 1.0, beta + periods)
    values = special.betaln(a, b) - special.betaln(alpha, beta)
    if not gradient:
        return values, None
    total = special.digamma(a + b)
    base_total = special.digamma(alpha + beta)
    d_alpha = special.digamma(a) - total - special.digamma(alpha) + base_total
    d_beta = special.digamma(b) - total - special.digamma(beta) + base_total
    return values, np.stack([d_alpha * alpha, d_beta * beta])


def _objective(theta: np.ndarray, data: tuple[np.ndarray, ...]) -> tuple[float, np.ndarray]:
    weights = data[2]
    total = weights.sum()
    values, grad = _log_terms(theta, data, gradient=True)
    assert grad is not None
    value = -float(weights @ values) / total
    slope = -(grad @ weights) / total
    if not np.isfinite(value) or not np.isfinite(slope).all():
        return 1e10, np.zeros(2)
    return value, slope


def _fit_arrays(periods: Floats, churned: Floats, weights: Floats | None) -> tuple[np.ndarray, ...]:
    periods_array = np.asarray(periods, dtype=np.float64).ravel()
    churned_array = np.asarray(churned, dtype=bool).ravel()
    weight_array = (
        np.ones_like(periods_array)
        if weights is None
        else np.asarray(weights, dtype=np.float64).ravel()
    )
    if not (periods_array.size == churned_array.size == weight_array.size):
        raise RetentionInputError("periods, churned and weights must have the same length")
    if not (np.isfinite(periods_array).all() and np.isfinite(weight_array).all()):
        raise RetentionInputError("periods and weights must be finite numbers")
    if (periods_array != np.round(periods_array)).any() or (periods_array < 0).any():
        raise RetentionInputError("periods must be whole numbers, 0 or more")
    if (churned_array & (periods_array < 1)).any():
        raise RetentionInputError("a subscriber who left did so in period 1 or later")
    if (weight_array < 0).any():
        raise RetentionInputError("weights must not be negative")
    return periods_array, churned_array, weight_array


def _check_identified(periods: np.ndarray, churned: np.ndarray, weights: np.ndarray) -> None:
    """Refuse data whose likelihood has no finite maximum, in words a person can act on."""
    counted = weights > 0
    left = counted & churned
    stayed = counted & ~churned & (periods > 0)
    if not left.any() and not stayed.any():
        raise RetentionInputError("no subscriber was observed for a whole period")
    if not left.any():
        raise RetentionInputError(
            "nobody left: with no churn at all, retention is 100 % and alpha, beta cannot be "
            "estimated"
        )
    if not stayed.any():
        raise RetentionInputError(
            "everyone left: with no subscriber still there, alpha and beta cannot be estimated"
        )
    if periods[left | stayed].max() < 2:
        raise RetentionInputError(
            "a single period of renewals fixes only the first-period retention rate; "
            "alpha and beta need at least two periods"
        )


def fit_sbg(periods: Floats, churned: Floats, weights: Floats | None = None) -> SbgParams:
    """Fit sBG by maximum likelihood on subscribers of any cohorts.

    Per row: `periods` = the period in which the subscriber left (churned True, 1 or more)
    or the number of periods they have completed and are still in (churned False, their
    survival is censored there); `weights` = how many subscribers the row stands for.
    Raises RetentionInputError when the data cannot identify alpha and beta (nobody
    left, everyone left, a single period) or the fit runs to a degenerate corner.
    """
    periods_array, churned_array, weight_array = _fit_arrays(periods, churned, weights)
    _check_identified(periods_array, churned_array, weight_array)
    keep = (weight_array > 0) & (churned_array | (periods_array > 0))
    data = (periods_array[keep], churned_array[keep], weight_array[keep])
    start = np.log([1.0, 1.0])
    try:
        theta = minimise(_objective, start, data, "sBG")
    except ClvInputError:
        theta = np.full(2, np.inf)
    alpha, beta = (float(v) for v in np.exp(theta))
    if not alpha + beta < NO_SPREAD:
        renew = 1.0 - float(data[1] @ data[2]) / float(data[0] @ data[2])
        raise NoSpreadError(
            "alpha and beta run off to infinity: retention does not rise with tenure as "
            "sBG assumes, so subscribers show no spread; a constant retention of "
            f"{renew:.1%} a period (the geometric model) fits as well"
        )
    values, _ = _log_terms(theta, data, gradient=False)
    return SbgParams(alpha, beta, float(data[2] @ values), int(np.rint(weight_array.sum())))


def fit_geometric(periods: Floats, churned: Floats, weights: Floats | None = None) -> SbgParams:
    """The limit of sBG with no spread between subscribers: everyone leaves with the same
    probability theta each period (theta = departures / periods at risk, the maximum
    likelihood estimate under censoring). Returned as sBG with alpha + beta = GEOMETRIC_
    CONCENTRATION, which behaves like the limit to far more digits than any money shows.
    For data where the sBG fit runs to that limit (retention that does not rise with
    tenure); raises RetentionInputError when nobody or everybody left."""
    periods_array, churned_array, weight_array = _fit_arrays(periods, churned, weights)
    _check_identified(periods_array, churned_array, weight_array)
    departures = float(weight_array[churned_array].sum())
    at_risk = float(weight_array @ periods_array)
    theta = departures / at_risk
    values, _ = _log_terms(
        np.log([theta * GEOMETRIC_CONCENTRATION, (1 - theta) * GEOMETRIC_CONCENTRATION]),
        (periods_array, churned_array, weight_array),
        gradient=False,
    )
    return SbgParams(
        theta * GEOMETRIC_CONCENTRATION,
        (1 - theta) * GEOMETRIC_CONCENTRATION,
        float(weight_array @ values),
        int(np.rint(weight_array.sum())),
    )


def survivors_to_rows(survivors: Floats) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One cohort's counts N0 >= N1 >= ... >= Nk at the start of each period -> fit rows:
    N(t-1) - N(t) left in period t (t = 1..k), Nk still there after k periods."""
    counts = np.asarray(survivors, dtype=np.float64).ravel()
    if counts.size < 2:
        raise RetentionInputError(
            "need the counts at the start of at least two periods (N0 and N1)"
        )
    if not np.isfinite(counts).all() or (counts != np.round(counts)).any():
        raise RetentionInputError("survivor counts must be whole numbers")
    if (counts < 0).any():
        raise RetentionInputError("survivor counts must not be negative")
    if counts[0] == 0:
        raise RetentionInputError("the cohort is empty: N0 is 0")
    rises = np.flatnonzero(np.diff(counts) > 0)
    if rises.size:
        t = int(rises[0]) + 1
        raise RetentionInputError(
            f"survivors cannot increase: {counts[t]:.0f} at period {t} after "
            f"{counts[t - 1]:.0f} at period {t - 1}"
        )
    k = counts.size - 1
    periods = np.arange(1, k + 2, dtype=np.float64)
    periods[-1] = k
    churned = np.ones(k + 1, dtype=bool)
    churned[-1] = False
    weights = np.append(-np.diff(counts), counts[-1])
    return periods, churned, weights


def fit_survivors(survivors: Floats) -> SbgParams:
    """Fit sBG on one cohort given how many remain at the start of each period (N0..Nk)."""
    counts = np.asarray(survivors, dtype=np.float64).ravel()
    periods, churned, weights = survivors_to_rows(counts)
    if counts[-1] == 0:
        raise RetentionInputError(
            f"everyone left by period {counts.size - 1}: with no survivor, alpha and beta "
            "cannot be estimated"
        )
    if counts[-1] == counts[0]:
        raise RetentionInputError(
            "nobody left: with no churn at all, retention is 100 % and alpha, beta cannot "
            "be estimated"
        )
    if counts.size < 3:
        raise RetentionInputError(
            "a single period of renewals fixes only the first-period retention rate "
            f"({counts[1] / counts[0]:.1%}); alpha and beta need at least two periods"
        )
    return fit_sbg(periods, churned, weights)


def sbg_log_likelihood(params: SbgParams, periods: Floats, churned: Floats) -> np.ndarray:
    """Log-likelihood of each row (see fit_sbg) under `params`."""
    periods_array, churned_array, weights = _fit_arrays(periods, churned, None)
    theta = np.log([params.alpha, params.beta])
    values, _ = _log_terms(theta, (periods_array, churned_array, weights), gradient=False)
    return values


def survival(params: SbgParams, periods: Floats) -> np.ndarray:
    """S(t): the share of a new cohort still subscribed after t periods (t >= 0)."""
    t = np.asarray(periods, dtype=np.float64)
    if not np.isfinite(t).all() or (t < 0).any():
        raise RetentionInputError("periods must be finite and 0 or more")
    return np.exp(
        special.betaln(params.alpha, params.beta + t) - special.betaln(params.alpha, params.beta)
    )


def renewal_probability(params: SbgParams, renewals: Floats) -> np.ndarray:
    """Probability that a subscriber who has renewed n times renews once more:
    (beta + n) / (alpha + beta + n), the posterior mean of 1 - theta."""
    n = _renewals(renewals)
    return (params.beta + n) / (params.alpha + params.beta + n)


def residual_lifetime(params: SbgParams, renewals: Floats, discount_rate: float) -> np.ndarray:
    """DERL (Fader & Hardie 2010): the expected number of further payments, each discounted
    by (1 + discount_rate) per period, of a subscriber who has renewed n times, valued at
    the next renewal decision (that renewal's payment undiscounted):

        (beta + n) / (alpha + beta + n) * 2F1(1, beta + n + 1; alpha + beta + n + 1; 1 / (1 + d))

    Times the margin per period, it is the subscriber's residual lifetime value.
    discount_rate is per period and must be above 0 (at 0 the lifetime is infinite
    whenever alpha <= 1).
    """
    n = _renewals(renewals)
    if not math.isfinite(discount_rate) or discount_rate <= 0:
        raise RetentionInputError("the discount rate per period must be above 0")
    values, inverse = np.unique(n, return_inverse=True)
    derl = _closed_form(params, values, discount_rate)
    for i in np.flatnonzero(~_trusted(params, values, derl, discount_rate)).tolist():
        derl[i] = _series(params, float(values[i]), discount_rate)
    return derl[inverse].reshape(n.shape)


def _renewals(renewals: Floats) -> np.ndarray:
    n = np.asarray(renewals, dtype=np.float64)
    if not np.isfinite(n).all() or (n < 0).any():
        raise RetentionInputError("renewals must be finite and 0 or more")
    return n


def _closed_form(params: SbgParams, n: np.ndarray, d: float) -> np.ndarray:
    alpha, beta = params.alpha, params.beta
    with np.errstate(all="ignore"):
        return (
            (beta + n)
            / (alpha + beta + n)
            * special.hyp2f1(1.0, beta + n + 1.0, alpha + beta + n + 1.0, 1.0 / (1.0 + d))
        )


def _trusted(params: SbgParams, n: np.ndarray, derl: np.ndarray, d: float) -> np.ndarray:
    """Rows where hyp2f1 is right. SciPy's hyp2f1 gives NaN, infinity or wrong numbers
    near z = 1 when alpha is close to an integer or beta + n is large; a true value lies in
    [0, (1 + d) / d] and satisfies DERL(n) = p(n) (1 + DERL(n + 1) / (1 + d)), p(n) the
    renewal probability (renew now, then be one renewal older one period later)."""
    following = _closed_form(params, n + 1.0, d)
    renew = renewal_probability(params, n)
    with np.errstate(all="ignore"):
        recurrence = renew * (1.0 + following / (1.0 + d))
        return (
            np.isfinite(derl)
            & np.isfinite(following)
            & (derl >= 0)
            & (derl <= (1.0 + d) / d)
            & (np.abs(recurrence - derl) <= _RECURRENCE_TOLERANCE * derl)
        )


def _series(params: SbgParams, n: float, d: float) -> float:
    """DERL by summing its hypergeometric series: term k+1 / term k = (b + k) / (c + k) z
    < z, so after K terms the tail is below term_K z / (1 - z); K depends on d only."""
    z = 1.0 / (1.0 + d)
    terms = math.ceil(math.log(_SERIES_PRECISION * (1.0 - z)) / math.log(z)) + 1
    k = np.arange(terms - 1, dtype=np.float64)
    b = params.beta + n + 1.0
    c = params.alpha + params.beta + n + 1.0
    log_terms = np.cumsum(np.log((b + k) / (c + k)) + math.log(z))
    return float((params.beta + n) / (c - 1.0) * (1.0 + np.exp(log_terms).sum()))
