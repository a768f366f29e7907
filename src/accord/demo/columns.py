"""Array helpers for the demo generator: choice codes and database-ready values.

Times are int64 seconds since the epoch (UTC) while generating; they become the text
Django itself stores (SQLite) or that PostgreSQL parses in the UTC session zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from accord.core.models import Channel, Function, InteractionKind

DAY = 86_400
HOUR = 3_600
YEAR = 365 * DAY

FUNCTIONS = tuple(Function.values)
KINDS = tuple(InteractionKind.values)
CHANNELS = tuple(Channel.values)
F = {name: code for code, name in enumerate(FUNCTIONS)}
K = {name: code for code, name in enumerate(KINDS)}
C = {name: code for code, name in enumerate(CHANNELS)}
STRATEGIC = np.array([K["offer"], K["renewal"], K["pricing"], K["upsell"]])
INBOUND, OUTBOUND = 0, 1


@cache
def _day_codes() -> np.ndarray:
    """'YYYY-MM-DD' as UCS-4 code points for every day from 1970 to 2199, shape (days, 10)."""
    days = np.arange(0, 230 * 366, dtype=np.int64).astype("datetime64[D]")
    return np.datetime_as_string(days, unit="D").astype("U10").view(np.uint32).reshape(-1, 10)


@cache
def _clock_codes() -> np.ndarray:
    """' HH:MM:SS' as UCS-4 code points for every second of a day, shape (86400, 9)."""
    text = [f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86_400)]
    return np.array(text, dtype="U9").view(np.uint32).reshape(-1, 9)


def times(seconds: np.ndarray, missing: np.ndarray | None = None) -> list[Any]:
    """'YYYY-MM-DD HH:MM:SS' strings (UTC), None where `missing` is True.

    Django stores this text on SQLite (a 'T' would break string comparison). Copying
    code points from two lookup tables is several times faster than formatting.
    """
    days, clock = np.divmod(np.asarray(seconds, dtype=np.int64), 86_400)
    if missing is not None:
        days = np.where(missing, 0, days)
    buffer = np.empty((len(days), 19), dtype=np.uint32)
    buffer[:, :10] = _day_codes()[days]
    buffer[:, 10:] = _clock_codes()[clock]
    values: list[Any] = buffer.view("U19").ravel().tolist()
    if missing is not None:
        for index in np.flatnonzero(missing).tolist():
            values[index] = None
    return values


def dates(seconds: np.ndarray) -> list[str]:
    """'YYYY-MM-DD' strings for DateFields."""
    days = seconds.astype("datetime64[s]").astype("datetime64[D]")
    return np.datetime_as_string(days, unit="D").tolist()


def money(values: np.ndarray) -> list[float]:
    return np.round(values, 2).tolist()


def labels(codes: np.ndarray, names: Sequence[str]) -> list[str]:
    """Map integer codes to their choice values (shared string objects, no copies)."""
    return np.asarray(names, dtype=object)[codes].tolist()


def ids(values: np.ndarray, missing: np.ndarray | None = None) -> list[Any]:
    """Foreign-key ids as Python ints; 0 (or `missing`) becomes NULL."""
    out: list[Any] = values.tolist()
    blank = values == 0 if missing is None else missing
    for index in np.flatnonzero(blank).tolist():
        out[index] = None
    return out


def segment_starts(counts: np.ndarray) -> np.ndarray:
    """Start offset of each group in a flat array where group i has counts[i] rows."""
    starts = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    return starts


def repeat_index(counts: np.ndarray) -> np.ndarray:
    """For groups with counts[i] rows each: the group index of every row."""
    return np.repeat(np.arange(len(counts)), counts)


def rank_within(group: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within each run of equal values in a sorted group array."""
    n = len(group)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.ones(n, dtype=bool)
    change[1:] = group[1:] != group[:-1]
    starts = np.flatnonzero(change)
    run = np.cumsum(change) - 1
    return np.arange(n) - starts[run]
