"""Customer lifetime value: BG/NBD purchase counts and P(alive), Gamma-Gamma spend, CLV.

Pure NumPy/SciPy, array in and array out, so the full-book batch and the per-customer
incremental scorer call the same functions. Time is in periods (weeks unless the caller
summarised in days); the fitted parameters carry that unit, so predict in the same unit.

Typical use (x, t_x, T, m from `accord.scoring.transactions.summarise_transactions`)::

    bgnbd = fit_bgnbd(x, t_x, T)                    # BgNbdParams(r, alpha, a, b, ...)
    spend = fit_gamma_gamma(x, m)                   # GammaGammaParams(p, q, gamma, ...)
    alive = p_alive(bgnbd, x, t_x, T)               # probability in [0, 1]
    n52 = expected_purchases(bgnbd, 52.0, x, t_x, T)  # purchases in the next 52 weeks
    avg = expected_average_spend(spend, x, m)       # money per future purchase
    clv = customer_lifetime_value(bgnbd, spend, x, t_x, T, m)  # discounted money, 12 months

Gamma-Gamma lives in accord.scoring.gamma_gamma and is re-exported here, so callers need
only this module. Bad input raises ClvInputError (a ValueError) with a plain message
instead of giving NaN. Identical (x, t_x, T) rows are merged before fitting, so a
million-customer book fits in a few seconds (bench/clv.py).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import integrate, special

from accord.scoring.gamma_gamma import GammaGammaParams, expected_average_spend, fit_gamma_gamma
from accord.scoring.likelihood import Floats, as_float_arrays, minimise
from accord.scoring.rules import DAYS_PER_MONTH
from accord.scoring.transactions import ClvInputError, RfmSummary, summarise_transactions

__all__ = [
    "DAYS_PER_MONTH",
    "WEEKS_PER_MONTH",
    "BgNbdParams",
    "ClvInputError",
    "GammaGammaParams",
    "RfmSummary",
    "bgnbd_log_likelihood",
    "customer_lifetime_value",
    "expected_average_spend",
    "expected_purchases",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "p_alive",
    "summarise_transactions",
]

WEEKS_PER_MONTH = DAYS_PER_MONTH / 7

# Times are rounded to this many decimals before identical rows are merged into weights.
_ROUND_DECIMALS = 6
# Half-width of the band around a = 1 where expected purchases are interpolated in a.
_NEAR_ONE = 1e-4


@dataclass(frozen=True)
class BgNbdParams:
    """BG/NBD: purchase rate ~ Gamma(r, alpha), dropout chance ~ Beta(a, b).

    alpha is in periods (weeks if fitted on weeks). log_likelihood is the total over
    `customers`.
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    customers: int


