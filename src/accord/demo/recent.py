"""Shape each customer's last 30 days so accountability gaps exist exactly where planted.

The definitions (evaluated at as_of, 30-day window, owner = current accountable owner):
stale = inbound activity but no owner outbound; contested = strategic outbound from 2+
functions other than the owner's with no owner interaction between them; dropped
hand-off = latest hand-off 14-60 days old and no new-owner outbound since; orphaned =
no active owner or an inactive one. Everyone else is kept clear of all four.
"""

from __future__ import annotations

import numpy as np

from accord.demo.activity import CALM_ISSUES, EXIT_ISSUES, Rows, concat, take
from accord.demo.columns import DAY, HOUR, INBOUND, OUTBOUND, STRATEGIC, C, F, K
from accord.demo.plan import CONTESTED, DROPPED, NO_GAP, ORPHAN_LEFT, ORPHAN_UNASSIGNED, STALE, Plan
from accord.demo.staff import Roster, pick_staff
from accord.demo.wording import CONFUSED_GROUP, FOLLOW_UP_GROUP, ISSUE_GROUP, ROUTINE_GROUP

WINDOW = 30 * DAY
CONTENDERS = np.array([F["sales"], F["marketing"], F["billing"], F["success"], F["service"]])


def shape_recent(rng: np.random.Generator, plan: Plan, roster: Roster, rows: Rows) -> Rows:
    window = plan.as_of - WINDOW
    # Keep a minute clear of the window's edge, so ">" and ">=" detectors agree.
    edge = np.abs(rows["at"] - window) < 60
    rows["at"][edge] = window - 60
    customer, at = rows["customer"], rows["at"]
    gap = plan.gap[customer]
    owner = plan.owner[customer]
    recent = at >= window
    by_owner = (rows["staff"] == owner) & (owner > 0)
    outbound = rows["direction"] == OUTBOUND
    strategic = outbound & np.isin(rows["kind"], STRATEGIC)
    quiet = np.isin(gap, (ORPHAN_LEFT, ORPHAN_UNASSIGNED, CONTESTED))
    dropped_from = np.minimum(plan.handoff_at[customer], window)
    drop = (quiet & recent) | ((gap == DROPPED) & (at >= dropped_from))
    drop |= (gap == STALE) & recent & (strategic | (outbound & by_owner))
    rows = take(rows, ~drop)
    # Everyone else: strategic pushes of the last 30 days come from the owner alone.
    customer, at = rows["customer"], rows["at"]
    owner = plan.owner[customer]
    retarget = (
        (at >= window)
        & (rows["direction"] == OUTBOUND)
        & np.isin(rows["kind"], STRATEGIC)
        & (rows["staff"] != owner)
        & np.isin(plan.gap[customer], (NO_GAP,))
    )
    rows["staff"][retarget] = owner[retarget]
    rows["function"][retarget] = roster.function[owner[retarget]]
    parts = [rows, _answer_inbound(rng, plan, roster, rows)]
    parts += [_contested(rng, plan, roster), _stale(rng, plan, roster)]
    return concat(parts)


def _rows(
    customer: np.ndarray,
    at: np.ndarray,
    direction: int,
    kind: int,
    function: np.ndarray,
    staff: np.ndarray,
    channel: int,
    group: int | np.ndarray,
) -> Rows:
    n = len(customer)
    return {
        "customer": customer,
        "at": at,
        "direction": np.full(n, direction),
        "kind": np.full(n, kind),
        "function": function,
        "staff": staff,
        "channel": np.full(n, channel),
        "episode": np.full(n, -1),
        "group": np.broadcast_to(group, (n,)).copy(),
    }


def _answer_inbound(rng: np.random.Generator, plan: Plan, roster: Roster, rows: Rows) -> Rows:
    """The owner follows up every customer who was in touch in the last 30 days."""
    window = plan.as_of - WINDOW
    customer, at = rows["customer"], rows["at"]
    recent = at >= window
    last_inbound = np.full(plan.size, -1, dtype=np.int64)
    inbound = recent & (rows["direction"] == INBOUND)
    np.maximum.at(last_inbound, customer[inbound], at[inbound])
    touched = np.zeros(plan.size, dtype=bool)
    owner_out = recent & (rows["direction"] == OUTBOUND) & (rows["staff"] == plan.owner[customer])
    touched[customer[owner_out]] = True
    needs = np.flatnonzero((last_inbound >= 0) & ~touched & (plan.gap == NO_GAP) & (plan.owner > 0))
    reply = last_inbound[needs] + (rng.uniform(1, 30, len(needs)) * HOUR).astype(np.int64)
    reply = np.minimum(reply, plan.as_of - 60)
    owner = plan.owner[needs]
    return _rows(
        needs,
        reply,
        OUTBOUND,
        K["other"],
        roster.function[owner],
        owner,
        C["email"],
        FOLLOW_UP_GROUP,
    )


