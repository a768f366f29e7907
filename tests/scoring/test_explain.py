"""Explanations and barriers: the exact JSON text stored per customer, whatever the batch."""

from __future__ import annotations

import json

import numpy as np

from accord.scoring.engine import compute_scores
from accord.scoring.explain import print_key
from accord.scoring.feature_sql import feature_queries
from accord.scoring.features import Features
from accord.scoring.lifetime import PRIOR_PARAMS

AS_OF_DAY = 20758.5  # 2026-11-01 12:00 UTC
DAY = 20758.0
BUYER = {
    "stage_code": 2.0,
    "owner_id": 1.0,
    "relationship_started": DAY - 900,
    "purchase_days": 5.0,
    "first_order_day": DAY - 300,
    "last_order_day": DAY - 10,
    "spend": 500.0,
    "list_spend": 500.0,
    "first_day_spend": 100.0,
    "orders": 5.0,
}
CUSTOMERS = [
    # Unhappy and held by every barrier: a hostage.
    {
        **BUYER,
        "nps": 3.0,
        "csat": 2.0,
        "term_end_day": DAY + 400,
        "exit_fee": 250.0,
        "loyalty_value": 450.125,
        "transfer_code_held": 1.0,
        "active_subscriptions": 1.0,
        "monthly_price": 30.0,
        "subscriptions": [(12.0, DAY - 400, 30.0)],
        "recent_complaints": 2.0,
    },
    # No survey and no orders yet.
    {"stage_code": 0.0, "owner_id": 1.0, "relationship_started": DAY - 20},
    # Nothing pushes either way: no drivers at all (and NPS 6.5 prints as 6).
    {**BUYER, "nps": 6.5, "last_order_day": AS_OF_DAY - 120},
    # Five drivers tie at -25 behind NPS: driver order decides.
    {
        **BUYER,
        "nps": 10.0,
        "exit_fee": 200.0,
        "term_end_day": DAY + 365.25,
        "loyalty_value": 300.0,
        "recent_complaints": 2.5,
        "negative_mentions": 1.0,
        "negative_reach": 12.5,
    },
    # A promoter praising us in public.
    {**BUYER, "nps": 10.0, "positive_mentions": 2.0, "purchase_days": 6.0, "praise": 3.0},
    # Unhappy, gone, and complaining in public: departed, no segment claimed, no drivers.
    {
        **BUYER,
        "stage_code": 5.0,
        "nps": 2.0,
        "negative_mentions": 3.0,
        "negative_reach": 4000.0,
        "last_order_day": DAY - 200,
    },
    # Requests answered late, company promises mostly kept, costly to serve.
    {
        **BUYER,
        "nps": 8.0,
        "requests": 4.0,
        "requests_on_time": 1.0,
        "company_kept": 3.0,
        "company_broken": 1.0,
        "cost_to_serve": 900.0,
    },
]
EXPLANATIONS = [
    '{"drivers": [{"text": "450 EUR of loyalty points they would lose", "effect": "hurts"}, '
    '{"text": "exit fee 250 EUR holds them", "effect": "hurts"}, '
    '{"text": "transfer code withheld", "effect": "hurts"}], '
    '"segment": "unhappy (NPS 3) but held by 13 months left on contract, exit fee 250 EUR, '
    '450 EUR of points at risk, transfer code withheld", '
    '"lifetime_value": [{"part": "subscription", "eur": 1833.25, "text": '
    '"subscription: 1833 EUR over the expected remaining life (it renews at the next '
    "renewal with 88 % probability; 5.1 more yearly payments of 360 EUR margin "
    'expected, discounted)"}, {"part": "purchases", "eur": 275.45, "text": "buying '
    "at will: 275 EUR over the next 12 months (still buying with 86 % "
    'probability)"}]}',
    '{"drivers": [{"text": "no orders yet", "effect": "hurts"}], '
    '"segment": "no survey answers yet: satisfaction unknown", '
    '"lifetime_value": []}',
    '{"drivers": [], "segment": "satisfied (NPS 6) but not committed: stopped buying, '
    'or buys only on discount", '
    '"lifetime_value": [{"part": "purchases", "eur": 161.34, "text": "buying at '
    'will: 161 EUR over the next 12 months (still buying with 50 % probability)"}]}',
    '{"drivers": [{"text": "latest NPS 10", "effect": "helps"}, '
    '{"text": "exit fee 200 EUR holds them", "effect": "hurts"}, '
    '{"text": "12 months left on their contract", "effect": "hurts"}], '
    '"segment": "satisfied (NPS 10) and still buying", '
    '"lifetime_value": [{"part": "purchases", "eur": 275.45, "text": "buying at '
    'will: 275 EUR over the next 12 months (still buying with 86 % probability)"}]}',
    '{"drivers": [{"text": "2 positive public mentions", "effect": "helps"}, '
    '{"text": "latest NPS 10", "effect": "helps"}, '
    '{"text": "last order 10 days ago", "effect": "helps"}], '
    '"segment": "promoter (NPS 10) who praises us in public", '
    '"lifetime_value": [{"part": "purchases", "eur": 280.51, "text": "buying at '
    'will: 281 EUR over the next 12 months (still buying with 87 % probability)"}]}',
    '{"drivers": [], "segment": "the relationship has ended: no loyalty segment is claimed '
    'for a customer who left", "health": "departed: the relationship has ended, so its '
    'health is no longer tracked"}',
    '{"drivers": [{"text": "margin after cost to serve scores 0/100", "effect": "hurts"}, '
    '{"text": "3 of 4 company promises kept", "effect": "helps"}, '
    '{"text": "1 of 4 requests answered on time", "effect": "hurts"}], '
    '"segment": "satisfied (NPS 8) and still buying", '
    '"lifetime_value": [{"part": "purchases", "eur": 275.45, "text": "buying at '
    'will: 275 EUR over the next 12 months (still buying with 86 % probability)"}]}',
]
HOSTAGE_BARRIERS = [
    {"kind": "contract", "amount": 13.1, "text": "13 months left on contract"},
    {"kind": "exit_fee", "amount": 250.0, "text": "exit fee 250 EUR"},
    {"kind": "points", "amount": 450.12, "text": "450 EUR of points at risk"},
    {"kind": "data_lock", "amount": 1, "text": "transfer code withheld"},
]