def _check_rfm(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> None:
    if (x < 0).any() or (t_x < 0).any():
        raise ClvInputError("frequency and recency must not be negative")
    if (t_x > T + 1e-9).any():
        raise ClvInputError("recency is larger than T for some customer")
    if ((x == 0) & (t_x > 0)).any():
        raise ClvInputError("a customer without repeat purchases has a recency above 0")


# ---- BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way") ----


def _compress(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, ...]:
    """Merge identical (x, t_x, T) rows: big books repeat a lot, so fits and predictions
    run on the distinct rows. Returns x, t_x, T, weights of the distinct rows and, per
    input row, the index of its distinct row."""
    rows = np.round(np.stack([x, t_x, T]), _ROUND_DECIMALS)
    order = np.lexsort(rows[::-1])
    rows = rows[:, order]
    new = np.ones(rows.shape[1], dtype=bool)
    new[1:] = (np.diff(rows, axis=1) != 0).any(axis=0)
    starts = np.flatnonzero(new)
    weights = np.diff(np.append(starts, rows.shape[1])).astype(np.float64)
    distinct_of_row = np.empty(rows.shape[1], dtype=np.intp)
    distinct_of_row[order] = np.cumsum(new) - 1
    return rows[0, starts], rows[1, starts], rows[2, starts], weights, distinct_of_row


def _bgnbd_terms(theta: np.ndarray, data: tuple[np.ndarray, ...], gradient: bool):
    """Per-row log-likelihood (and its gradient in log-parameters) of BG/NBD."""
    r, alpha, a, b = np.exp(theta)
    x, t_x, T, _, x_values, x_of_row = data
    # The gamma-function terms depend on x only: evaluate them on the few distinct x.
    head = (
        special.gammaln(r + x_values)
        - special.gammaln(r)
        + r * np.log(alpha)
        + special.betaln(a, b + x_values)
        - special.betaln(a, b)
    )[x_of_row]
    has_repeat = x > 0
    log_alpha_T, log_alpha_tx = np.log(alpha + T), np.log(alpha + t_x)
    a3 = -(r + x) * log_alpha_T
    b_x1 = np.where(has_repeat, b + x - 1, 1.0)
    a4 = np.where(has_repeat, np.log(a) - np.log(b_x1) - (r + x) * log_alpha_tx, -np.inf)
    mix = np.logaddexp(a3, a4)
    if not gradient:
        return head + mix, None
    w3, w4 = np.exp(a3 - mix), np.exp(a4 - mix)
    dig_r = (special.digamma(r + x_values) - special.digamma(r))[x_of_row]
    dig_ab = special.digamma(a + b) - special.digamma(a + b + x_values)
    dig_b = (special.digamma(b + x_values) - special.digamma(b) + dig_ab)[x_of_row]
    d_r = dig_r + np.log(alpha) - w3 * log_alpha_T - w4 * log_alpha_tx
    d_alpha = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + t_x))
    d_a = dig_ab[x_of_row] + w4 / a
    d_b = dig_b - w4 / b_x1
    grad = np.stack([d_r * r, d_alpha * alpha, d_a * a, d_b * b])
    return head + mix, grad


def _bgnbd_objective(theta: np.ndarray, data: tuple[np.ndarray, ...]) -> tuple[float, np.ndarray]:
    weights = data[3]
    total = weights.sum()
    values, grad = _bgnbd_terms(theta, data, gradient=True)
    assert grad is not None
    value = -float(weights @ values) / total
    slope = -(grad @ weights) / total
    if not np.isfinite(value) or not np.isfinite(slope).all():
        # Tell the optimiser this point is bad instead of stopping on NaN.
        return 1e10, np.zeros(4)
    return value, slope


def _check_fit_data(x: np.ndarray, T: np.ndarray) -> None:
    if x.size < 2:
        raise ClvInputError(f"need at least 2 customers to fit CLV, got {x.size}")
    if not (T > 0).any():
        raise ClvInputError("every customer's first purchase is on the calibration end (T = 0)")
    if not (x > 0).any():
        raise ClvInputError("no customer bought again after their first purchase day")


def fit_bgnbd(x: Floats, t_x: Floats, T: Floats) -> BgNbdParams:
    """Fit BG/NBD by maximum likelihood on the whole book.

    x: repeat purchases; t_x: recency; T: age, per customer, in periods (weeks usually).
    Returns BgNbdParams with the total log-likelihood. Raises ClvInputError when the data
    cannot identify the model (fewer than 2 customers, no repeat buyer, all T = 0).
    """
    x, t_x, T = as_float_arrays(x, t_x, T)
    _check_rfm(x, t_x, T)
    _check_fit_data(x, T)
    cx, ctx, cT, weights, _ = _compress(x, t_x, T)
    x_values, x_of_row = np.unique(cx, return_inverse=True)
    data = (cx, ctx, cT, weights, x_values, x_of_row.ravel())
    # Start at r = 1 with alpha matching the mean purchase rate, a = 1, b = 3.
    rate = max(float(weights @ cx) / max(float(weights @ cT), 1e-9), 1e-6)
    start = np.log([1.0, 1.0 / rate, 1.0, 3.0])
    theta = minimise(_bgnbd_objective, start, data, "BG/NBD")
    values, _ = _bgnbd_terms(theta, data, gradient=False)
    r, alpha, a, b = (float(v) for v in np.exp(theta))
    return BgNbdParams(r, alpha, a, b, float(weights @ values), int(x.size))


