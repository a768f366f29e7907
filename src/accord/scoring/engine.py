"""Features in, scores out: the one pipeline both batch and incremental scoring run.

Pure apart from reading settings for weights and the CLV horizon: no database access.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

from accord.scoring.equity import compute_equity
from accord.scoring.explain import distinct_rows, explanations, held_barriers, print_key
from accord.scoring.features import STAGES
from accord.scoring.health import COMPONENTS, compute_barriers, compute_health
from accord.scoring.lifetime import apply_params
from accord.scoring.renewals import subscription_value
from accord.scoring.rules import DECIMALS
from accord.scoring.segments import SEGMENT_NAMES, asked_to_leave, classify
from accord.scoring.value_parts import value_parts

# Bump when a formula changes: stored scores say which model produced them.
MODEL_VERSION = "2026.12-1"

FLOAT_COLUMNS = (
    "health",
    *COMPONENTS,
    "value_equity",
    "brand_equity",
    "relationship_equity",
    "satisfaction",
    "loyalty",
    "clv",
    "p_alive",
    "expected_purchases",
    "equity_at_risk",
)


@dataclass
class ScoreSet:
    customer_ids: np.ndarray
    owner_ids: np.ndarray
    columns: dict[str, np.ndarray]
    segments: list[str]
    is_hostage: np.ndarray
    company_promises_broken: np.ndarray
    stages: list[str] = field(default_factory=list)
    company_promises_kept: np.ndarray = field(
        default_factory=lambda: np.zeros(0, np.int64)
    )  # the relationship's stage ("" none)
    barriers: list[list[dict[str, object]]] = field(default_factory=list)
    barriers_json: list[str] = field(default_factory=list)
    explanations: list[str] = field(default_factory=list)  # JSON text per customer
    # Customers whose relationship ended: no alerts, and their open alerts close.
    departed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # Times each asked to leave in the exit window (an increase raises an alert).
    exit_asks: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


# A departed customer's explanation: no drivers (nothing is at stake any more) and, in
# words, that neither a loyalty segment nor a health is claimed for them.
DEPARTED_REASON = (
    "the relationship has ended: no loyalty segment is claimed for a customer who left"
)
DEPARTED_HEALTH = "departed: the relationship has ended, so its health is no longer tracked"
DEPARTED_EXPLANATION = json.dumps(
    {"drivers": [], "segment": DEPARTED_REASON, "health": DEPARTED_HEALTH}
)


def _segment_reason(
    name: str, nps: float, barriers: list[dict[str, object]], leaving: bool, asked: bool = False
) -> str:
    said = "no NPS yet" if np.isnan(nps) else f"NPS {nps:.0f}"
    exit_words = "and leaving" if leaving else "and nothing holds them: free to leave"
    if asked and name == "hostage":
        held = ", ".join(str(b["text"]) for b in barriers)
        return f"asked to leave ({said}) but held by {held}"
    if asked and name in ("defector", "terrorist"):
        public = ", and complaining in public" if name == "terrorist" else ""
        free = "and leaving" if leaving else "and nothing holds them: free to go"
        return f"asked to leave ({said}) {free}{public}"
    if name == "loyalist":
        return f"satisfied ({said}) and still buying"
    if name == "apostle":
        return f"promoter ({said}) who praises us in public"
    if name == "mercenary":
        return f"satisfied ({said}) but not committed: stopped buying, or buys only on discount"
    if name == "hostage":
        return f"unhappy ({said}) but held by " + ", ".join(str(b["text"]) for b in barriers)
    if name == "defector":
        return f"unhappy ({said}) {exit_words}"
    if name == "terrorist":
        return f"unhappy ({said}) {exit_words}, and complaining in public"
    if name == "departed":
        return DEPARTED_REASON
    return "no survey answers yet: satisfaction unknown"


def _segment_reasons(
    codes: np.ndarray, features, barriers: list[list[dict[str, object]]], leaving: np.ndarray
) -> list[str]:
    """Per customer. Apart from a hostage's (it names the barriers) a reason depends only on
    the segment, the NPS as printed, leaving and asking to leave: each combination is
    written once."""
    nps = features["nps"]
    asked = asked_to_leave(features)
    rows, inverse = distinct_rows([codes, print_key(nps), leaving, asked])
    table = [
        _segment_reason(
            SEGMENT_NAMES[int(codes[i])],
            float(nps[i]),
            barriers[i],
            bool(leaving[i]),
            bool(asked[i]),
        )
        for i in rows.tolist()
    ]
    reasons: list[str] = np.array(table, dtype=object)[inverse].tolist()
    for i in np.flatnonzero(codes == SEGMENT_NAMES.index("hostage")).tolist():
        reasons[i] = _segment_reason(
            "hostage", float(nps[i]), barriers[i], bool(leaving[i]), bool(asked[i])
        )
    return reasons


def _score_columns(features, clv_params: dict[str, float]):
    """The numeric scores (rounded to DECIMALS), the barriers and the segment result."""
    equity = compute_equity(features)
    life = apply_params(
        features,
        clv_params,
        settings.ACCORD_CLV_HORIZON_MONTHS,
        settings.ACCORD_CLV_MONTHLY_DISCOUNT,
    )
    # Subscriptions are valued by retention (sBG), buying at will by BG/NBD: both add up.
    subscribed = subscription_value(
        features,
        features.rows.get("renewals", np.zeros((0, 4))),
        clv_params,
        settings.ACCORD_CLV_MONTHLY_DISCOUNT,
    )
    clv = life.clv + subscribed.value
    worded = value_parts(features, life, subscribed, settings.ACCORD_CLV_HORIZON_MONTHS)
    barriers = compute_barriers(features)
    weights = {k: float(v) for k, v in settings.ACCORD_HEALTH_WEIGHTS.items()}
    parts = compute_health(features, equity.value, equity.price_ratio, barriers, weights)
    segment = classify(features, life.p_alive, barriers.held)
    hostage = segment.code == SEGMENT_NAMES.index("hostage")
    columns = {
        **parts,
        "value_equity": equity.value,
        "brand_equity": equity.brand,
        "relationship_equity": equity.relationship,
        "satisfaction": segment.satisfaction,
        "loyalty": segment.loyalty,
        "clv": clv,
        "p_alive": life.p_alive,
        "expected_purchases": life.expected_purchases,
        "equity_at_risk": np.where(hostage, clv, 0.0),
    }
    rounded = {
        name: np.round(np.nan_to_num(columns[name], nan=0.0), DECIMALS) for name in FLOAT_COLUMNS
    }
    return rounded, barriers, segment, hostage, worded


def compute_scores(features, clv_params: dict[str, float]) -> ScoreSet:
    """Pure pipeline: equity, CLV, barriers, health, segment, explanations (0-100 scores,
    money in EUR). Same input gives bit-identical output whatever the batch size."""
    columns, barriers, segment, hostage, value = _score_columns(features, clv_params)
    names = segment.names
    held = held_barriers(barriers)
    reasons = _segment_reasons(segment.code, features, held.lists, segment.leaving)
    departed = segment.code == SEGMENT_NAMES.index("departed")
    texts = explanations(features, columns, barriers, reasons, value)
    for i in np.flatnonzero(departed).tolist():
        texts[i] = DEPARTED_EXPLANATION
    return ScoreSet(
        customer_ids=features.customer_ids,
        owner_ids=features["owner_id"],
        columns=columns,
        segments=names,
        is_hostage=hostage,
        company_promises_broken=features["company_broken"].astype(np.int64),
        company_promises_kept=features["company_kept"].astype(np.int64),
        stages=[STAGES[int(code)] if code >= 0 else "" for code in features["stage_code"].tolist()],
        barriers=held.lists,
        barriers_json=held.as_json,
        explanations=texts,
        departed=departed,
        exit_asks=(features["leave_asks"] + features["code_asks"]).astype(np.int64),
    )
