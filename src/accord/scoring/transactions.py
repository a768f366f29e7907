"""Recency-frequency-monetary summaries of a transaction log, the input of the CLV models.

Pure NumPy, vectorised over the whole book: no Python loop per customer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# Length of one period in days, by the `period` flag.
PERIOD_DAYS = {"W": 7.0, "D": 1.0}


class ClvInputError(ValueError):
    """The data cannot give a meaningful CLV fit; the message says why in plain words."""


@dataclass(frozen=True)
class RfmSummary:
    """One row per customer, in the order of `customer_ids` (sorted).

    frequency: repeat purchases (distinct purchase days after the first one).
    recency: first to last purchase; T: first purchase to calibration end (both in periods).
    monetary_value: mean spend per repeat purchase day (0 for customers with no repeat).
    """

    customer_ids: np.ndarray
    frequency: np.ndarray
    recency: np.ndarray
    T: np.ndarray
    monetary_value: np.ndarray


def summarise_transactions(
    customer_ids: npt.ArrayLike,
    dates: npt.ArrayLike,
    amounts: npt.ArrayLike,
    calibration_end: dt.date | np.datetime64 | str,
    period: str = "W",
) -> RfmSummary:
    """Summarise transactions on or before `calibration_end` per customer.

    Dates are calendar days (anything numpy reads as datetime64[D]); several rows of one
    customer on one day count as one purchase of their summed amount, as in Fader, Hardie
    & Lee's CDNOW analysis. `period` "W" gives recency and T in weeks (days / 7), "D" in
    days. Rows after the calibration end are ignored. Raises ClvInputError on empty input,
    negative or non-finite amounts.
    """
    if period not in PERIOD_DAYS:
        raise ClvInputError(f"period must be 'W' (weeks) or 'D' (days), not {period!r}")
    ids = np.asarray(customer_ids)
    days = np.asarray(dates, dtype="datetime64[D]").astype(np.int64)
    spend = np.asarray(amounts, dtype=np.float64)
    if not (ids.shape == days.shape == spend.shape) or ids.ndim != 1:
        raise ClvInputError("customer ids, dates and amounts must be 1-D and of equal length")
    _check_amounts(spend)
    end_day = int(np.asarray(calibration_end, dtype="datetime64[D]").astype(np.int64))
    kept = days <= end_day
    if not kept.any():
        raise ClvInputError(f"no transactions on or before the calibration end {calibration_end}")
    ids, days, spend = ids[kept], days[kept], spend[kept]
    unique_ids, customer_index = np.unique(ids, return_inverse=True)
    return _summarise_days(unique_ids, customer_index.ravel(), days, spend, end_day, period)


def _check_amounts(spend: np.ndarray) -> None:
    if spend.size == 0:
        raise ClvInputError("no transactions: the input is empty")
    if not np.isfinite(spend).all():
        row = int(np.flatnonzero(~np.isfinite(spend))[0])
        raise ClvInputError(f"amount in row {row + 1} is not a finite number")
    if (spend < 0).any():
        row = int(np.flatnonzero(spend < 0)[0])
        raise ClvInputError(f"amount in row {row + 1} is negative ({spend[row]})")


def _summarise_days(
    unique_ids: np.ndarray,
    customer_index: np.ndarray,
    days: np.ndarray,
    spend: np.ndarray,
    end_day: int,
    period: str,
) -> RfmSummary:
    # One int64 key per (customer, day): same-day rows merge, and sorting the keys orders
    # each customer's purchase days, so a customer's first day is the first of its run.
    first_day = int(days.min())
    span = int(days.max()) - first_day + 1
    keys = customer_index.astype(np.int64) * span + (days - first_day)
    day_keys, day_index = np.unique(keys, return_inverse=True)
    day_spend = np.bincount(day_index.ravel(), weights=spend)
    day_customer = day_keys // span
    day_of = day_keys % span + first_day
    n = unique_ids.size
    purchase_days = np.bincount(day_customer, minlength=n)
    starts = np.concatenate(([0], np.cumsum(purchase_days)[:-1]))
    ends = starts + purchase_days - 1
    frequency = purchase_days - 1
    repeat_spend = np.bincount(day_customer, weights=day_spend, minlength=n) - day_spend[starts]
    monetary = np.divide(repeat_spend, frequency, out=np.zeros(n), where=frequency > 0)
    unit = PERIOD_DAYS[period]
    return RfmSummary(
        customer_ids=unique_ids,
        frequency=frequency.astype(np.float64),
        recency=(day_of[ends] - day_of[starts]) / unit,
        T=(end_day - day_of[starts]) / unit,
        monetary_value=np.maximum(monetary, 0.0),
    )
