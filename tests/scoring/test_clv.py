"""The pure CLV functions: RFM summaries, fits against `lifetimes` as an oracle, parameter
recovery on a simulated book, and properties that must hold for any valid summary."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.scoring.clv import (
    BgNbdParams,
    ClvInputError,
    GammaGammaParams,
    customer_lifetime_value,
    expected_average_spend,
    expected_purchases,
    fit_bgnbd,
    fit_gamma_gamma,
    p_alive,
    summarise_transactions,
)

CDNOW_BGNBD = BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0, customers=0)
CDNOW_SPEND = GammaGammaParams(p=6.25, q=3.74, gamma=15.44, log_likelihood=0, customers=0)


def test_summary_merges_same_day_rows_and_averages_repeat_days() -> None:
    summary = summarise_transactions(
        customer_ids=["b", "a", "a", "a", "a", "b", "c"],
        dates=[
            "2024-01-01",
            "2024-01-01",
            "2024-01-15",
            "2024-01-15",
            "2024-01-08",
            "2024-01-01",
            "2024-03-01",
        ],
        amounts=[7.0, 10.0, 4.0, 6.0, 20.0, 3.0, 99.0],
        calibration_end="2024-01-29",
    )

    assert summary.customer_ids.tolist() == ["a", "b"]  # c bought after the calibration end
    assert summary.frequency.tolist() == [2.0, 0.0]
    assert summary.recency.tolist() == [2.0, 0.0]  # weeks
    assert summary.T.tolist() == [4.0, 4.0]
    assert summary.monetary_value.tolist() == [15.0, 0.0]  # (20 + (4 + 6)) / 2, first day left out


def test_summary_in_days() -> None:
    summary = summarise_transactions(
        [1, 1], ["2024-01-01", "2024-01-04"], [1.0, 2.0], "2024-01-11", period="D"
    )

    assert (summary.frequency[0], summary.recency[0], summary.T[0]) == (1.0, 3.0, 10.0)


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        ([], "no transactions: the input is empty"),
        ([1.0, -2.0], r"amount in row 2 is negative \(-2.0\)"),
        ([1.0, np.nan], "amount in row 2 is not a finite number"),
    ],
)
def test_summary_rejects_bad_amounts(amounts: list[float], message: str) -> None:
    n = len(amounts)
    with pytest.raises(ClvInputError, match=message):
        summarise_transactions(["a"] * n, ["2024-01-01"] * n, amounts, "2024-02-01")


def simulate_book(customers: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A BG/NBD book with the CDNOW parameters, first purchases spread over 12 weeks."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(CDNOW_BGNBD.r, 1 / CDNOW_BGNBD.alpha, customers)
    dropout = rng.beta(CDNOW_BGNBD.a, CDNOW_BGNBD.b, customers)
    T = 39 - np.floor(rng.uniform(0, 84, customers)) / 7
    x, t_x = np.zeros(customers), np.zeros(customers)
    clock = np.zeros(customers)
    alive = np.ones(customers, dtype=bool)
    while alive.any():
        clock = clock + rng.exponential(1 / np.maximum(rate, 1e-12))
        alive &= clock < T
        x += alive
        t_x = np.where(alive, clock, t_x)
        alive &= rng.uniform(size=customers) >= dropout
    return x, t_x, T


def test_fit_recovers_simulated_parameters() -> None:
    x, t_x, T = simulate_book(20_000, seed=7)

    fitted = fit_bgnbd(x, t_x, T)

    assert fitted.customers == 20_000
    assert fitted.r == pytest.approx(CDNOW_BGNBD.r, rel=0.1)
    assert fitted.alpha == pytest.approx(CDNOW_BGNBD.alpha, rel=0.15)
    assert fitted.a == pytest.approx(CDNOW_BGNBD.a, rel=0.25)
    assert fitted.b == pytest.approx(CDNOW_BGNBD.b, rel=0.35)


def test_identical_rows_give_the_same_fit_as_a_duplicated_book() -> None:
    x, t_x, T = simulate_book(2_000, seed=3)

    once = fit_bgnbd(x, t_x, T)
    twice = fit_bgnbd(np.tile(x, 2), np.tile(t_x, 2), np.tile(T, 2))

    assert twice.log_likelihood == pytest.approx(2 * once.log_likelihood, rel=1e-9)
    assert (twice.r, twice.alpha, twice.a, twice.b) == pytest.approx(
        (once.r, once.alpha, once.a, once.b), rel=1e-5
    )


def test_matches_lifetimes_as_oracle() -> None:
    lifetimes = pytest.importorskip("lifetimes")
    pandas = pytest.importorskip("pandas")
    x, t_x, T = simulate_book(3_000, seed=11)
    rng = np.random.default_rng(5)
    m = np.where(x > 0, rng.gamma(6.0, 4.0, x.size), 0.0)

    ours, spend = fit_bgnbd(x, t_x, T), fit_gamma_gamma(x, m)
    theirs = lifetimes.BetaGeoFitter().fit(x, t_x, T)
    their_spend = lifetimes.GammaGammaFitter().fit(x[x > 0], m[x > 0])

    assert (ours.r, ours.alpha, ours.a, ours.b) == pytest.approx(tuple(theirs.params_), rel=1e-3)
    assert (spend.p, spend.q, spend.gamma) == pytest.approx(tuple(their_spend.params_), rel=1e-3)
    np.testing.assert_allclose(
        p_alive(ours, x, t_x, T), theirs.conditional_probability_alive(x, t_x, T), atol=1e-3
    )
    np.testing.assert_allclose(
        expected_purchases(ours, 26.0, x, t_x, T),
        theirs.conditional_expected_number_of_purchases_up_to_time(26.0, x, t_x, T),
        rtol=2e-3,
    )
    np.testing.assert_allclose(
        expected_average_spend(spend, x, m),
        their_spend.conditional_expected_average_profit(x, m),
        rtol=2e-3,
    )
    clv = customer_lifetime_value(ours, spend, x, t_x, T, m, periods_per_month=4.345)
    their_clv = their_spend.customer_lifetime_value(
        theirs, *(pandas.Series(v) for v in (x, t_x, T, m)), time=12, discount_rate=0.01, freq="W"
    )
    np.testing.assert_allclose(clv, np.asarray(their_clv), rtol=5e-3)


@pytest.mark.parametrize(
    ("x", "t_x", "T", "message"),
    [
        ([1.0], [1.0], [2.0], "need at least 2 customers to fit CLV, got 1"),
        ([0.0, 0.0], [0.0, 0.0], [3.0, 5.0], "no customer bought again"),
        ([0.0, 0.0], [0.0, 0.0], [0.0, 0.0], r"calibration end \(T = 0\)"),
        ([1.0, 2.0], [3.0, 1.0], [2.0, 5.0], "recency is larger than T"),
        ([1.0, np.inf], [1.0, 1.0], [2.0, 5.0], "must be finite numbers"),
        ([-1.0, 1.0], [1.0, 1.0], [2.0, 5.0], "must not be negative"),
    ],
)
def test_degenerate_books_are_refused(
    x: list[float], t_x: list[float], T: list[float], message: str
) -> None:
    with pytest.raises(ClvInputError, match=message):
        fit_bgnbd(x, t_x, T)


def test_spend_needs_more_than_one_buyer_and_a_finite_mean() -> None:
    with pytest.raises(ClvInputError, match="at least 2 repeat buyers"):
        fit_gamma_gamma([0.0, 3.0, 1.0], [0.0, 10.0, 0.0])
    with pytest.raises(ClvInputError, match=r"q = 0\.900 <= 1"):
        expected_average_spend(GammaGammaParams(2.0, 0.9, 10.0, 0.0, 0), [0.0], [0.0])


# Log-uniform from 1e-3 to 1e3 covers any plausible fit (CDNOW: 0.24, 4.4, 0.79, 2.4) ...
plausible = st.floats(min_value=-6.9, max_value=6.9).map(math.exp)
# ... and 1e-6 to 1e6 reaches corners where hyp2f1 breaks down and integration takes over.
extreme = st.floats(min_value=-13.8, max_value=13.8).map(math.exp)
# Horizons in weeks: none, or from about a second to ten years. Shorter ones (down to
# 5e-324) only test float underflow of the result, which the ceiling check cannot bound.
horizons = st.one_of(st.just(0.0), st.floats(1e-6, 520.0))


@st.composite
def customers(draw: st.DrawFn, max_size: int = 20) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Valid summaries: T up to 5 years of weeks, recency <= T, 0 recency without repeats,
    and a repeat purchase at least a day (1/7 week) after the first, as purchase days are
    distinct (no repeats for a customer whose first purchase is less than a day old)."""
    size = draw(st.integers(1, max_size))
    T = np.array(draw(st.lists(st.floats(0.0, 260.0), min_size=size, max_size=size)))
    share = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=size, max_size=size)))
    x = np.array(draw(st.lists(st.integers(0, 300), min_size=size, max_size=size)), dtype=float)
    day = 1.0 / 7.0
    x = np.where(day > T, 0.0, x)
    t_x = np.where(x > 0, day + share * (T - day), 0.0)
    return x, t_x, T


