"""CLV for scoring: RFM from the order features, fitting on the book, applying stored params.

The batch fits BG/NBD and Gamma-Gamma once on the whole book and stores the parameters
(ClvModel); every scoring path applies the stored parameters through the pure functions
in accord.scoring.clv, so batch and incremental give the same CLV. Time unit: weeks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.scoring import clv

# Used before any batch has fitted the book (a fresh install): moderate purchase rate and
# dropout, roughly the CDNOW estimates, with spend near the demo's typical order.
PRIOR_PARAMS = {
    "r": 0.25,
    "alpha": 4.4,
    "a": 0.8,
    "b": 2.4,
    "p": 6.0,
    "q": 3.7,
    "gamma": 15.0,
}

# Fewer buyers than this cannot pin down seven parameters; the prior is safer.
MIN_FIT_CUSTOMERS = 50
MAX_FIT_CUSTOMERS = 50_000
# Fitted parameters outside this range mean a degenerate fit (see fit_book).
PLAUSIBLE = (1e-4, 1e4)


@dataclass
class Lifetime:
    clv: np.ndarray  # EUR, discounted, over the horizon
    p_alive: np.ndarray  # 0..1 (0 for customers who never bought)
    expected_purchases: np.ndarray  # over the horizon


def rfm(features) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(bought, x, t_x, T, m) in weeks, as summarise_transactions defines them."""
    bought = features["purchase_days"] > 0
    first = np.where(bought, features["first_order_day"], 0.0)
    last = np.where(bought, features["last_order_day"], 0.0)
    x = np.where(bought, features["purchase_days"] - 1.0, 0.0)
    t_x = (last - first) / 7.0
    T = np.maximum(np.floor(features.as_of_day) - first, 0.0) / 7.0
    repeat_spend = features["spend"] - features["first_day_spend"]
    m = np.where(x > 0, repeat_spend / np.where(x > 0, x, 1.0), 0.0)
    return bought, x, t_x, np.where(bought, T, 0.0), np.maximum(m, 0.0)


def fit_book(features) -> tuple[dict[str, float], float | None, str]:
    """Fit both models on the customers with an order (a fixed-seed sample of at most
    MAX_FIT_CUSTOMERS of them); falls back to the prior (with the reason) when the data
    cannot identify the models. Returns (params, log-likelihood, note)."""
    bought, x, t_x, T, m = rfm(features)
    if bought.sum() > MAX_FIT_CUSTOMERS:
        # Seven parameters are pinned down long before a million customers; a fixed
        # seed keeps the fit (and so every CLV) reproducible run to run.
        chosen = np.random.default_rng(0).choice(
            np.flatnonzero(bought), MAX_FIT_CUSTOMERS, replace=False
        )
        bought = np.zeros_like(bought)
        bought[chosen] = True
    if bought.sum() < MIN_FIT_CUSTOMERS:
        return dict(PRIOR_PARAMS), None, f"prior used: only {int(bought.sum())} buyers"
    try:
        bgnbd = clv.fit_bgnbd(x[bought], t_x[bought], T[bought])
        spend = clv.fit_gamma_gamma(x[bought], m[bought])
    except clv.ClvInputError as error:
        return dict(PRIOR_PARAMS), None, f"prior used: {error}"
    params = {
        "r": bgnbd.r,
        "alpha": bgnbd.alpha,
        "a": bgnbd.a,
        "b": bgnbd.b,
        "p": spend.p,
        "q": spend.q,
        "gamma": spend.gamma,
    }
    wild = sorted(name for name, value in params.items() if not PLAUSIBLE[0] < value < PLAUSIBLE[1])
    if wild:
        # A fit that ran to the Poisson corner (no one drops out) describes the book no
        # better than the prior and sends expected_purchases into per-row integration.
        return dict(PRIOR_PARAMS), None, f"prior used: degenerate fit ({', '.join(wild)})"
    return params, bgnbd.log_likelihood, f"fitted on {int(bought.sum())} customers"


def apply_params(
    features, params: dict[str, float], horizon_months: int, discount: float
) -> Lifetime:
    """Pure: CLV, P(alive) and expected purchases per customer with given parameters."""
    bought, x, t_x, T, m = rfm(features)
    n = len(features)
    out = Lifetime(np.zeros(n), np.zeros(n), np.zeros(n))
    if not bought.any():
        return out
    bgnbd = clv.BgNbdParams(params["r"], params["alpha"], params["a"], params["b"], 0.0, 0)
    spend = clv.GammaGammaParams(params["p"], params["q"], params["gamma"], 0.0, 0)
    args = (x[bought], t_x[bought], T[bought])
    out.p_alive[bought] = clv.p_alive(bgnbd, *args)
    # Cumulative expected purchases at the end of every month, in one broadcast call
    # (months x customers) instead of one call per month: the discounted sum is the
    # same as clv.customer_lifetime_value's.
    weeks = np.arange(1, horizon_months + 1, dtype=float)[:, None] * clv.WEEKS_PER_MONTH
    cumulative = clv.expected_purchases(bgnbd, weeks, *(a[None, :] for a in args))
    monthly = np.diff(cumulative, axis=0, prepend=0.0)
    discount_factors = (1.0 + discount) ** -np.arange(1, horizon_months + 1, dtype=float)
    average = clv.expected_average_spend(spend, x[bought], m[bought])
    out.expected_purchases[bought] = cumulative[-1]
    out.clv[bought] = average * (discount_factors @ monthly)
    return out
