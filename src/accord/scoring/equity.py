"""Customer equity in three parts (Rust, Lemon & Zeithaml 2004), each 0-100.

value: quality, price, convenience (survey value items, price paid against list,
delivery promises kept, effort). brand: awareness, attitude, ethics (brand items, NPS,
sentiment of comments and public mentions). relationship: loyalty programme, tenure,
recognition, community, knowledge. Switching barriers are deliberately absent: a
contract or an exit fee is power over the customer, not equity (see health.power_balance).
Neutral 50 where there is no evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.scoring.rules import fill, mean_known, ratio, scale


@dataclass
class Equity:
    value: np.ndarray
    brand: np.ndarray
    relationship: np.ndarray
    price_ratio: np.ndarray  # paid / list, NaN when unknown


def price_ratio(features) -> np.ndarray:
    """What the customer paid against list price over orders and active subscriptions."""
    paid = features["spend"] + features["monthly_price"]
    listed = features["list_spend"] + features["list_monthly_price"]
    return ratio(paid, listed)


def value_equity(features, paid_ratio: np.ndarray) -> np.ndarray:
    delivery = ratio(
        features["delivery_kept"], features["delivery_kept"] + features["delivery_broken"]
    )
    return fill(
        mean_known(
            (scale(features["value_quality"], 1, 5), 1.0),
            (scale(features["value_price"], 1, 5), 1.0),
            (scale(features["value_convenience"], 1, 5), 1.0),
            (scale(features["ces"], 1, 7), 0.7),
            # Paying list price is neutral (50); a fair discount raises perceived value.
            (scale(1.5 - paid_ratio, 0.5, 1.5), 0.5),
            (delivery * 100.0, 0.7),
        ),
        50.0,
    )


def brand_equity(features) -> np.ndarray:
    return fill(
        mean_known(
            (scale(features["brand_awareness"], 1, 5), 0.7),
            (scale(features["brand_attitude"], 1, 5), 1.0),
            (scale(features["brand_ethics"], 1, 5), 1.0),
            (scale(features["nps"], 0, 10), 1.0),
            (scale(features["comment_sentiment"], -1, 1), 0.7),
            (scale(features["mention_sentiment"], -1, 1), 0.7),
        ),
        50.0,
    )


def relationship_equity(features) -> np.ndarray:
    start = np.fmin(features["relationship_started"], features["first_order_day"])
    tenure_years = fill((features.as_of_day - start) / 365.25, 0.0)
    in_programme = (features["loyalty_points"] > 0) * 100.0
    return mean_known(
        (np.clip(tenure_years / 3.0, 0, 1) * 100.0, 1.0),
        (in_programme, 0.5),
        (np.clip(features["praise"] / 3.0, 0, 1) * 100.0, 0.5),
        (np.clip(features["positive_mentions"] / 2.0, 0, 1) * 100.0, 0.5),
        (np.clip(features["interactions"] / 20.0, 0, 1) * 100.0, 0.5),
    )


def compute_equity(features) -> Equity:
    """Pure: features -> the three equity parts (0-100) and the price ratio."""
    paid_ratio = price_ratio(features)
    return Equity(
        value=value_equity(features, paid_ratio),
        brand=brand_equity(features),
        relationship=relationship_equity(features),
        price_ratio=paid_ratio,
    )
