"""Ground truth: the planted situations of a chunk, one row per customer and situation."""

from __future__ import annotations

import numpy as np

from accord.core.bulk import insert_columns
from accord.demo.activity import planted_exit_asks
from accord.demo.models import PlantedSituation
from accord.demo.plan import GAP_NAMES, ORPHAN_LEFT, ORPHAN_UNASSIGNED, SEGMENTS, Plan

EXIT_DETAILS = {
    "hostage": "asked how to cancel and for the transfer code; got no transfer code",
    "defector": "asked to cancel, then went",
    "terrorist": "asked to cancel, then went, complaining in public",
}
GAP_DETAILS = (
    "",
    "the owner left the company and nobody took the relationship over",
    "the owner's assignment ended and nobody new was assigned",
    "several functions pushed offers and pricing in the last 30 days without the owner",
    "the customer wrote in the last 30 days; the owner did not answer",
    "hand-off 14-60 days ago; the new owner has not contacted the customer",
)
SEGMENT_DETAILS = {
    "loyalist": "satisfied, buying regularly, low barriers",
    "apostle": "promoter who praises the company in public",
    "mercenary": "satisfied but bought at a discount and stopped buying",
    "hostage": "unsatisfied, held by a contract term, exit fee or points balance",
    "defector": "unsatisfied and leaving",
    "terrorist": "unsatisfied, leaving and complaining in public",
}


def write_truth(plan: Plan, broken_promise: np.ndarray, next_ids: dict[str, int]) -> None:
    asks_to_leave = planted_exit_asks(plan)
    customers: list[int] = []
    situations: list[str] = []
    details: list[str] = []
    for i, customer_id in enumerate(plan.ids.tolist()):
        segment = SEGMENTS[plan.segment[i]]
        customers.append(customer_id)
        situations.append(segment)
        details.append(SEGMENT_DETAILS[segment])
        gap = int(plan.gap[i])
        if gap:
            customers.append(customer_id)
            situations.append(GAP_NAMES[gap])
            variant = "owner left" if gap == ORPHAN_LEFT else "unassigned"
            detail = GAP_DETAILS[gap]
            if gap in (ORPHAN_LEFT, ORPHAN_UNASSIGNED):
                detail = f"{variant}: {detail}"
            details.append(detail)
        if broken_promise[i]:
            customers.append(customer_id)
            situations.append("broken_promise")
            details.append("at least one company promise was broken")
        if plan.is_viral[i]:
            customers.append(customer_id)
            situations.append("viral_negative_mention")
            details.append("very negative post with 250,000 reach a few days ago, then a burst")
            customers.append(customer_id)
            situations.append("escalation")
            details.append("the viral post and its burst escalate to the accountable owner")
        if asks_to_leave[i]:
            customers.append(customer_id)
            situations.append("exit_intent")
            details.append(EXIT_DETAILS[segment])
    start = next_ids["planted"]
    next_ids["planted"] += len(customers)
    insert_columns(
        PlantedSituation,
        {
            "id": range(start, start + len(customers)),
            "customer_id": customers,
            "situation": situations,
            "detail": details,
        },
    )
