"""Plain-words explanations: the top drivers of each customer's scores, and their barriers.

Drivers are ranked by how far they push health (or the segment) from neutral; the top
three are written out with their numbers ("3 of 4 company promises kept"). The output is
JSON text ready to store: a million customers cannot afford a dict and json.dumps each.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from json.encoder import encode_basestring

import numpy as np

from accord.scoring.health import Barriers
from accord.scoring.rules import (
    BARRIER_EXIT_FEE,
    BARRIER_MONTHS_LEFT,
    BARRIER_POINTS_VALUE,
    days_since_last_order,
)

TOP_DRIVERS = 3
Row = dict[str, float]


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
    ]


def _idle(f: Row) -> str:
    return (
        "no orders yet" if not math.isfinite(f["idle"]) else f"last order {f['idle']:.0f} days ago"
    )


_TEXTS: tuple[Callable[[Row], str], ...] = (
    lambda f: (
        f"{f['company_kept']:.0f} of {f['company_kept'] + f['company_broken']:.0f} "
        "company promises kept"
    ),
    lambda f: f"{f['requests_on_time']:.0f} of {f['requests']:.0f} requests answered on time",
    lambda f: f"exit fee {f['exit_fee']:.0f} EUR holds them",
    lambda f: f"{f['months_left']:.0f} months left on their contract",
    lambda f: f"{f['loyalty_value']:.0f} EUR of loyalty points they would lose",
    lambda f: f"latest NPS {f['nps']:.0f}",
    lambda f: f"{f['recent_complaints']:.0f} complaints in the last 6 months",
    lambda f: f"{f['positive_mentions']:.0f} positive public mentions",
    lambda f: (
        f"{f['negative_mentions']:.0f} negative public mentions (reach {f['negative_reach']:.0f})"
    ),
    lambda f: "sentiment improving" if f["sentiment_trend"] >= 50 else "sentiment worsening",
    _idle,
    lambda f: f"margin after cost to serve scores {f['fair_value_company']:.0f}/100",
    lambda f: "transfer code withheld",
)
# The numbers each text reads, so only those are converted for a customer.
_NEEDS: tuple[tuple[str, ...], ...] = (
    ("company_kept", "company_broken"),
    ("requests_on_time", "requests"),
    ("exit_fee",),
    ("months_left",),
    ("loyalty_value",),
    ("nps",),
    ("recent_complaints",),
    ("positive_mentions",),
    ("negative_mentions", "negative_reach"),
    ("sentiment_trend",),
    ("idle",),
    ("fair_value_company",),
    (),
)


def barrier_lists(barriers: Barriers) -> list[list[dict[str, object]]]:
    """Per customer: the barriers that pass their thresholds, with amounts and plain words."""
    out: list[list[dict[str, object]]] = [[] for _ in range(barriers.held.size)]
    any_barrier = (
        (barriers.months_left >= BARRIER_MONTHS_LEFT)
        | (barriers.exit_fee >= BARRIER_EXIT_FEE)
        | (barriers.points_value >= BARRIER_POINTS_VALUE)
        | (barriers.data_lock > 0)
    )
    for i in np.flatnonzero(any_barrier).tolist():
        found = out[i]
        if barriers.months_left[i] >= BARRIER_MONTHS_LEFT:
            months = round(float(barriers.months_left[i]), 1)
            found.append(
                {
                    "kind": "contract",
                    "amount": months,
                    "text": f"{months:.0f} months left on contract",
                }
            )
        if barriers.exit_fee[i] >= BARRIER_EXIT_FEE:
            fee = round(float(barriers.exit_fee[i]), 2)
            found.append({"kind": "exit_fee", "amount": fee, "text": f"exit fee {fee:.0f} EUR"})
        if barriers.points_value[i] >= BARRIER_POINTS_VALUE:
            value = round(float(barriers.points_value[i]), 2)
            found.append(
                {"kind": "points", "amount": value, "text": f"{value:.0f} EUR of points at risk"}
            )
        if barriers.data_lock[i] > 0:
            found.append({"kind": "data_lock", "amount": 1, "text": "transfer code withheld"})
    return out


def barrier_json(barriers: list[list[dict[str, object]]]) -> list[str]:
    return ["[]" if not found else json.dumps(found) for found in barriers]


def explanations(
    features, parts: dict[str, np.ndarray], barriers: Barriers, segment_reasons: list[str]
) -> list[str]:
    """Per customer, JSON text {"drivers": [{"text", "effect"}...], "segment": why}."""
    impacts = np.vstack(_driver_impacts(features, parts, barriers)).T
    # Stable order on ties (driver list order) keeps batch and incremental identical.
    order = np.argsort(-np.abs(impacts), axis=1, kind="stable")[:, :TOP_DRIVERS]
    chosen = np.take_along_axis(impacts, order, axis=1)
    columns = {name: features.columns.get(name) for needs in _NEEDS for name in needs}
    columns.update(months_left=barriers.months_left, idle=days_since_last_order(features))
    columns.update(
        sentiment_trend=parts["sentiment_trend"], fair_value_company=parts["fair_value_company"]
    )
    out: list[str] = []
    for i, (drivers, effects, reason) in enumerate(
        zip(order.tolist(), chosen.tolist(), segment_reasons, strict=True)
    ):
        items = []
        for j, effect in zip(drivers, effects, strict=True):
            if effect == 0:
                continue
            row = {name: columns[name][i] for name in _NEEDS[j]}
            effect_word = "helps" if effect > 0 else "hurts"
            items.append(
                f'{{"text": {encode_basestring(_TEXTS[j](row))}, "effect": "{effect_word}"}}'
            )
        out.append(f'{{"drivers": [{", ".join(items)}], "segment": {encode_basestring(reason)}}}')
    return out
