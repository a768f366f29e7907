"""Relationship rows for a chunk: relationships, owner assignments, hand-offs, stages, teams.

The denormalised Relationship.owner always equals the owner of the active assignment
(NULL when none), exactly as the ownership service keeps it.
"""

from __future__ import annotations

import numpy as np

from accord.core.bulk import insert_columns
from accord.demo.columns import DAY, FUNCTIONS, F, ids, times
from accord.demo.plan import DROPPED, ORPHAN_UNASSIGNED, Plan
from accord.demo.staff import Roster, pick_staff
from accord.relationships.models import (
    Handoff,
    OwnerAssignment,
    Relationship,
    StageChange,
    TeamMembership,
)

HANDOFF_REASONS = ("rebalancing books", "customer moved to a new region", "owner changed team")


def write_ownership(
    rng: np.random.Generator, plan: Plan, roster: Roster, next_ids: dict[str, int]
) -> None:
    changes = _stage_changes(rng, plan)
    last_change = np.full(plan.size, -1, dtype=np.int64)
    np.maximum.at(last_change, changes[0], changes[1])
    insert_columns(
        Relationship,
        {
            "id": plan.ids.tolist(),
            "customer_id": plan.ids.tolist(),
            "stage": plan.stage.tolist(),
            "started_at": times(plan.start),
            "ended_at": times(plan.end, missing=~plan.departed),
            "stage_changed_at": times(last_change),
            "owner_id": ids(plan.owner),
        },
    )
    _write_assignments(plan, roster, next_ids)
    _write_handoffs(rng, plan, roster, next_ids)
    _write_stage_changes(plan, changes, roster, next_ids)
    _write_team(rng, plan, roster, next_ids)


def _write_assignments(plan: Plan, roster: Roster, next_ids: dict[str, int]) -> None:
    moved = np.flatnonzero(plan.handoff_at >= 0)
    first_end = np.where(plan.handoff_at >= 0, plan.handoff_at, plan.assignment_end)
    customer = np.concatenate([np.arange(plan.size), moved])
    owner = np.concatenate([plan.owner0, plan.owner1[moved]])
    started = np.concatenate([plan.start, plan.handoff_at[moved]])
    ended = np.concatenate([first_end, np.full(len(moved), -1)])
    is_first = np.concatenate([np.ones(plan.size, bool), np.zeros(len(moved), bool)])
    order = np.lexsort((started, customer))
    customer, owner, started, ended = customer[order], owner[order], started[order], ended[order]
    reason = np.where(is_first[order], "first owner", "hand-off").astype(object)
    unassigned = plan.gap[customer] == ORPHAN_UNASSIGNED
    reason[unassigned & (ended >= 0)] = "owner moved to another team; nobody reassigned"
    start_id = next_ids["assignment"]
    next_ids["assignment"] += len(order)
    maria = roster.ids["maria"]
    insert_columns(
        OwnerAssignment,
        {
            "id": list(range(start_id, start_id + len(order))),
            "customer_id": plan.ids[customer].tolist(),
            "relationship_id": plan.ids[customer].tolist(),
            "owner_id": owner.tolist(),
            "started_at": times(started),
            "ended_at": times(ended, missing=ended < 0),
            "assigned_by_id": [maria] * len(order),
            "reason": reason.tolist(),
        },
    )


def _write_handoffs(
    rng: np.random.Generator, plan: Plan, roster: Roster, next_ids: dict[str, int]
) -> None:
    moved = np.flatnonzero(plan.handoff_at >= 0)
    at = plan.handoff_at[moved]
    from_owner = plan.owner0[moved]
    owner_left = roster.left_at[from_owner] == at
    reason = np.asarray(HANDOFF_REASONS, dtype=object)[rng.integers(0, 3, len(moved))]
    reason[owner_left] = "previous owner left the company"
    # A dropped hand-off: the customer was never told who their new owner is.
    dropped = plan.gap[moved] == DROPPED
    told = at + (rng.uniform(0.1, 3, len(moved)) * DAY).astype(np.int64)
    by = np.where(owner_left, roster.ids["maria"], from_owner)
    start_id = next_ids["handoff"]
    next_ids["handoff"] += len(moved)
    insert_columns(
        Handoff,
        {
            "id": list(range(start_id, start_id + len(moved))),
            "customer_id": plan.ids[moved].tolist(),
            "from_owner_id": from_owner.tolist(),
            "to_owner_id": plan.owner1[moved].tolist(),
            "by_id": by.tolist(),
            "reason": reason.tolist(),
            "note": ["Open requests and promises walked through in the hand-over call."]
            * len(moved),
            "occurred_at": times(at),
            "open_promises_carried": rng.integers(0, 3, len(moved)).tolist(),
            "customer_told_at": times(told, missing=dropped),
        },
    )