def features_of(rows: list[dict]) -> Features:
    """Feature columns as fetch_features fills them, missing ones as the registry says; a
    row's "subscriptions" (term months, start day, monthly price) become renewal rows."""
    missing = {
        name: value for _, columns in feature_queries().values() for name, value in columns.items()
    }
    columns = {
        name: np.array([row.get(name, value) for row in rows]) for name, value in missing.items()
    }
    ids = np.arange(1, len(rows) + 1, dtype=np.int64)
    renewals = [
        (float(ids[i]), *subscription)
        for i, row in enumerate(rows)
        for subscription in row.get("subscriptions", ())
    ]
    return Features(
        customer_ids=ids,
        as_of_day=AS_OF_DAY,
        columns=columns,
        rows={"renewals": np.array(renewals, dtype=float).reshape(-1, 4)},
    )


def random_customers(count: int, seed: int) -> list[dict]:
    """Values on the edges the texts round or compare at (halves, thresholds, NaN, inf)."""
    rng = np.random.default_rng(seed)
    choices = {
        "nps": [np.nan, 0.0, 2.5, 5.0, 6.5, 7.0, 9.0, 10.0],
        "csat": [np.nan, 1.0, 2.0, 4.0],
        "comment_sentiment": [np.nan, -0.5, 0.0, 0.7],
        "stage_code": [-1.0, 2.0, 3.0, 4.0, 5.0],
        "last_order_day": [np.nan, DAY, DAY - 60, AS_OF_DAY - 120, DAY - 119.5, DAY - 400],
        "term_end_day": [np.nan, DAY - 5, DAY + 200, DAY + 365.25, DAY + 700.5],
        "exit_fee": [0.0, 199.99, 200.0, 250.5, 1000.125, np.inf],
        "loyalty_value": [0.0, 299.99, 300.0, 300.005, 450.125, 1e15 + 0.125],
        "transfer_code_held": [0.0, 1.0],
        "recent_complaints": [0.0, 1.0, 2.5],
        "positive_mentions": [0.0, 1.0, 1.25],
        "negative_mentions": [0.0, 1.0, 3.0],
        "negative_reach": [0.0, 12.5, 13.5],
        "requests": [0.0, 3.0],
        "requests_on_time": [0.0, 1.0, 3.0],
        "company_kept": [0.0, 2.0],
        "company_broken": [0.0, 1.0],
        "cost_to_serve": [0.0, 300.0, 2000.0],
        "active_subscriptions": [0.0, 1.0],
        "closed_subscriptions": [0.0, 1.0],
    }
    rows = []
    for _ in range(count):
        row = {**BUYER, **{name: float(rng.choice(values)) for name, values in choices.items()}}
        row["first_order_day"] = row["last_order_day"] - 300
        # 0 to 2 subscriptions, some starting right on a renewal date or beside it.
        row["subscriptions"] = [
            (
                float(rng.choice([1, 3, 12])),
                DAY - float(rng.choice([0, 10, 27.4, 30.4375, 365.25, 368.25, 900])),
                float(rng.choice([0.0, 9.99, 30.0, 119.5])),
            )
            for _ in range(int(rng.integers(0, 3)))
        ]
        if np.isnan(row["last_order_day"]):
            row.update(purchase_days=0.0, spend=0.0, list_spend=0.0, first_day_spend=0.0)
        rows.append(row)
    return rows


def test_explanations_and_barriers_read_exactly():
    scores = compute_scores(features_of(CUSTOMERS), PRIOR_PARAMS)
    assert scores.explanations == EXPLANATIONS
    assert scores.barriers[0] == HOSTAGE_BARRIERS
    assert [len(found) for found in scores.barriers] == [4, 0, 0, 3, 0, 0, 0]
    assert scores.barriers_json == [json.dumps(found) for found in scores.barriers]


def test_a_customer_reads_the_same_alone_as_in_a_batch():
    rows = CUSTOMERS + random_customers(400, seed=7)
    batch = compute_scores(features_of(rows), PRIOR_PARAMS)
    assert batch.barriers_json == [json.dumps(found) for found in batch.barriers]
    assert "Infinity" in "".join(batch.barriers_json)
    for i, row in enumerate(rows):
        alone = compute_scores(features_of([row]), PRIOR_PARAMS)
        assert alone.explanations == [batch.explanations[i]]
        assert alone.barriers == [batch.barriers[i]]
        assert alone.barriers_json == [batch.barriers_json[i]]
    assert all(json.loads(text)["segment"] for text in batch.explanations)


def test_values_with_one_print_key_print_alike():
    halves = np.arange(-6, 6) + 0.5
    edges = [0.0, -0.0, -0.3, 0.3, 1e300, -1e-300, 2.0**53 + 2, np.nan, np.inf, -np.inf]
    values = np.concatenate([halves, edges, np.random.default_rng(1).normal(0, 50, 2000)])
    printed = {}
    for key, value in zip(print_key(values).tolist(), values.tolist(), strict=True):
        assert printed.setdefault(key, f"{value:.0f}") == f"{value:.0f}"
    assert len({printed[key] for key in print_key(np.array([-0.3, 0.3])).tolist()}) == 2
