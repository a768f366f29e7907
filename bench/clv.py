"""Benchmark of the CLV fit: simulate BG/NBD books with known parameters, fit, time, compare.

    .venv/bin/python bench/clv.py --customers 100000,1000000

The baseline column is one evaluation of the BG/NBD log-likelihood over every customer,
without merging identical rows: a fit costs tens of such evaluations if it does not merge.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from accord.scoring.clv import (
    BgNbdParams,
    bgnbd_log_likelihood,
    customer_lifetime_value,
    fit_bgnbd,
    fit_gamma_gamma,
)

# The CDNOW estimates of Fader, Hardie & Lee (2005), in weeks and dollars.
TRUE_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
TRUE_SPEND = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def simulate(customers: int, seed: int = 1) -> tuple[np.ndarray, ...]:
    """(x, t_x, T, m): first purchases spread over a year, observed at whole days, weeks."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(TRUE_BGNBD["r"], 1 / TRUE_BGNBD["alpha"], customers)
    dropout = rng.beta(TRUE_BGNBD["a"], TRUE_BGNBD["b"], customers)
    T = np.floor(rng.uniform(0, 365, customers)) / 7 + 1
    x, t_x = np.zeros(customers), np.zeros(customers)
    active = np.arange(customers)
    clock = np.zeros(customers)
    while active.size:
        # Only customers still buying are advanced, so the loop shrinks geometrically.
        clock[active] += rng.exponential(1 / rate[active])
        active = active[clock[active] < T[active]]
        x[active] += 1
        t_x[active] = np.floor(clock[active] * 7) / 7
        active = active[rng.uniform(size=active.size) >= dropout[active]]
    nu = rng.gamma(TRUE_SPEND["q"], 1 / TRUE_SPEND["gamma"], customers)
    total = rng.gamma(TRUE_SPEND["p"] * np.maximum(x, 1), 1 / nu)
    m = np.where(x > 0, total / np.maximum(x, 1), 0.0)
    return x, t_x, T, m


def worst_error(fitted: dict[str, float], truth: dict[str, float]) -> float:
    return max(abs(fitted[name] / value - 1) for name, value in truth.items())


def measure(customers: int) -> list[str]:
    x, t_x, T, m = simulate(customers)
    distinct = np.unique(np.stack([x, t_x, T]), axis=1).shape[1]
    started = time.perf_counter()
    bgnbd = fit_bgnbd(x, t_x, T)
    fit_seconds = time.perf_counter() - started
    started = time.perf_counter()
    spend = fit_gamma_gamma(x, m)
    spend_seconds = time.perf_counter() - started
    started = time.perf_counter()
    customer_lifetime_value(bgnbd, spend, x, t_x, T, m)
    clv_seconds = time.perf_counter() - started
    truth = BgNbdParams(**TRUE_BGNBD, log_likelihood=0.0, customers=0)
    started = time.perf_counter()
    bgnbd_log_likelihood(truth, x, t_x, T)
    baseline = time.perf_counter() - started
    bg_error = worst_error(vars(bgnbd), TRUE_BGNBD)
    spend_error = worst_error(vars(spend), TRUE_SPEND)
    return [
        f"{customers:,}",
        f"{distinct:,}",
        f"{fit_seconds:.2f}",
        f"{bg_error:.1%}",
        f"{spend_seconds:.2f}",
        f"{spend_error:.1%}",
        f"{clv_seconds:.2f}",
        f"{baseline:.3f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", default="100000,1000000", help="comma-separated sizes")
    sizes = [int(size) for size in parser.parse_args().customers.split(",")]
    header = [
        "customers",
        "distinct rows",
        "BG/NBD fit s",
        "worst param err",
        "GG fit s",
        "GG worst err",
        "12-month CLV s",
        "baseline: 1 LL eval s",
    ]
    rows = [header] + [measure(size) for size in sizes]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