def _contested(rng: np.random.Generator, plan: Plan, roster: Roster) -> Rows:
    """Two or three other desks push deals; the confused customer writes; the owner replies."""
    chosen = np.flatnonzero(plan.gap == CONTESTED)
    n = len(chosen)
    if n == 0:
        return _rows(chosen, chosen, OUTBOUND, 0, chosen, chosen, 0, 0)
    owner = plan.owner[chosen]
    own_function = roster.function[owner]
    parts = []
    days = ((18, 26), (10, 16), (4, 8))
    kinds = (K["offer"], K["pricing"], K["upsell"])
    used = np.full((n, 3), -1)
    for step in range(3):
        # The third push (a second salesperson's upsell) only happens half of the time.
        keep = rng.random(n) < 0.5 if step == 2 else np.ones(n, dtype=bool)
        function = _distinct_function(rng, own_function, used[:, :step])
        used[:, step] = function
        at = plan.as_of - (rng.uniform(*days[step], n) * DAY).astype(np.int64)
        staff = pick_staff(roster, rng, function, active_only=True)
        group = ROUTINE_GROUP[(("offer", "pricing", "upsell")[step], "outbound")]
        part = _rows(chosen, at, OUTBOUND, kinds[step], function, staff, C["email"], group)
        parts.append(take(part, keep))
    parts.append(_confused_customer(rng, plan, chosen, owner, own_function))
    return concat(parts)


def _confused_customer(
    rng: np.random.Generator,
    plan: Plan,
    chosen: np.ndarray,
    owner: np.ndarray,
    own_function: np.ndarray,
) -> Rows:
    """The customer asks which offer is real; the owner calls back after the last push."""
    n = len(chosen)
    asked_at = plan.as_of - (rng.uniform(2.5, 3.5, n) * DAY).astype(np.int64)
    support, nobody = np.full(n, F["support"]), np.zeros(n, dtype=np.int64)
    asked = _rows(chosen, asked_at, INBOUND, K["complaint"], support, nobody, C["chat"],
                  CONFUSED_GROUP)  # fmt: skip
    reply_at = plan.as_of - (rng.uniform(0.5, 2, n) * DAY).astype(np.int64)
    reply = _rows(chosen, reply_at, OUTBOUND, K["other"], own_function, owner, C["call"],
                  FOLLOW_UP_GROUP)  # fmt: skip
    return concat([asked, reply])


def _distinct_function(rng: np.random.Generator, own: np.ndarray, used: np.ndarray) -> np.ndarray:
    """A contending function per row, different from the owner's and from those used."""
    choice = CONTENDERS[rng.integers(0, len(CONTENDERS), len(own))]
    for _ in range(20):
        clash = choice == own
        for column in range(used.shape[1]):
            clash |= choice == used[:, column]
        if not clash.any():
            break
        choice[clash] = CONTENDERS[rng.integers(0, len(CONTENDERS), int(clash.sum()))]
    return choice


def _stale(rng: np.random.Generator, plan: Plan, roster: Roster) -> Rows:
    """The customer complains; only another desk answers; the owner stays silent."""
    chosen = np.flatnonzero(plan.gap == STALE)
    n = len(chosen)
    issue = rng.integers(0, len(ISSUE_GROUP), n)
    # A complaint, not a request to leave (only the planted askers ask: activity.exit_asks).
    issue = np.where(np.isin(issue, EXIT_ISSUES), CALM_ISSUES[issue % len(CALM_ISSUES)], issue)
    at = plan.as_of - (rng.uniform(3, 20, n) * DAY).astype(np.int64)
    support = np.full(n, F["support"])
    inbound = _rows(
        chosen,
        at,
        INBOUND,
        K["complaint"],
        support,
        np.zeros(n, dtype=np.int64),
        C["email"],
        ISSUE_GROUP[issue],
    )
    desk = pick_staff(roster, rng, support, active_only=True)
    answer = _rows(
        chosen,
        at + 4 * HOUR,
        OUTBOUND,
        K["support"],
        support,
        desk,
        C["email"],
        ROUTINE_GROUP[("support", "outbound")],
    )
    return concat([inbound, answer])
