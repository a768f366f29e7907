"""Lifetime value in parts, in plain words: subscriptions (sBG residual lifetime) and
buying at will (BG/NBD x Gamma-Gamma), each named with the numbers behind it.

Output per customer is the JSON text of a list ready to sit in the stored explanation:
[{"part": "subscription" | "purchases", "eur": ..., "text": ...}], empty for a customer
with neither. Numbers are printed from values rounded as the stored scores are, so batch
and incremental write the same words.
"""

from __future__ import annotations

import numpy as np

from accord.scoring.lifetime import Lifetime
from accord.scoring.renewals import SubscriptionValue
from accord.scoring.rules import DECIMALS

_PAYMENTS = {1.0: "monthly payments", 12.0: "yearly payments"}


def _payments(term_months: float) -> str:
    return _PAYMENTS.get(term_months) or f"payments every {term_months:.0f} months"


def _subscription_items(
    count: list[float],
    value: list[float],
    renew: list[float],
    derl: list[float],
    term: list[float],
    margin: list[float],
) -> list[str]:
    """The subscription part's JSON per subscriber: one f-string each (a million customers
    are scored in a batch; helper calls and JSON escaping per customer cost seconds). The
    words are ours and hold no quote or backslash, so they need no escaping."""
    return [
        f'{{"part": "subscription", "eur": {v:.2f}, "text": "'
        f"{'subscription' if c == 1 else f'{c:.0f} subscriptions'}: {v:.0f} EUR over the "
        f"expected remaining life ({'it' if c == 1 else 'the largest'} renews at the next "
        f"renewal with {r:.0f} % probability; {d:.1f} more {_payments(t)} of {m:.0f} EUR "
        'margin expected, discounted)"}'
        for c, v, r, d, t, m in zip(count, value, renew, derl, term, margin, strict=True)
    ]


def _purchase_items(value: list[float], alive: list[float], horizon_months: int) -> list[str]:
    return [
        f'{{"part": "purchases", "eur": {v:.2f}, "text": "buying at will: {v:.0f} EUR over '
        f'the next {horizon_months} months (still buying with {a:.0f} % probability)"}}'
        for v, a in zip(value, alive, strict=True)
    ]


def value_parts(
    features, life: Lifetime, subscribed: SubscriptionValue, horizon_months: int
) -> list[str]:
    """Per customer: the JSON list of lifetime-value parts (see the module docstring)."""
    subscribers = np.flatnonzero(subscribed.subscriptions > 0)
    buyers = np.flatnonzero(features["purchase_days"] > 0)

    def at(values: np.ndarray, rows: np.ndarray, scale: float = 1.0) -> list[float]:
        return (np.round(values[rows], DECIMALS) * scale).tolist()

    texts = np.empty(len(features), dtype=object)
    texts.fill("")
    texts[subscribers] = _subscription_items(
        subscribed.subscriptions[subscribers].tolist(),
        at(subscribed.value, subscribers),
        at(subscribed.renewal_probability, subscribers, 100.0),
        at(subscribed.residual_lifetime, subscribers),
        subscribed.term_months[subscribers].tolist(),
        at(subscribed.margin_per_period, subscribers),
    )
    purchases = np.empty(len(features), dtype=object)
    purchases.fill("")
    purchases[buyers] = _purchase_items(
        at(life.clv, buyers), at(life.p_alive, buyers, 100.0), horizon_months
    )
    both = np.zeros(len(features), dtype=bool)
    both[np.intersect1d(subscribers, buyers)] = True
    return [
        f"[{first}, {second}]" if joined else f"[{first}{second}]"
        for first, second, joined in zip(
            texts.tolist(), purchases.tolist(), both.tolist(), strict=True
        )
    ]
