"""Plain-words explanations: the top drivers of each customer's scores, and their barriers.

Drivers are ranked by how far they push health (or the segment) from neutral; the top
three are written out with their numbers ("3 of 4 company promises kept"). The output is
JSON text ready to store.

Two speed measures stay because they pay on bench/score.py's book (CPU for its 100,000
customers, where all of compute_scores costs about 1.3 s; measured 2026-12-03):
- driver texts are written once per distinct (numbers as printed, effect, position):
  the numbers print as whole numbers, so customers share a few thousand texts, handed
  out by NumPy indexing: 79 ms, against 631 ms formatting every customer's three;
- the explanation's JSON is put together from those ready-made pieces: 146 ms, against
  1,405 ms for a dict and json.dumps per customer.
Barriers are written plainly (held_barriers says why).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import NamedTuple

import numpy as np

from accord.scoring.health import Barriers
from accord.scoring.rules import (
    BARRIER_EXIT_FEE,
    BARRIER_MONTHS_LEFT,
    BARRIER_POINTS_VALUE,
    days_since_last_order,
)

TOP_DRIVERS = 3
Barrier = dict[str, object]


def bits(values: np.ndarray) -> np.ndarray:
    """Floats as their bit patterns: equal keys then mean the very same float (-0.0 and
    0.0 differ, as round() and repr() tell them apart)."""
    return np.ascontiguousarray(values, dtype=np.float64).view(np.int64)


def print_key(values: np.ndarray) -> np.ndarray:
    """Equal for values that print alike with :.0f, which rounds half to even as rint does
    (and keeps the sign: -0.3 prints "-0")."""
    return bits(np.rint(values))


def distinct_rows(keys: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(a row of each distinct combination of the keys, every row's combination number),
    so that whatever is written once per combination reaches each row as table[number]."""
    order = np.lexsort(keys)
    starts = np.zeros(order.size, dtype=bool)
    starts[:1] = True
    for key in keys:
        ordered = key[order]
        starts[1:] |= ordered[1:] != ordered[:-1]
    inverse = np.empty(order.size, dtype=np.intp)
    inverse[order] = np.cumsum(starts) - 1
    return order[starts], inverse


def _follows(present: np.ndarray) -> np.ndarray:
    """Per element of a (rows, k) array: whether a present one precedes it in its row. Such
    an element carries the ", " that separates them, so a row joins by concatenation."""
    follows = np.zeros_like(present)
    follows[:, 1:] = np.logical_or.accumulate(present, axis=1)[:, :-1]
    return follows


def _driver_impacts(features, parts: dict[str, np.ndarray], barriers: Barriers) -> list[np.ndarray]:
    """One impact array per driver, in _TEXTS order; sign: helps (+) or hurts (-)."""
    promises = features["company_kept"] + features["company_broken"]
    idle = days_since_last_order(features)
    return [
        np.where(promises > 0, parts["honesty"] - 50.0, 0.0),
        np.where(features["requests"] > 0, parts["responsiveness"] - 50.0, 0.0),
        -np.clip(barriers.exit_fee / BARRIER_EXIT_FEE, 0, 2) * 25.0,
        -np.clip(barriers.months_left / BARRIER_MONTHS_LEFT, 0, 2) * 25.0,
        -np.clip(barriers.points_value / BARRIER_POINTS_VALUE, 0, 2) * 25.0,
        np.where(np.isnan(features["nps"]), 0.0, (features["nps"] - 6.5) * 8.0),
        -features["recent_complaints"] * 10.0,
        features["positive_mentions"] * 20.0,
        -features["negative_mentions"] * 25.0,
        parts["sentiment_trend"] - 50.0,
        np.where(np.isfinite(idle), np.clip((120.0 - idle) / 4.0, -40, 10), -5.0),
        parts["fair_value_company"] - 50.0,
        features["transfer_code_held"] * -30.0,
        -np.clip(features["leave_asks"], 0, 4) * 15.0,
        -np.clip(features["code_asks"], 0, 4) * 15.0,
        -np.clip(features["text_complaints"], 0, 5) * 6.0,
        -features["incidents_ours"] * 15.0,
    ]


