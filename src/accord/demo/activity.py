"""Interaction rows over each customer's tenure: issue episodes and routine touches.

Rows live as a dict of equal-length NumPy columns until written; recent.py then
shapes the last 30 days so the planted accountability gaps hold exactly.
"""

from __future__ import annotations

import numpy as np

from accord.demo.columns import (
    DAY,
    HOUR,
    INBOUND,
    OUTBOUND,
    C,
    F,
    K,
    rank_within,
    repeat_index,
    segment_starts,
)
from accord.demo.plan import DEFECTOR, HOSTAGE, TERRORIST, Plan
from accord.demo.staff import Roster, pick_staff
from accord.demo.texts import ISSUES
from accord.demo.wording import ISSUE_GROUP, REPLY_GROUP, ROUTINE_GROUP

Rows = dict[str, np.ndarray]
COLUMNS = (
    "customer",
    "at",
    "direction",
    "kind",
    "function",
    "staff",
    "channel",
    "episode",
    "group",
)
MEAN_INTERACTIONS = 50

# (kind, direction, functions, channels, weight if satisfied, if unsatisfied, owner share)
ROUTINE = (
    ("offer", OUTBOUND, ("marketing", "sales"), ("email", "call", "social", "letter"), 8, 5, 0.2),
    ("renewal", OUTBOUND, ("success", "sales"), ("email", "call", "meeting"), 4, 4, 0.6),
    ("pricing", OUTBOUND, ("billing", "sales"), ("email", "letter", "call"), 3, 4, 0.3),
    ("upsell", OUTBOUND, ("sales", "marketing"), ("email", "call", "meeting"), 5, 2, 0.4),
    ("onboarding", OUTBOUND, ("success", "service"), ("email", "call", "in_person"), 3, 3, 0.5),
    ("other", OUTBOUND, ("success",), ("email", "call", "meeting"), 8, 6, 0.8),
    ("billing", OUTBOUND, ("billing",), ("email", "portal", "letter"), 8, 8, 0.0),
    ("support", OUTBOUND, ("support", "service"), ("email", "chat"), 3, 3, 0.0),
    ("praise", INBOUND, ("support", "success"), ("email", "chat", "social", "portal"), 6, 0.5, 0.2),
    (
        "request",
        INBOUND,
        ("support", "service", "sales"),
        ("email", "chat", "call", "in_person"),
        6,
        6,
        0.2,
    ),
    ("other", INBOUND, ("support", "marketing"), ("email", "portal", "social"), 2, 2, 0.1),
    ("billing", INBOUND, ("billing",), ("email", "portal", "call"), 3, 5, 0.1),
)
EPISODE_CHANNELS = np.array([C[c] for c in ("email", "chat", "call", "ticket", "portal", "social")])
ISSUE_KIND = np.array([K[issue[0]] for issue in ISSUES])
# The issues that ask to leave: only unhappy customers raise them (exit_asks plants them).
CANCEL_ISSUE = next(i for i, issue in enumerate(ISSUES) if issue[1][0] == "How do I cancel?")
CODE_ISSUE = next(i for i, issue in enumerate(ISSUES) if issue[1][0] == "Transfer code needed")
EXIT_ISSUES = np.array([CANCEL_ISSUE, CODE_ISSUE])
CALM_ISSUES = np.array([i for i in range(len(ISSUES)) if i not in EXIT_ISSUES])
ISSUE_DESK = np.array([F["billing"] if issue[0] == "billing" else F["support"] for issue in ISSUES])


def concat(parts: list[Rows]) -> Rows:
    return {name: np.concatenate([part[name] for part in parts]) for name in COLUMNS}


def take(rows: Rows, mask: np.ndarray) -> Rows:
    return {name: values[mask] for name, values in rows.items()}


def build_interactions(rng: np.random.Generator, plan: Plan, roster: Roster) -> Rows:
    duration = (plan.end - plan.start).astype(np.float64)
    rate = MEAN_INTERACTIONS * plan.size / max(duration.sum(), 1.0)
    total = rng.poisson(rate * duration * plan.activity)
    unhappy = np.isin(plan.segment, (HOSTAGE, DEFECTOR, TERRORIST))
    share = np.where(unhappy, 0.55, 0.3)
    episodes = rng.poisson(total * share / 2.6)
    rows = concat(
        [
            _episodes(rng, plan, roster, episodes, unhappy),
            _routine(
                rng, plan, roster, np.maximum(total - episodes * 2.6, 0).astype(np.int64), unhappy
            ),
            exit_asks(rng, plan, roster),
        ]
    )
    return _after_departures(rng, rows, roster)


