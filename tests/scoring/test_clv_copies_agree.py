"""The scorer computes purchase counts, recency and lifetime value its own fast way (from
the order features, for the whole book at once); `accord clv` uses the general functions.
Both must say the same of the same orders."""

from __future__ import annotations

import numpy as np

from accord.scoring import clv
from accord.scoring.feature_sql import ORDER_COLUMNS
from accord.scoring.features import Features, _order_rows
from accord.scoring.lifetime import PRIOR_PARAMS, apply_params, rfm

AS_OF_DAY = 20_000.5  # days since 1970, mid-day


def _book() -> tuple[np.ndarray, np.ndarray, np.ndarray, Features]:
    """Orders of 300 customers (some several on one day, some none) and their features."""
    rng = np.random.default_rng(11)
    customer = np.sort(rng.integers(1, 301, 2_000))
    day = AS_OF_DAY - rng.integers(0, 700, customer.size)
    amount = np.round(rng.uniform(1, 300, customer.size), 2)
    order = np.lexsort((day, customer))
    customer, day, amount = customer[order], day[order].astype(int), amount[order]
    rows = list(zip(customer.tolist(), day.tolist(), amount.tolist(), amount.tolist(), strict=True))
    reduced = _order_rows(rows, AS_OF_DAY)
    ids = np.arange(1, 321)  # 301-320 never ordered
    columns = {name: np.zeros(ids.size) for name in ORDER_COLUMNS}
    at = np.searchsorted(ids, reduced[:, 0].astype(int))
    for offset, name in enumerate(ORDER_COLUMNS, start=1):
        columns[name][at] = reduced[:, offset]
    return customer, day, amount, Features(ids, AS_OF_DAY, columns)


def test_rfm_agrees_with_summarise_transactions() -> None:
    customer, day, amount, features = _book()
    bought, x, t_x, T, m = rfm(features)
    dates = day.astype("datetime64[D]")
    summary = clv.summarise_transactions(
        customer, dates, amount, np.datetime64(int(AS_OF_DAY), "D"), "W"
    )

    assert features.customer_ids[bought].tolist() == summary.customer_ids.tolist()
    np.testing.assert_allclose(x[bought], summary.frequency)
    np.testing.assert_allclose(t_x[bought], summary.recency)
    np.testing.assert_allclose(T[bought], summary.T)
    np.testing.assert_allclose(m[bought], summary.monetary_value)


def test_apply_params_agrees_with_customer_lifetime_value() -> None:
    features = _book()[3]
    bought, x, t_x, T, m = rfm(features)
    params = PRIOR_PARAMS
    bgnbd = clv.BgNbdParams(params["r"], params["alpha"], params["a"], params["b"], 0.0, 0)
    spend = clv.GammaGammaParams(params["p"], params["q"], params["gamma"], 0.0, 0)

    lifetime = apply_params(features, params, horizon_months=12, discount=0.01)
    expected = clv.customer_lifetime_value(
        bgnbd, spend, x[bought], t_x[bought], T[bought], m[bought], 12, 0.01
    )

    # To a millionth: one sums the months in a broadcast call, the other month by month.
    np.testing.assert_allclose(lifetime.clv[bought], expected, rtol=1e-6)
    assert not lifetime.clv[~bought].any()