def _driver_numbers(
    features, parts: dict[str, np.ndarray], barriers: Barriers
) -> list[tuple[np.ndarray, ...]]:
    """Per driver, in _TEXTS order: the values its text shows (numbers print with :.0f)."""
    return [
        (features["company_kept"], features["company_kept"] + features["company_broken"]),
        (features["requests_on_time"], features["requests"]),
        (features["exit_fee"],),
        (barriers.months_left,),
        (features["loyalty_value"],),
        (features["nps"],),
        (features["recent_complaints"],),
        (features["positive_mentions"],),
        (features["negative_mentions"], features["negative_reach"]),
        (parts["sentiment_trend"] >= 50,),
        (days_since_last_order(features),),
        (parts["fair_value_company"],),
        (),
        (features["leave_asks"], features["first_leave_day"]),
        (features["code_asks"], features["first_code_day"]),
        (features["text_complaints"],),
        (features["incidents_ours"],),
    ]


def _month(day: float) -> str:
    """A day number (days since 1970-01-01) as "March 2026"."""
    return datetime.fromtimestamp(day * 86400.0, tz=UTC).strftime("%B %Y")


def _times(count: float) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count:.0f} times"


def _idle(days: float) -> str:
    return "no orders yet" if not math.isfinite(days) else f"last order {days:.0f} days ago"


_TEXTS: tuple[Callable[..., str], ...] = (
    lambda kept, promises: f"{kept:.0f} of {promises:.0f} company promises kept",
    lambda on_time, requests: f"{on_time:.0f} of {requests:.0f} requests answered on time",
    lambda fee: f"exit fee {fee:.0f} EUR holds them",
    lambda months: f"{months:.0f} months left on their contract",
    lambda value: f"{value:.0f} EUR of loyalty points they would lose",
    lambda nps: f"latest NPS {nps:.0f}",
    lambda count: f"{count:.0f} complaints in the last 6 months",
    lambda count: f"{count:.0f} positive public mentions",
    lambda count, reach: f"{count:.0f} negative public mentions (reach {reach:.0f})",
    lambda improving: "sentiment improving" if improving else "sentiment worsening",
    _idle,
    lambda score: f"margin after cost to serve scores {score:.0f}/100",
    lambda: "transfer code withheld",
    lambda count, day: f"asked how to cancel {_times(count)} since {_month(day)}",
    lambda count, day: f"asked for a transfer code {_times(count)} since {_month(day)}",
    lambda count: f"complained {_times(count)} in their own words in the last 6 months",
    lambda count: f"{count:.0f} incidents caused by us",
)


def _item(text: str, helps: bool, follows: bool) -> str:
    effect = "helps" if helps else "hurts"
    return f'{", " if follows else ""}{{"text": {encode_basestring(text)}, "effect": "{effect}"}}'


def _shown(numbers: tuple[np.ndarray, ...], customers: np.ndarray) -> np.ndarray:
    """(customers, numbers) array of what one driver's text shows for these customers,
    rounded as :.0f prints them (so that equal rows print alike)."""
    shown = np.empty((customers.size, len(numbers)))
    for column, values in enumerate(numbers):
        shown[:, column] = np.rint(values[customers])
    return shown


def _strings(shape: int | tuple[int, ...], text: str = "") -> np.ndarray:
    """An object array holding `text` everywhere (np.full fills one several times slower)."""
    strings = np.empty(shape, dtype=object)
    strings.fill(text)
    return strings


