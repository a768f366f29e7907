"""Who each demo customer is before any row exists: segment, planted gap, tenure, owners.

Every later table is derived from this plan, so the planted situations and the rows
that make them true cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.demo.columns import DAY
from accord.demo.staff import Roster

SEGMENTS = ("loyalist", "apostle", "mercenary", "hostage", "defector", "terrorist")
LOYALIST, APOSTLE, MERCENARY, HOSTAGE, DEFECTOR, TERRORIST = range(6)
SEGMENT_SHARES = np.array([0.54, 0.08, 0.15, 0.10, 0.10, 0.03])
NO_GAP, ORPHAN_LEFT, ORPHAN_UNASSIGNED, CONTESTED, STALE, DROPPED = range(6)
GAP_NAMES = ("", "orphaned", "orphaned", "contested", "stale", "dropped_handoff")
GAP_SHARES = {
    ORPHAN_LEFT: 0.015,
    ORPHAN_UNASSIGNED: 0.015,
    CONTESTED: 0.03,
    STALE: 0.03,
    DROPPED: 0.03,
}
# Tenure ranges in days by segment: mercenaries are recent, loyalists long-standing.
TENURE = {
    LOYALIST: (400, 1090),
    APOSTLE: (400, 1090),
    MERCENARY: (180, 420),
    HOSTAGE: (200, 1090),
    DEFECTOR: (300, 1090),
    TERRORIST: (300, 1090),
}


@dataclass
class Plan:
    as_of: int
    ids: np.ndarray  # customer ids
    is_org: np.ndarray
    segment: np.ndarray
    gap: np.ndarray
    stage: np.ndarray  # stage value strings
    start: np.ndarray  # relationship started_at (seconds)
    end: np.ndarray  # activity ends: as_of, or the departure
    departed: np.ndarray
    owner0: np.ndarray  # first owner
    owner1: np.ndarray  # owner after the hand-off (0 when none)
    handoff_at: np.ndarray  # -1 when none
    owner: np.ndarray  # current accountable owner, 0 when none
    assignment_end: np.ndarray  # orphaned-unassigned: when the assignment ended, else -1
    activity: np.ndarray  # interaction-rate multiplier
    is_viral: np.ndarray
    is_ada: np.ndarray

    @property
    def size(self) -> int:
        return len(self.ids)

    def owner_at(self, customer: np.ndarray, at: np.ndarray) -> np.ndarray:
        """The accountable owner of each row's customer at each row's time."""
        handoff = self.handoff_at[customer]
        after = (handoff >= 0) & (at >= handoff)
        return np.where(after, self.owner1[customer], self.owner0[customer])


def make_plan(
    rng: np.random.Generator, first_id: int, size: int, as_of: int, roster: Roster
) -> Plan:
    ids = np.arange(first_id, first_id + size, dtype=np.int64)
    is_ada = ids == 1
    segment = _segments(rng, size, is_ada)
    is_viral = np.zeros(size, dtype=bool)
    terrorists = np.flatnonzero(segment == TERRORIST)
    if first_id == 1 and len(terrorists):
        is_viral[terrorists[0]] = True
    leaving = np.isin(segment, (DEFECTOR, TERRORIST))
    departed = leaving & (rng.random(size) < 0.55) & ~is_viral
    stage = _stages(rng, segment, departed)
    gap = _gaps(rng, size, eligible=~departed & ~is_ada)
    start, end = _tenure(rng, segment, departed, as_of)
    plan = Plan(
        as_of=as_of,
        ids=ids,
        is_org=(rng.random(size) < 0.2) & ~is_ada,
        segment=segment,
        gap=gap,
        stage=stage,
        start=start,
        end=end,
        departed=departed,
        owner0=rng.choice(roster.owners, size=size, p=roster.owner_weights),
        owner1=np.zeros(size, dtype=np.int64),
        handoff_at=np.full(size, -1, dtype=np.int64),
        owner=np.zeros(size, dtype=np.int64),
        assignment_end=np.full(size, -1, dtype=np.int64),
        activity=rng.gamma(4.0, 0.25, size),
        is_viral=is_viral,
        is_ada=is_ada,
    )
    plan.owner0[is_ada] = roster.ids["oliver"]
    _plant_ownership(rng, plan, roster)
    return plan


def _tenure(
    rng: np.random.Generator, segment: np.ndarray, departed: np.ndarray, as_of: int
) -> tuple[np.ndarray, np.ndarray]:
    """(start, end of activity): departures happened 40-200 days before as_of."""
    size = len(segment)
    low = np.array([TENURE[s][0] for s in range(6)])[segment]
    high = np.array([TENURE[s][1] for s in range(6)])[segment]
    start = as_of - (rng.uniform(low, high) * DAY).astype(np.int64)
    end = np.full(size, as_of, dtype=np.int64)
    departure = as_of - (rng.uniform(40, 200, size) * DAY).astype(np.int64)
    end[departed] = departure[departed]
    start = np.where(departed, np.minimum(start, end - 120 * DAY), start)
    return start, end


def _segments(rng: np.random.Generator, size: int, is_ada: np.ndarray) -> np.ndarray:
    counts = np.floor(SEGMENT_SHARES * size).astype(np.int64)
    counts[LOYALIST] += size - counts.sum()
    segment = rng.permutation(np.repeat(np.arange(6), counts))
    if is_ada.any():
        # Ada is the portal's showcase loyalist: swap her with the first loyalist.
        ada = int(np.flatnonzero(is_ada)[0])
        other = int(np.flatnonzero(segment == LOYALIST)[0])
        segment[ada], segment[other] = segment[other], segment[ada]
    return segment


def _stages(rng: np.random.Generator, segment: np.ndarray, departed: np.ndarray) -> np.ndarray:
    u = rng.random(len(segment))
    stage = np.full(len(segment), "active", dtype=object)
    loyal = np.isin(segment, (LOYALIST, APOSTLE))
    stage[loyal & (u < 0.15)] = "renewal"
    stage[loyal & (u > 0.95)] = "won_back"
    stage[(segment == HOSTAGE) & (u < 0.3)] = "renewal"
    leaving = np.isin(segment, (DEFECTOR, TERRORIST))
    stage[leaving] = "at_risk"
    stage[departed] = "departed"
    return stage


def _gaps(rng: np.random.Generator, size: int, eligible: np.ndarray) -> np.ndarray:
    gap = np.zeros(size, dtype=np.int64)
    candidates = rng.permutation(np.flatnonzero(eligible))
    position = 0
    for code, share in GAP_SHARES.items():
        count = max(1, round(share * size)) if len(candidates) > 20 else 0
        gap[candidates[position : position + count]] = code
        position += count
    return gap


def _other_owner(rng: np.random.Generator, roster: Roster, current: np.ndarray) -> np.ndarray:
    """A random active owner different from `current` for every row."""
    owners = roster.owners
    pick = rng.integers(0, len(owners) - 1, len(current))
    position = np.searchsorted(owners, current)
    shifted = np.where(
        (position < len(owners)) & (owners[np.minimum(position, len(owners) - 1)] == current),
        np.where(pick >= position, pick + 1, pick),
        pick,
    )
    return owners[np.minimum(shifted, len(owners) - 1)]


def _plant_ownership(rng: np.random.Generator, plan: Plan, roster: Roster) -> None:
    as_of, size = plan.as_of, plan.size
    tenure = plan.end - plan.start
    # Historic hand-offs end more than 60 days before as_of, so none is "dropped".
    historic = (
        np.isin(plan.gap, (NO_GAP, CONTESTED, STALE))
        & (tenure > 200 * DAY)
        & (rng.random(size) < 0.25)
        & ~plan.is_ada
    )
    latest = np.minimum(as_of - 65 * DAY, plan.end - 10 * DAY)
    when = plan.start + 60 * DAY + (rng.random(size) * (latest - plan.start - 60 * DAY))
    plan.handoff_at[historic] = when[historic].astype(np.int64)
    # Some of them happened because the previous owner left the company.
    departed_owner = roster.departed_owners[rng.integers(0, len(roster.departed_owners), size)]
    left = roster.left_at[departed_owner]
    by_departure = historic & (rng.random(size) < 0.3) & (plan.start < left - 30 * DAY)
    by_departure &= left < plan.end
    plan.owner0[by_departure] = departed_owner[by_departure]
    plan.handoff_at[by_departure] = left[by_departure]

    dropped = plan.gap == DROPPED
    plan.handoff_at[dropped] = as_of - (rng.uniform(16, 57, dropped.sum()) * DAY).astype(np.int64)
    plan.start[dropped] = np.minimum(plan.start[dropped], plan.handoff_at[dropped] - 60 * DAY)

    moved = plan.handoff_at >= 0
    plan.owner1[moved] = _other_owner(rng, roster, plan.owner0[moved])
    plan.owner[:] = np.where(moved, plan.owner1, plan.owner0)

    orphan_left = plan.gap == ORPHAN_LEFT
    plan.owner0[orphan_left] = departed_owner[orphan_left]
    plan.owner[orphan_left] = departed_owner[orphan_left]
    latest_start = left - (rng.uniform(40, 300, size) * DAY).astype(np.int64)
    plan.start[orphan_left] = np.minimum(plan.start, latest_start)[orphan_left]

    unassigned = plan.gap == ORPHAN_UNASSIGNED
    ended = as_of - (rng.uniform(45, 200, size) * DAY).astype(np.int64)
    plan.assignment_end[unassigned] = ended[unassigned]
    plan.start[unassigned] = np.minimum(plan.start, ended - 60 * DAY)[unassigned]
    plan.owner[unassigned] = 0