def bgnbd_log_likelihood(params: BgNbdParams, x: Floats, t_x: Floats, T: Floats) -> np.ndarray:
    """Log-likelihood of each customer's (x, t_x, T) under `params` (times in periods)."""
    x, t_x, T = as_float_arrays(x, t_x, T)
    _check_rfm(x, t_x, T)
    x_values, x_of_row = np.unique(x, return_inverse=True)
    theta = np.log([params.r, params.alpha, params.a, params.b])
    data = (x, t_x, T, np.ones_like(x), x_values, x_of_row.ravel())
    values, _ = _bgnbd_terms(theta, data, gradient=False)
    return values


def _log_dead_odds(params: BgNbdParams, x: np.ndarray, t_x: np.ndarray, T: np.ndarray):
    """log of P(dead at T) / P(alive at T) given the history; -inf when x == 0."""
    has_repeat = x > 0
    b_x1 = np.where(has_repeat, params.b + x - 1, 1.0)
    odds = (
        np.log(params.a)
        - np.log(b_x1)
        + (params.r + x) * (np.log(params.alpha + T) - np.log(params.alpha + t_x))
    )
    return np.where(has_repeat, odds, -np.inf)


def p_alive(params: BgNbdParams, x: Floats, t_x: Floats, T: Floats) -> np.ndarray:
    """Probability in [0, 1] that each customer is still active at T (times in periods)."""
    x, t_x, T = as_float_arrays(x, t_x, T)
    _check_rfm(x, t_x, T)
    return special.expit(-_log_dead_odds(params, x, t_x, T))


def expected_purchases(
    params: BgNbdParams, t: Floats, x: Floats, t_x: Floats, T: Floats
) -> np.ndarray:
    """Expected repeat purchases of each customer in the next t periods after T (>= 0)."""
    t, x, t_x, T = as_float_arrays(t, x, t_x, T)
    _check_rfm(x, t_x, T)
    if (t < 0).any():
        raise ClvInputError("the prediction horizon t must not be negative")
    if_alive = _purchases_if_alive(params, t.ravel(), x.ravel(), T.ravel()).reshape(x.shape)
    result = if_alive * special.expit(-_log_dead_odds(params, x, t_x, T))
    return np.maximum(np.nan_to_num(result, nan=0.0, posinf=0.0), 0.0)


def _purchases_if_alive(params: BgNbdParams, t: np.ndarray, x: np.ndarray, T: np.ndarray):
    """Expected purchases in (T, T + t] of a customer known to be alive at T."""
    a = params.a
    if abs(a - 1.0) < _NEAR_ONE:
        # At a == 1 the closed form is 0/0 and cancels badly nearby; it is smooth in a,
        # so interpolate between a = 1 -+ _NEAR_ONE (error ~1e-8 relative).
        lower = _closed_form(params, 1.0 - _NEAR_ONE, t, x, T)
        upper = _closed_form(params, 1.0 + _NEAR_ONE, t, x, T)
        result = lower + (upper - lower) * (a - 1.0 + _NEAR_ONE) / (2 * _NEAR_ONE)
    else:
        result = _closed_form(params, a, t, x, T)
    # Both closed forms fail only for absurd parameters (r in the tens of thousands and
    # such): integrate those few rows numerically rather than return a wrong number.
    for row in np.flatnonzero(_implausible(params, result, t, x, T)):
        result.flat[row] = _integrate_if_alive(params, t.flat[row], x.flat[row], T.flat[row])
    return result


