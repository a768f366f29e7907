"""Loyalty segments (Jones & Sasser 1995) from satisfaction and behavioural loyalty.

Satisfied and staying: loyalist, or apostle when a promoter also advocates in public.
Satisfied but not committed (stopped buying, discount-driven, short tenure): mercenary.
Unsatisfied but still buying because a barrier holds them: hostage. Unsatisfied and
leaving: defector, or terrorist when they also complain in public. A relationship that
ended is "departed", whatever the surveys said. A customer who asked to leave (exit
intent in their own words, over the exit window) is never satisfied, whatever they
scored: a hostage when a barrier holds them, else a defector.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.scoring.rules import (
    STAGE_AT_RISK,
    STAGE_DEPARTED,
    STOPPED_BUYING_DAYS,
    days_since_last_order,
    fill,
    mean_known,
    scale,
)

# "departed" is not a loyalty segment: a customer who left is scored as gone, never as
# loyal or held (it is last so the codes of the others keep their meaning).
SEGMENT_NAMES = (
    "loyalist",
    "apostle",
    "mercenary",
    "hostage",
    "defector",
    "terrorist",
    "unknown",
    "departed",
)


@dataclass
class SegmentResult:
    code: np.ndarray  # index into SEGMENT_NAMES
    satisfaction: np.ndarray  # 0-100
    loyalty: np.ndarray  # 0-100, behavioural
    satisfied: np.ndarray  # bool
    unsatisfied: np.ndarray  # bool
    leaving: np.ndarray  # bool

    @property
    def names(self) -> list[str]:
        return [SEGMENT_NAMES[int(code)] for code in self.code]


def satisfaction(features) -> np.ndarray:
    """0-100 from the latest NPS, CSAT and comment sentiment (NaN with no survey)."""
    return mean_known(
        (scale(features["nps"], 0, 10), 0.5),
        (scale(features["csat"], 1, 5), 0.3),
        (scale(features["comment_sentiment"], -1, 1), 0.2),
    )


def loyalty(features, p_alive: np.ndarray) -> np.ndarray:
    """0-100 behavioural loyalty: buying recently, repeat purchase, tenure, P(alive), renewal."""
    idle = days_since_last_order(features)
    recent = np.clip(1.0 - idle / 365.0, 0, 1) * 100.0
    repeat = np.clip(features["purchase_days"] / 6.0, 0, 1) * 100.0
    start = np.fmin(features["relationship_started"], features["first_order_day"])
    tenure = np.clip(fill(features.as_of_day - start, 0.0) / (3 * 365.25), 0, 1) * 100.0
    renews = np.clip(features["auto_renew"] + features["active_subscriptions"], 0, 1) * 100.0
    leaving = (features["stage_code"] == STAGE_DEPARTED) | (features["stage_code"] == STAGE_AT_RISK)
    score = 0.3 * recent + 0.2 * repeat + 0.15 * tenure + 0.2 * p_alive * 100.0 + 0.15 * renews
    return np.where(leaving, score * 0.5, score)


def asked_to_leave(features) -> np.ndarray:
    """Whether the customer asked to cancel, leave or for the means to go elsewhere."""
    return (features["leave_asks"] + features["code_asks"]) > 0


def _satisfaction_flags(features, sat_score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(satisfied, unsatisfied). Asking to leave decides first; then NPS where it is clear;
    a passive 6 or a missing NPS falls back on CSAT, then on the blended score. Passives
    count as satisfied (not unhappy): behaviour then tells loyalists from mercenaries."""
    nps, csat = features["nps"], features["csat"]
    known = ~np.isnan(sat_score)
    unsatisfied = np.where(
        nps <= 5,
        True,
        np.where(nps >= 7, False, np.where(~np.isnan(csat), csat <= 2, sat_score < 40)),
    )
    unsatisfied &= known
    asked = asked_to_leave(features)
    return known & ~unsatisfied & ~asked, unsatisfied | asked


def classify(features, p_alive: np.ndarray, barriers_held: np.ndarray) -> SegmentResult:
    """Pure: one segment per customer (codes into SEGMENT_NAMES)."""
    nps = features["nps"]
    sat_score = satisfaction(features)
    satisfied, unsatisfied = _satisfaction_flags(features, sat_score)
    idle = days_since_last_order(features)
    buying = idle < STOPPED_BUYING_DAYS
    stage = features["stage_code"]
    stage_leaving = (stage == STAGE_DEPARTED) | (stage == STAGE_AT_RISK)
    only_closed = (features["closed_subscriptions"] > 0) & (features["active_subscriptions"] == 0)
    leaving = stage_leaving | only_closed | ~buying
    staying = ~stage_leaving & (buying | (features["active_subscriptions"] > 0))
    committed = staying & buying
    # One who asked to leave and is held stays a hostage while still paying (a contract
    # with no recent orders holds them as much as one with).
    held_in = buying | (asked_to_leave(features) & (features["active_subscriptions"] > 0))
    hostage = unsatisfied & barriers_held & ~stage_leaving & ~only_closed & held_in
    defector = unsatisfied & ~hostage
    terrorist = defector & (features["negative_mentions"] > 0)
    apostle = satisfied & committed & (nps >= 9) & (features["positive_mentions"] > 0)
    mercenary = satisfied & ~committed
    code = np.full(len(features), SEGMENT_NAMES.index("unknown"))
    code[satisfied] = SEGMENT_NAMES.index("loyalist")
    code[mercenary] = SEGMENT_NAMES.index("mercenary")
    code[apostle] = SEGMENT_NAMES.index("apostle")
    code[defector] = SEGMENT_NAMES.index("defector")
    code[terrorist] = SEGMENT_NAMES.index("terrorist")
    code[hostage] = SEGMENT_NAMES.index("hostage")
    code[stage == STAGE_DEPARTED] = SEGMENT_NAMES.index("departed")
    return SegmentResult(
        code=code,
        satisfaction=fill(sat_score, 50.0),
        loyalty=loyalty(features, p_alive),
        satisfied=satisfied,
        unsatisfied=unsatisfied,
        leaving=leaving,
    )