def _driver_items(impacts: np.ndarray, numbers: list[tuple[np.ndarray, ...]]) -> np.ndarray:
    """(customers, TOP_DRIVERS) JSON items of the top drivers, "" where one has no effect."""
    # Stable order on ties (driver list order) keeps batch and incremental identical.
    order = np.argsort(-np.abs(impacts), axis=1, kind="stable")[:, :TOP_DRIVERS]
    effects = np.take_along_axis(impacts, order, axis=1)
    present = effects != 0
    follows = _follows(present).ravel()
    order, effects, present = order.ravel(), effects.ravel(), present.ravel()
    items = _strings(order.size)
    for driver, text in enumerate(_TEXTS):
        at = np.flatnonzero((order == driver) & present)
        shown = _shown(numbers[driver], at // TOP_DRIVERS)
        helping, after = effects[at] > 0, follows[at]
        rows, inverse = distinct_rows([*map(bits, shown.T), helping, after])
        written = zip(
            shown[rows].tolist(), helping[rows].tolist(), after[rows].tolist(), strict=True
        )
        table = [_item(text(*values), helps, comma) for values, helps, comma in written]
        items[at] = np.array(table, dtype=object)[inverse]
    return items.reshape(-1, TOP_DRIVERS)


def explanations(
    features,
    parts: dict[str, np.ndarray],
    barriers: Barriers,
    segment_reasons: list[str],
    value_parts: list[str] | None = None,
) -> list[str]:
    """Per customer, JSON text {"drivers": [{"text", "effect"}...], "segment": why,
    "lifetime_value": [parts]} (value_parts: JSON list text per customer, see
    scoring/value_parts.py)."""
    impacts = np.vstack(_driver_impacts(features, parts, barriers)).T
    items = _driver_items(impacts, _driver_numbers(features, parts, barriers))
    first, second, third = (items[:, rank].tolist() for rank in range(TOP_DRIVERS))
    # Customers share a few dozen reasons: escape each once.
    said = {reason: encode_basestring(reason) for reason in set(segment_reasons)}
    values = value_parts if value_parts is not None else ["[]"] * len(segment_reasons)
    return [
        f'{{"drivers": [{a}{b}{c}], "segment": {said[reason]}, "lifetime_value": {value}}}'
        for a, b, c, reason, value in zip(
            first, second, third, segment_reasons, values, strict=True
        )
    ]


def _contract(months: float) -> Barrier:
    months = round(months, 1)
    return {"kind": "contract", "amount": months, "text": f"{months:.0f} months left on contract"}


def _exit_fee(fee: float) -> Barrier:
    fee = round(fee, 2)
    return {"kind": "exit_fee", "amount": fee, "text": f"exit fee {fee:.0f} EUR"}


def _points(value: float) -> Barrier:
    value = round(value, 2)
    return {"kind": "points", "amount": value, "text": f"{value:.0f} EUR of points at risk"}


def _data_lock(_: float) -> Barrier:
    return {"kind": "data_lock", "amount": 1, "text": "transfer code withheld"}


def _barrier_kinds(
    barriers: Barriers,
) -> list[tuple[np.ndarray, np.ndarray, Callable[[float], Barrier]]]:
    """(holds, amount, barrier from amount) per kind, in the order customers see them."""
    return [
        (barriers.months_left >= BARRIER_MONTHS_LEFT, barriers.months_left, _contract),
        (barriers.exit_fee >= BARRIER_EXIT_FEE, barriers.exit_fee, _exit_fee),
        (barriers.points_value >= BARRIER_POINTS_VALUE, barriers.points_value, _points),
        (barriers.data_lock > 0, barriers.data_lock, _data_lock),
    ]


class HeldBarriers(NamedTuple):
    lists: list[list[Barrier]]  # per customer: the barriers past their thresholds
    as_json: list[str]  # the same lists as JSON text


def held_barriers(barriers: Barriers) -> HeldBarriers:
    """Per customer: the barriers that pass their thresholds, with amounts and plain words.

    Written plainly, a dict and json.dumps per holder: on the 100,000-customer bench book
    (a third hold one) this costs 325 ms of CPU against 295 ms for the cached,
    de-duplicated, hand-written JSON it replaced, 2 % of compute_scores.
    """
    lists: list[list[Barrier]] = [[] for _ in range(barriers.months_left.size)]
    for holding, amounts, barrier in _barrier_kinds(barriers):
        values = np.asarray(amounts, dtype=np.float64)
        for i in np.flatnonzero(holding).tolist():
            lists[i].append(barrier(float(values[i])))
    return HeldBarriers(lists, [json.dumps(held) if held else "[]" for held in lists])