def _closed_form(params: BgNbdParams, a: float, t: np.ndarray, x: np.ndarray, T: np.ndarray):
    r, alpha, b = params.r, params.alpha, params.b
    z = t / (alpha + T + t)
    with np.errstate(all="ignore"):
        # Euler's transformation of (1 - z)^(r + x) 2F1(r + x, b + x; a + b + x - 1; z) keeps
        # the series finite as z -> 1 (the original diverges when r + x > a - 1) ...
        tail = np.exp((a - 1) * np.log1p(-z)) * special.hyp2f1(
            a + b - 1 - r, a - 1, a + b + x - 1, z
        )
        bad = _implausible(params, (a + b + x - 1) / (a - 1) * (1.0 - tail), t, x, T)
        # ... but overflows when a is huge (thousands), where the original form is tame.
        tail[bad] = np.exp((r + x[bad]) * np.log1p(-z[bad])) * special.hyp2f1(
            r + x[bad], b + x[bad], a + b + x[bad] - 1, z[bad]
        )
        return (a + b + x - 1) / (a - 1) * (1.0 - tail)


def _implausible(params: BgNbdParams, purchases, t, x, T) -> np.ndarray:
    """Rows outside [0, purchases if nobody ever dropped out]: hyp2f1 lost its accuracy."""
    ceiling = (params.r + x) * t / (params.alpha + T)
    return (
        ~np.isfinite(purchases) | (purchases < -1e-9 * ceiling) | (purchases > ceiling * 1.000001)
    )


def _integrate_if_alive(params: BgNbdParams, t: float, x: float, T: float) -> float:
    """E over dropout p ~ Beta(a, b + x) of (1 - (1 + p t / (alpha + T))^-(r + x)) / p."""
    scale = t / (params.alpha + T)

    def at_quantile(u: float) -> float:
        # Integrating over the quantile u instead of p: the integrand stays bounded and
        # monotone however spiky the Beta density is (a or b tiny or huge).
        p = float(special.betaincinv(params.a, params.b + x, u))
        if p <= 0:
            return (params.r + x) * scale
        return float(-np.expm1(-(params.r + x) * np.log1p(p * scale)) / p)

    with warnings.catch_warnings():
        # A slow-converging extreme case still gives the best available estimate.
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        value, _ = integrate.quad(at_quantile, 0.0, 1.0, limit=200)
    return value


def customer_lifetime_value(
    bgnbd: BgNbdParams,
    spend: GammaGammaParams,
    x: Floats,
    t_x: Floats,
    T: Floats,
    m: Floats,
    horizon_months: int = 12,
    monthly_discount_rate: float = 0.01,
    periods_per_month: float = WEEKS_PER_MONTH,
) -> np.ndarray:
    """Discounted expected spend of each customer over the next `horizon_months` months.

    Sums, month by month, expected purchases in that month times expected spend per
    purchase, divided by (1 + monthly_discount_rate) ** month (as lifetimes does).
    periods_per_month converts months to the fitting unit (WEEKS_PER_MONTH or
    DAYS_PER_MONTH). Returns money in the unit of m.
    """
    if horizon_months < 0 or monthly_discount_rate <= -1:
        raise ClvInputError("horizon must be >= 0 months and the discount rate above -100 %")
    average = expected_average_spend(spend, x, m)
    x, t_x, T = as_float_arrays(x, t_x, T)
    cx, ctx, cT, _, distinct_of_row = _compress(x.ravel(), t_x.ravel(), T.ravel())
    discounted = np.zeros_like(cx)
    previous = np.zeros_like(cx)
    for month in range(1, horizon_months + 1):
        cumulative = expected_purchases(bgnbd, month * periods_per_month, cx, ctx, cT)
        discounted += (cumulative - previous) / (1 + monthly_discount_rate) ** month
        previous = cumulative
    return average * discounted[distinct_of_row].reshape(x.shape)
