"""Lifetime value in parts, in plain words: subscriptions (sBG residual lifetime) and
buying at will (BG/NBD x Gamma-Gamma), each named with the numbers behind it.

Output per customer is the JSON text of a list ready to sit in the stored explanation:
[{"part": "subscription" | "purchases", "eur": ..., "text": ...}], empty for a customer
with neither. Numbers are printed from values rounded as the stored scores are, so batch
and incremental write the same words.
"""

from __future__ import annotations

from json.encoder import encode_basestring

import numpy as np

from accord.scoring.lifetime import Lifetime
from accord.scoring.renewals import SubscriptionValue
from accord.scoring.rules import DECIMALS


def _payments(term_months: float) -> str:
    if term_months == 1:
        return "monthly payments"
    if term_months == 12:
        return "yearly payments"
    return f"payments every {term_months:.0f} months"


def subscription_text(
    count: float, value: float, renew: float, derl: float, term: float, margin: float
) -> str:
    which = "it" if count == 1 else "the largest"
    subject = "subscription" if count == 1 else f"{count:.0f} subscriptions"
    return (
        f"{subject}: {value:.0f} EUR over the expected remaining life ({which} renews at the "
        f"next renewal with {renew * 100:.0f} % probability; {derl:.1f} more "
        f"{_payments(term)} of {margin:.0f} EUR margin expected, discounted)"
    )


def purchases_text(value: float, alive: float, horizon_months: int) -> str:
    return (
        f"buying at will: {value:.0f} EUR over the next {horizon_months} months "
        f"(still buying with {alive * 100:.0f} % probability)"
    )


def _item(part: str, eur: float, text: str) -> str:
    return f'{{"part": "{part}", "eur": {eur!r}, "text": {encode_basestring(text)}}}'


def value_parts(
    features, life: Lifetime, subscribed: SubscriptionValue, horizon_months: int
) -> list[str]:
    """Per customer: the JSON list of lifetime-value parts (see the module docstring)."""
    rounded = {
        "subscription": np.round(subscribed.value, DECIMALS),
        "renew": np.round(subscribed.renewal_probability, DECIMALS),
        "derl": np.round(subscribed.residual_lifetime, DECIMALS),
        "margin": np.round(subscribed.margin_per_period, DECIMALS),
        "purchases": np.round(life.clv, DECIMALS),
        "alive": np.round(life.p_alive, DECIMALS),
    }
    has_subscription = (subscribed.subscriptions > 0).tolist()
    bought = (features["purchase_days"] > 0).tolist()
    columns = zip(
        has_subscription,
        bought,
        subscribed.subscriptions.tolist(),
        *(rounded[name].tolist() for name in ("subscription", "renew", "derl")),
        subscribed.term_months.tolist(),
        *(rounded[name].tolist() for name in ("margin", "purchases", "alive")),
        strict=True,
    )
    texts: list[str] = []
    for subscribes, buys, count, value, renew, derl, term, margin, spend, alive in columns:
        parts = []
        if subscribes:
            words = subscription_text(count, value, renew, derl, term, margin)
            parts.append(_item("subscription", round(value, 2), words))
        if buys:
            words = purchases_text(spend, alive, horizon_months)
            parts.append(_item("purchases", round(spend, 2), words))
        texts.append(f"[{', '.join(parts)}]")
    return texts
