"""The sBG model and its residual lifetime: the closed form against independent
computations, one-cohort and individual-level fits agreeing, renewal counting on real
calendar dates, and the geometric limit used when retention does not rise with tenure."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from scipy import integrate, special

from accord.scoring.renewals import cohort_rows, completed_periods, period_left
from accord.scoring.retention import (
    GEOMETRIC_CONCENTRATION,
    NoSpreadError,
    RetentionInputError,
    SbgParams,
    fit_geometric,
    fit_sbg,
    fit_survivors,
    renewal_probability,
    residual_lifetime,
    survival,
    survivors_to_rows,
)

HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


def derl_by_integration(alpha: float, beta: float, n: int, d: float) -> float:
    """E[(1 - theta)(1 + d) / (d + theta)] over theta ~ Beta(alpha, beta + n): the value
    at the next renewal decision of payments that continue while the subscriber renews."""
    b = beta + n

    def integrand(theta: float) -> float:
        density = np.exp(
            (alpha - 1) * np.log(theta) + (b - 1) * np.log1p(-theta) - special.betaln(alpha, b)
        )
        return float(density * (1 - theta) * (1 + d) / (d + theta))

    value, _ = integrate.quad(integrand, 0, 1, limit=500, points=[1e-6, 1e-3, 0.05])
    return value


@pytest.mark.parametrize(
    ("alpha", "beta", "n", "d"),
    [
        (0.668, 3.806, 0, 0.1),
        (0.704, 1.182, 7, 0.1),
        (1.0, 0.3, 0, 0.01),  # alpha an integer: SciPy's hyp2f1 returns garbage here
        (2.0, 0.01, 0, 0.01),  # ... and infinity here
        (0.2, 3.84, 293, 0.01),  # ... and NaN for large beta + n near z = 1
        (4.33, 1689.0, 128, 0.1268),
        (3.5, 12.0, 40, 0.5),
    ],
)
def test_residual_lifetime_equals_the_integral_it_stands_for(alpha, beta, n, d) -> None:
    derl = residual_lifetime(SbgParams(alpha, beta), [n], d)[0]

    assert derl == pytest.approx(derl_by_integration(alpha, beta, n, d), rel=1e-7)


def test_residual_lifetime_obeys_its_one_step_recurrence() -> None:
    """Renew now (one payment), then be one renewal older one period later."""
    params = SbgParams(0.704, 1.182)
    n = np.arange(0, 60)
    derl = residual_lifetime(params, n, 0.0303)
    renew = renewal_probability(params, n)

    np.testing.assert_allclose(derl[:-1], renew[:-1] * (1 + derl[1:] / 1.0303), rtol=1e-10)


def test_renewal_probability_rises_with_renewals_and_matches_survival_ratios() -> None:
    params = SbgParams(0.668, 3.806)
    share = survival(params, np.arange(10))

    np.testing.assert_allclose(renewal_probability(params, np.arange(9)), share[1:] / share[:-1])
    assert renewal_probability(params, [0])[0] == pytest.approx(3.806 / (0.668 + 3.806))


def test_cohort_fit_equals_individual_level_fit_of_the_same_subscribers() -> None:
    periods, churned, weights = survivors_to_rows(HIGH_END)
    one_by_one = np.repeat(np.arange(weights.size), weights.astype(int))

    cohort = fit_survivors(HIGH_END)
    individual = fit_sbg(periods[one_by_one], churned[one_by_one])

    assert individual.alpha == pytest.approx(cohort.alpha, rel=1e-6)
    assert individual.beta == pytest.approx(cohort.beta, rel=1e-6)
    assert individual.log_likelihood == pytest.approx(cohort.log_likelihood, rel=1e-9)
    assert individual.subscribers == cohort.subscribers == 1000


def test_cohorts_of_different_ages_fit_together_with_censoring() -> None:
    """Two cohorts from one process: the older seen 7 periods, the newer 3."""
    older = survivors_to_rows(HIGH_END)
    newer = survivors_to_rows([500, 435, 372, 327])
    rows = [np.concatenate(parts) for parts in zip(older, newer, strict=True)]

    fitted = fit_sbg(*rows)

    assert fitted.alpha == pytest.approx(0.668, rel=0.1)
    assert fitted.beta == pytest.approx(3.806, rel=0.1)
    assert fitted.subscribers == 1500


@pytest.mark.parametrize(
    ("start", "end", "term", "renewed", "left_in"),
    [
        ("2025-01-01", "2025-02-01", 1, 1, 1),
        ("2025-01-31", "2025-02-28", 1, 1, 1),  # the short month's last day is the renewal
        ("2025-02-01", "2025-05-01", 1, 3, 3),
        ("2025-03-01", "2025-07-01", 1, 4, 4),
        ("2025-03-01", "2025-07-12", 1, 4, 5),  # ended 11 days into the fifth month
        ("2025-01-15", "2025-02-11", 1, 0, 1),  # 4 days before the renewal: not yet
        ("2020-02-29", "2024-02-20", 12, 3, 4),
        ("2021-06-01", "2024-06-01", 12, 3, 3),
        ("2021-06-01", "2021-06-20", 12, 0, 1),
    ],
)
def test_renewals_are_counted_on_calendar_dates(start, end, term, renewed, left_in) -> None:
    span = dt.date.fromisoformat(end) - dt.date.fromisoformat(start)
    days = np.array([float(span.days)])
    months = np.array([float(term)])

    assert completed_periods(days, months)[0] == renewed
    assert period_left(days, months)[0] == left_in


def test_cohort_rows_merge_identical_spans() -> None:
    periods, churned, weights = cohort_rows(
        np.array([1.0, 1.0, 1.0, 1.0]),
        np.array([1.0, 1.0, 0.0, 0.0]),
        np.array([31.0, 30.0, 95.0, 10.0]),
        np.array([2.0, 3.0, 4.0, 7.0]),
    )

    assert periods.tolist() == [0.0, 1.0, 3.0]
    assert churned.tolist() == [False, True, False]
    assert weights.tolist() == [7.0, 5.0, 4.0]


@pytest.mark.parametrize(
    "counts",
    [
        [10000, 9000, 8100, 7290, 6561, 5905],  # 0.9^t: everyone renews alike
        [1000, 950, 850, 700, 500],  # retention falling with tenure
    ],
)
def test_no_spread_is_refused_and_the_geometric_limit_takes_over(counts) -> None:
    """sBG's retention can only rise with tenure; without that, alpha and beta run off
    to infinity along a ridge, and the geometric model is the limit they run to."""
    with pytest.raises(NoSpreadError, match="run off to infinity"):
        fit_survivors(counts)

    geometric = fit_geometric(*survivors_to_rows(counts))

    periods, churned, weights = survivors_to_rows(counts)
    theta = weights[churned].sum() / (weights @ periods)
    assert geometric.alpha + geometric.beta == pytest.approx(GEOMETRIC_CONCENTRATION)
    assert renewal_probability(geometric, [0])[0] == pytest.approx(1 - theta, abs=1e-6)
    assert renewal_probability(geometric, [50])[0] == pytest.approx(1 - theta, abs=1e-4)
    assert residual_lifetime(geometric, [3], 0.1)[0] == pytest.approx(
        (1 - theta) * 1.1 / (0.1 + theta), rel=1e-4
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: fit_sbg([1, 2], [False, False]), "nobody left"),
        (lambda: fit_sbg([1, 2], [True, True]), "everyone left"),
        (lambda: fit_sbg([1, 1], [True, False]), "single period"),
        (lambda: fit_sbg([0.5], [True]), "whole numbers"),
        (lambda: fit_sbg([1, 2], [True]), "same length"),
        (lambda: residual_lifetime(SbgParams(1, 1), [1], 0.0), "above 0"),
        (lambda: residual_lifetime(SbgParams(1, 1), [np.nan], 0.1), "renewals"),
        (lambda: survival(SbgParams(1, 1), [-1]), "0 or more"),
    ],
)
def test_bad_input_is_refused_in_words(call, message) -> None:
    with pytest.raises(RetentionInputError, match=message):
        call()