def planted_exit_asks(plan: Plan) -> np.ndarray:
    """Who asks to leave: every hostage (held, they ask how to go and for their transfer
    code), every defector and terrorist (they ask to cancel, then go)."""
    return np.isin(plan.segment, (HOSTAGE, DEFECTOR, TERRORIST))


def exit_asks(rng: np.random.Generator, plan: Plan, roster: Roster) -> Rows:
    """The planted requests to leave, 35-330 days before the end of activity (inside the
    exit-intent window, outside the last 30 days that recent.py shapes for the gaps)."""
    askers = planted_exit_asks(plan)
    hostage = plan.segment == HOSTAGE
    cancels = np.where(askers, rng.integers(1, 4, plan.size), 0)
    codes = np.where(hostage, rng.integers(1, 4, plan.size), 0)
    customer = np.concatenate([repeat_index(cancels), repeat_index(codes)])
    issue = np.concatenate(
        [np.full(int(cancels.sum()), CANCEL_ISSUE), np.full(int(codes.sum()), CODE_ISSUE)]
    )
    n = len(customer)
    earliest = np.maximum(plan.start[customer] + 30 * DAY, plan.end[customer] - 330 * DAY)
    latest = plan.end[customer] - 35 * DAY
    at = earliest + (rng.random(n) * np.maximum(latest - earliest, DAY)).astype(np.int64)
    rows = {
        "customer": customer,
        "at": np.minimum(at, latest),
        "direction": np.full(n, INBOUND),
        "kind": ISSUE_KIND[issue],
        "function": ISSUE_DESK[issue],
        "staff": np.zeros(n, dtype=np.int64),
        "channel": EPISODE_CHANNELS[rng.integers(0, len(EPISODE_CHANNELS), n)],
        "episode": np.full(n, -1),
        "group": ISSUE_GROUP[issue],
    }
    _owner_or_desk(rng, plan, roster, rows, np.full(n, 0.15))
    return rows


def _owner_or_desk(
    rng: np.random.Generator, plan: Plan, roster: Roster, rows: Rows, owner_share: np.ndarray
) -> None:
    """Fill staff and function: the owner at that time with `owner_share`, else the desk."""
    desk = pick_staff(roster, rng, rows["function"])
    owner = plan.owner_at(rows["customer"], rows["at"])
    by_owner = rng.random(len(desk)) < owner_share
    rows["staff"] = np.where(by_owner, owner, desk)
    rows["function"] = np.where(by_owner, roster.function[owner], rows["function"])


def _episodes(
    rng: np.random.Generator, plan: Plan, roster: Roster, counts: np.ndarray, unhappy: np.ndarray
) -> Rows:
    """One issue raised 1-3 times (often through different desks), then one reply."""
    customer = repeat_index(counts)
    n = len(customer)
    issue = rng.integers(0, len(ISSUES), n)
    # Satisfied customers do not ask to leave: their draw of an exit issue becomes another.
    calm = ~unhappy[customer] & np.isin(issue, EXIT_ISSUES)
    issue = np.where(calm, CALM_ISSUES[issue % len(CALM_ISSUES)], issue)
    span = plan.end[customer] - plan.start[customer] - 4 * DAY
    begin = plan.start[customer] + (rng.random(n) * span).astype(np.int64)
    episode, offset, last = _raise_offsets(rng, n)
    m = len(episode)
    # A repeat through another desk is what issue shopping looks like.
    other_desk = rng.choice([F["service"], F["sales"], F["billing"], F["support"]], m)
    inbound = {
        "customer": customer[episode],
        "at": begin[episode] + offset,
        "direction": np.full(m, INBOUND),
        "kind": ISSUE_KIND[issue][episode],
        "function": np.where(rng.random(m) < 0.6, ISSUE_DESK[issue][episode], other_desk),
        "staff": np.zeros(m, dtype=np.int64),
        "channel": EPISODE_CHANNELS[rng.integers(0, len(EPISODE_CHANNELS), m)],
        "episode": episode,
        "group": ISSUE_GROUP[issue][episode],
    }
    reply = {
        "customer": customer,
        "at": begin + offset[last] + (rng.uniform(1, 30, n) * HOUR).astype(np.int64),
        "direction": np.full(n, OUTBOUND),
        "kind": np.where(ISSUE_KIND[issue] == K["billing"], K["billing"], K["support"]),
        "function": ISSUE_DESK[issue],
        "staff": np.zeros(n, dtype=np.int64),
        "channel": np.full(n, C["email"]),
        "episode": np.arange(n),
        "group": REPLY_GROUP[issue],
    }
    rows = concat([inbound, reply])
    rows["at"] = np.minimum(rows["at"], plan.end[rows["customer"]] - 60)
    is_inbound = rows["direction"] == INBOUND
    _owner_or_desk(rng, plan, roster, rows, np.where(is_inbound, 0.15, 0.3))
    return rows


