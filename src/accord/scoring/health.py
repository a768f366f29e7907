"""Two-sided relationship health, 0-100, and the switching barriers behind power balance.

Components (each 0-100, 50 = no evidence either way): honesty (promises kept both
ways), transparency (requests answered, no silent renewals, transfer codes released),
fair value for the customer (value equity against price) and for the company (margin
after cost to serve), power balance (100 = no barrier holds the customer),
responsiveness (first responses within policy), sentiment trend (recent against older).
Health is their weighted mean; the weights come from settings.ACCORD_HEALTH_WEIGHTS.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.scoring.rules import (
    BARRIER_EXIT_FEE,
    BARRIER_MONTHS_LEFT,
    BARRIER_POINTS_VALUE,
    fill,
    months_left,
    ratio,
)

COMPONENTS = (
    "honesty",
    "transparency",
    "fair_value_customer",
    "fair_value_company",
    "power_balance",
    "responsiveness",
    "sentiment_trend",
)


@dataclass
class Barriers:
    """What holds each customer, in natural units, and which barriers pass the threshold."""

    months_left: np.ndarray
    exit_fee: np.ndarray
    points_value: np.ndarray
    data_lock: np.ndarray  # 1 when a transfer code is withheld
    held: np.ndarray  # bool: at least one barrier passes its threshold


def compute_barriers(features) -> Barriers:
    months = months_left(features)
    fee = features["exit_fee"]
    points = features["loyalty_value"]
    lock = features["transfer_code_held"]
    held = (
        (months >= BARRIER_MONTHS_LEFT)
        | (fee >= BARRIER_EXIT_FEE)
        | (points >= BARRIER_POINTS_VALUE)
    )
    return Barriers(months, fee, points, lock, held)


def honesty(features) -> np.ndarray:
    kept = features["company_kept"] + features["customer_kept"]
    broken = features["company_broken"] + features["customer_broken"]
    # Company promises weigh double: the company holds the power to keep them.
    weighted_kept = 2 * features["company_kept"] + features["customer_kept"]
    weighted_all = weighted_kept + 2 * features["company_broken"] + features["customer_broken"]
    base = np.where(kept + broken > 0, fill(ratio(weighted_kept, weighted_all), 0.5) * 100.0, 50.0)
    return np.clip(base - incident_penalty(features, HONESTY_PER_INCIDENT), 0.0, 100.0)


# Points off per shared incident caused by us (at most 4 counted), and again per one
# still open (at most 2): a failure we caused is a broken implicit promise and costs the
# customer value. Incidents caused by a partner count only when the partner handled them
# badly, and then on the customer's experience (sentiment), never on honesty or value.
HONESTY_PER_INCIDENT = 8.0
VALUE_PER_INCIDENT = 6.0
SENTIMENT_PER_POOR_PARTNER_INCIDENT = 4.0


def incident_penalty(features, per_incident: float) -> np.ndarray:
    return per_incident * (
        np.clip(features["incidents_ours"], 0, 4) + np.clip(features["incidents_ours_open"], 0, 2)
    )


def transparency(features) -> np.ndarray:
    unanswered = fill(ratio(features["requests_unanswered"], features["requests"]), 0.0)
    return np.clip(
        100.0
        - 40.0 * unanswered
        - 30.0 * features["silent_renewal"]
        - 30.0 * features["transfer_code_held"],
        0.0,
        100.0,
    )


def fair_value_customer(value_equity: np.ndarray, paid_ratio: np.ndarray) -> np.ndarray:
    # Value equity against price: paying list for middling value is fair (50).
    return np.clip(value_equity + 50.0 * (1.0 - fill(paid_ratio, 1.0)), 0.0, 100.0)


def fair_value_customer_after_incidents(features, fair_value: np.ndarray) -> np.ndarray:
    return np.clip(fair_value - incident_penalty(features, VALUE_PER_INCIDENT), 0.0, 100.0)


def fair_value_company(features) -> np.ndarray:
    """Margin after cost to serve over the last year; 50 when no cost was recorded."""
    revenue = features["year_spend"] + 12.0 * features["monthly_price"]
    cost = features["cost_to_serve"]
    margin = fill(ratio(revenue - cost, revenue), -1.0)
    return np.where(cost > 0, np.clip(50.0 + 50.0 * margin, 0.0, 100.0), 50.0)


def power_balance(barriers: Barriers, features) -> np.ndarray:
    """100 = nothing holds the customer. A barrier that holds someone who asked to leave
    binds: it weighs half again, and an asked-for transfer code not given counts."""
    pressure = (
        np.clip(barriers.months_left / 24.0, 0, 1) * 40.0
        + np.clip(barriers.exit_fee / 500.0, 0, 1) * 30.0
        + np.clip(barriers.points_value / 600.0, 0, 1) * 20.0
        + barriers.data_lock * 10.0
    )
    asked = (features["leave_asks"] + features["code_asks"]) > 0
    pressure = np.where(asked & barriers.held, pressure * 1.5, pressure)
    pressure += np.clip(features["code_asks"], 0, 2) * 5.0 * barriers.held
    return np.clip(100.0 - pressure, 0.0, 100.0)


def responsiveness(features) -> np.ndarray:
    return fill(ratio(features["requests_on_time"], features["requests"]) * 100.0, 50.0)


def sentiment_trend(features) -> np.ndarray:
    sentiment_delta = fill(features["recent_sentiment"] - features["older_sentiment"], 0.0)
    nps_delta = fill(features["recent_nps"] - features["older_nps"], 0.0)
    level = fill(features["comment_sentiment"], 0.0)
    complaints = np.clip(features["recent_complaints"], 0, 5)
    # What they wrote: each ask to leave and each complaint in their own words.
    asks = np.clip(features["leave_asks"] + features["code_asks"], 0, 5)
    written = np.clip(features["text_complaints"], 0, 5)
    poor = np.clip(features["incidents_partner_poor"], 0, 3) * SENTIMENT_PER_POOR_PARTNER_INCIDENT
    return np.clip(
        50.0
        + 20.0 * level
        + 25.0 * sentiment_delta
        + 4.0 * nps_delta
        - 5.0 * complaints
        - 8.0 * asks
        - 3.0 * written
        - poor,
        0.0,
        100.0,
    )


def compute_health(
    features,
    value_equity: np.ndarray,
    paid_ratio: np.ndarray,
    barriers: Barriers,
    weights: dict[str, float],
) -> dict[str, np.ndarray]:
    """Pure: the seven components and `health` (weighted mean), all 0-100."""
    parts = {
        "honesty": honesty(features),
        "transparency": transparency(features),
        "fair_value_customer": fair_value_customer_after_incidents(
            features, fair_value_customer(value_equity, paid_ratio)
        ),
        "fair_value_company": fair_value_company(features),
        "power_balance": power_balance(barriers, features),
        "responsiveness": responsiveness(features),
        "sentiment_trend": sentiment_trend(features),
    }
    total = sum(float(weights.get(name, 0.0)) for name in COMPONENTS) or 1.0
    weighted = np.zeros_like(parts["honesty"])
    for name in COMPONENTS:
        weighted += parts[name] * float(weights.get(name, 0.0))
    parts["health"] = weighted / total
    return parts