@settings(max_examples=300, deadline=None)
@given(st.tuples(plausible, plausible, plausible, plausible), customers(), horizons)
def test_predictions_are_finite_and_ordered(
    params: tuple[float, float, float, float],
    book: tuple[np.ndarray, np.ndarray, np.ndarray],
    t: float,
) -> None:
    bgnbd = BgNbdParams(*params, log_likelihood=0.0, customers=0)
    x, t_x, T = book

    alive = p_alive(bgnbd, x, t_x, T)
    sooner = expected_purchases(bgnbd, t, x, t_x, T)
    later = expected_purchases(bgnbd, t + 4.0, x, t_x, T)

    assert np.isfinite(alive).all() and ((alive >= 0) & (alive <= 1)).all()
    assert np.isfinite(sooner).all() and np.isfinite(later).all()
    assert (sooner >= 0).all()
    # The Gaussian hypergeometric series is accurate to about 1e-5 relative, so a longer
    # horizon may read a hair lower than a shorter one; more than 1e-4 would be a bug.
    assert (later >= sooner * (1 - 1e-4) - 1e-12).all()


@settings(max_examples=60, deadline=None)
@given(st.tuples(extreme, extreme, extreme, extreme), customers(max_size=4), horizons)
def test_predictions_stay_finite_for_absurd_parameters(
    params: tuple[float, float, float, float],
    book: tuple[np.ndarray, np.ndarray, np.ndarray],
    t: float,
) -> None:
    bgnbd = BgNbdParams(*params, log_likelihood=0.0, customers=0)
    x, t_x, T = book

    purchases = expected_purchases(bgnbd, t, x, t_x, T)

    ceiling = (bgnbd.r + x) * t / (bgnbd.alpha + T)  # if nobody ever dropped out
    assert np.isfinite(purchases).all()
    # Same accuracy allowance as above: the hypergeometric series is good to about 1e-5
    # relative, and 1 - (1 - tiny) cancels near t = 0 (a 6e-7 excess was seen at t = 1e-6).
    assert ((purchases >= 0) & (purchases <= ceiling * (1 + 1e-4) + 1e-12)).all()