def _raise_offsets(rng: np.random.Generator, n: int) -> tuple[np.ndarray, ...]:
    """Each of n episodes raised 1-3 times, hours to days apart: (episode per message,
    offset from the episode's start, index of each episode's last message)."""
    raised = 1 + (rng.random(n) < 0.35) + (rng.random(n) < 0.1)
    episode = repeat_index(raised)
    m = len(episode)
    gap = np.where(rank_within(episode) > 0, rng.uniform(0.1, 2.5, m) * DAY, 0).astype(np.int64)
    total = np.cumsum(gap)
    first = segment_starts(raised)
    offset = total - (total[first] - gap[first])[episode]
    return episode, offset, first + raised - 1


def _routine(
    rng: np.random.Generator, plan: Plan, roster: Roster, counts: np.ndarray, unhappy: np.ndarray
) -> Rows:
    customer = repeat_index(counts)
    n = len(customer)
    satisfied_p = np.array([t[4] for t in ROUTINE], dtype=float)
    unhappy_p = np.array([t[5] for t in ROUTINE], dtype=float)
    template = np.where(
        unhappy[customer],
        rng.choice(len(ROUTINE), n, p=unhappy_p / unhappy_p.sum()),
        rng.choice(len(ROUTINE), n, p=satisfied_p / satisfied_p.sum()),
    )
    kind = np.array([K[t[0]] for t in ROUTINE])[template]
    span = plan.end[customer] - plan.start[customer]
    fraction = rng.random(n)
    # Onboarding happens in the first two months, everything else across the tenure.
    early = np.minimum(1, 60 * DAY / span)
    fraction = np.where(kind == K["onboarding"], fraction * early, fraction)
    function, channel, group = _template_columns(rng, template)
    rows = {
        "customer": customer,
        "at": plan.start[customer] + (fraction * span).astype(np.int64),
        "direction": np.array([t[1] for t in ROUTINE])[template],
        "kind": kind,
        "function": function,
        "staff": np.zeros(n, dtype=np.int64),
        "channel": channel,
        "episode": np.full(n, -1),
        "group": group,
    }
    _owner_or_desk(rng, plan, roster, rows, np.array([t[6] for t in ROUTINE])[template])
    return rows


def _template_columns(rng: np.random.Generator, template: np.ndarray) -> tuple[np.ndarray, ...]:
    """(function, channel, text group) per row, drawn from each row's routine template."""
    n = len(template)
    function = np.empty(n, dtype=np.int64)
    channel = np.empty(n, dtype=np.int64)
    group = np.empty(n, dtype=np.int64)
    u, v = rng.random(n), rng.random(n)
    for code, (kind_name, direction, functions, channels, *_rest) in enumerate(ROUTINE):
        chosen = template == code
        pick_function = (u[chosen] * len(functions)).astype(np.int64)
        function[chosen] = np.array([F[f] for f in functions])[pick_function]
        pick_channel = (v[chosen] * len(channels)).astype(np.int64)
        channel[chosen] = np.array([C[c] for c in channels])[pick_channel]
        group[chosen] = ROUTINE_GROUP[(kind_name, "outbound" if direction else "inbound")]
    return function, channel, group


def _after_departures(rng: np.random.Generator, rows: Rows, roster: Roster) -> Rows:
    """Nobody acts after leaving: such rows go to an active colleague of the same function."""
    gone = roster.left_at[rows["staff"]] <= rows["at"]
    gone &= rows["staff"] > 0
    if gone.any():
        function = roster.function[rows["staff"][gone]]
        rows["staff"][gone] = pick_staff(roster, rng, function, active_only=True)
    return rows