def _stage_changes(rng: np.random.Generator, plan: Plan) -> tuple[np.ndarray, ...]:
    """(customer index, at, from stage, to stage) for each change, sorted by customer."""
    size, as_of = plan.size, plan.as_of
    everyone = np.arange(size)
    active_at = plan.start + 30 * DAY
    parts = [
        (everyone, plan.start, "", "onboarding"),
        (everyone, active_at, "onboarding", "active"),
    ]
    late = np.maximum(active_at + DAY, as_of - (rng.uniform(5, 120, size) * DAY).astype(np.int64))
    for stage in ("renewal", "at_risk"):
        chosen = np.flatnonzero(plan.stage == stage)
        parts.append((chosen, np.minimum(late, plan.end - DAY)[chosen], "active", stage))
    departed = np.flatnonzero(plan.departed)
    parts.append((departed, plan.end[departed], "active", "departed"))
    won = np.flatnonzero(plan.stage == "won_back")
    left_at = active_at + ((plan.end - active_at) * 0.5).astype(np.int64)
    parts.append((won, left_at[won], "active", "departed"))
    parts.append((won, left_at[won] + 45 * DAY, "departed", "won_back"))
    customer = np.concatenate([p[0] for p in parts])
    at = np.concatenate([p[1] for p in parts])
    from_stage = np.concatenate([np.full(len(p[0]), p[2], dtype=object) for p in parts])
    to_stage = np.concatenate([np.full(len(p[0]), p[3], dtype=object) for p in parts])
    order = np.lexsort((at, customer))
    return customer[order], at[order], from_stage[order], to_stage[order]


def _write_stage_changes(
    plan: Plan, changes: tuple[np.ndarray, ...], roster: Roster, next_ids: dict[str, int]
) -> None:
    customer, at, from_stage, to_stage = changes
    reasons = {
        "onboarding": "signed up",
        "active": "onboarding complete",
        "renewal": "contract end approaching",
        "at_risk": "cancellation requested",
        "departed": "contract ended",
        "won_back": "returned with a new contract",
    }
    start_id = next_ids["stage_change"]
    next_ids["stage_change"] += len(customer)
    insert_columns(
        StageChange,
        {
            "id": list(range(start_id, start_id + len(customer))),
            "customer_id": plan.ids[customer].tolist(),
            "from_stage": from_stage.tolist(),
            "to_stage": to_stage.tolist(),
            "reason": [reasons[s] for s in to_stage.tolist()],
            "by_id": plan.owner0[customer].tolist(),
            "occurred_at": times(at),
        },
    )


def _write_team(
    rng: np.random.Generator, plan: Plan, roster: Roster, next_ids: dict[str, int]
) -> None:
    """A support and a billing teammate for everyone; organizations also get sales."""
    functions = [F["support"], F["billing"]]
    customer = np.concatenate([np.arange(plan.size)] * 2 + [np.flatnonzero(plan.is_org)])
    function = np.concatenate(
        [
            np.full(plan.size, functions[0]),
            np.full(plan.size, functions[1]),
            np.full(int(plan.is_org.sum()), F["sales"]),
        ]
    )
    order = np.lexsort((function, customer))
    customer, function = customer[order], function[order]
    staff = pick_staff(roster, rng, function, active_only=True)
    start_id = next_ids["team"]
    next_ids["team"] += len(customer)
    insert_columns(
        TeamMembership,
        {
            "id": list(range(start_id, start_id + len(customer))),
            "customer_id": plan.ids[customer].tolist(),
            "staff_id": staff.tolist(),
            "function": np.asarray(FUNCTIONS, dtype=object)[function].tolist(),
            "added_at": times(plan.start[customer] + DAY),
        },
    )