@settings(max_examples=100, deadline=None)
@given(customers(), st.floats(0.0, 1e5))
def test_lifetime_value_is_finite_and_not_negative(
    book: tuple[np.ndarray, np.ndarray, np.ndarray], spend: float
) -> None:
    x, t_x, T = book
    m = np.where(x > 0, spend, 0.0)

    value = customer_lifetime_value(CDNOW_BGNBD, CDNOW_SPEND, x, t_x, T, m, horizon_months=24)

    assert np.isfinite(value).all() and (value >= 0).all()


@settings(max_examples=30, deadline=None)
@given(customers(), st.lists(st.floats(0.0, 1e4), min_size=20, max_size=20))
def test_fits_give_finite_parameters_or_a_clear_refusal(
    book: tuple[np.ndarray, np.ndarray, np.ndarray], spends: list[float]
) -> None:
    x, t_x, T = book
    m = np.where(x > 0, np.array(spends[: x.size]), 0.0)
    try:
        bgnbd = fit_bgnbd(x, t_x, T)
        spend = fit_gamma_gamma(x, m)
    except ClvInputError as error:
        assert str(error) and "nan" not in str(error).lower()
        return
    fitted = (bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b, bgnbd.log_likelihood, spend.p, spend.q)
    assert np.isfinite(fitted).all()
