"""Shared thresholds and small vectorised helpers for the pure scoring functions.

Every function here takes and returns NumPy arrays (one element per customer) and never
touches the database, so batch and incremental scoring run the same arithmetic.
"""

from __future__ import annotations

import numpy as np

# Scores are rounded before they are stored so that batch and incremental writes compare
# exactly even where float sums were taken in a different order.
DECIMALS = 4

# Barriers that hold a customer against their will (Jones & Sasser's hostages).
BARRIER_MONTHS_LEFT = 12.0  # months of contract still to run
BARRIER_EXIT_FEE = 200.0  # EUR early-termination fee
BARRIER_POINTS_VALUE = 300.0  # EUR of loyalty points that would be lost

# A customer who has not bought for this many days has stopped buying.
STOPPED_BUYING_DAYS = 120.0
# A calendar month on average (the CLV models' month too: scoring.clv).
DAYS_PER_MONTH = 365.25 / 12

STAGE_AT_RISK = 4.0  # index in features.STAGES
STAGE_DEPARTED = 5.0


def scale(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Map [low, high] linearly onto [0, 100], clipping outside; NaN stays NaN."""
    return np.clip((values - low) / (high - low) * 100.0, 0.0, 100.0)


def mean_known(*parts: tuple[np.ndarray, float]) -> np.ndarray:
    """Weighted mean of (array, weight) pairs, skipping NaNs per customer; NaN if none."""
    total = np.zeros_like(parts[0][0], dtype=float)
    weight = np.zeros_like(total)
    for values, w in parts:
        known = ~np.isnan(values)
        total += np.where(known, values, 0.0) * w
        weight += known * w
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(weight > 0, total / np.where(weight > 0, weight, 1.0), np.nan)


def fill(values: np.ndarray, neutral: float) -> np.ndarray:
    return np.where(np.isnan(values), neutral, values)


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is 0."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(
            denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan
        )


def days_since_last_order(features) -> np.ndarray:
    """Days from the last order day to as_of; inf for customers who never ordered."""
    last = features["last_order_day"]
    return np.where(np.isnan(last), np.inf, features.as_of_day - last - 0.0)


def months_left(features) -> np.ndarray:
    """Months of the longest active contract still to run at as_of (0 when none)."""
    end = features["term_end_day"]
    return (
        np.where(np.isnan(end), 0.0, np.maximum(end - np.floor(features.as_of_day), 0.0))
        / DAYS_PER_MONTH
    )
