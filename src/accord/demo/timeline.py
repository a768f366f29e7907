"""Write a chunk's interactions with the requests and conversations they raise.

Every inbound request, complaint, support or billing message is a Request; the messages
of one issue episode (often through several desks) share one Conversation.
"""

from __future__ import annotations

import numpy as np

from accord.core.bulk import insert_columns
from accord.demo.activity import Rows, build_interactions
from accord.demo.columns import (
    CHANNELS,
    DAY,
    FUNCTIONS,
    HOUR,
    INBOUND,
    KINDS,
    C,
    K,
    ids,
    labels,
    times,
)
from accord.demo.plan import Plan
from accord.demo.recent import shape_recent
from accord.demo.staff import Roster
from accord.demo.wording import pick_texts
from accord.interactions.models import Conversation, Interaction, Request

REQUEST_KINDS = np.array([K["request"], K["complaint"], K["support"], K["billing"]])
# Hours to the due time by channel (index = channel code): fast channels answer fast.
DUE_HOURS = np.full(len(CHANNELS), 24)
DUE_HOURS[[C["chat"], C["call"], C["social"]]] = 4
DUE_HOURS[C["letter"]] = 120
OPEN_DAYS = 10


def write_timeline(
    rng: np.random.Generator, plan: Plan, roster: Roster, next_ids: dict[str, int]
) -> int:
    """Generate, shape and write the chunk's interactions; returns how many."""
    rows = shape_recent(rng, plan, roster, build_interactions(rng, plan, roster))
    order = np.lexsort((rows["group"], rows["at"], rows["customer"]))
    rows = {name: values[order] for name, values in rows.items()}
    n = len(order)
    subjects, bodies = pick_texts(rng, rows["group"])
    request_id = _write_requests(rng, plan, rows, subjects, bodies, next_ids)
    start = next_ids["interaction"]
    next_ids["interaction"] += n
    insert_columns(
        Interaction,
        {
            "id": range(start, start + n),
            "customer_id": plan.ids[rows["customer"]].tolist(),
            "channel": labels(rows["channel"], CHANNELS),
            "direction": np.where(rows["direction"] == INBOUND, "inbound", "outbound")
            .astype(object)
            .tolist(),
            "function": labels(rows["function"], FUNCTIONS),
            "staff_id": ids(rows["staff"]),
            "occurred_at": times(rows["at"]),
            "kind": labels(rows["kind"], KINDS),
            "subject": subjects,
            "body": bodies,
            "source": ["accord"] * n,
            "request_id": ids(request_id),
        },
    )
    return n


def _write_requests(
    rng: np.random.Generator,
    plan: Plan,
    rows: Rows,
    subjects: list[str],
    bodies: list[str],
    next_ids: dict[str, int],
) -> np.ndarray:
    """Insert requests and conversations; returns the request id per interaction row (0 none)."""
    where = np.flatnonzero((rows["direction"] == INBOUND) & np.isin(rows["kind"], REQUEST_KINDS))
    customer, at, channel = rows["customer"][where], rows["at"][where], rows["channel"][where]
    conversation, is_open, resolved_at = _write_conversations(
        rng, plan, rows, where, subjects, next_ids
    )
    request_open = is_open
    due_hours = DUE_HOURS[channel]
    responded = at + (rng.uniform(0.1, 0.9, len(where)) * due_hours * HOUR).astype(np.int64)
    first_request = next_ids["request"]
    next_ids["request"] += len(where)
    insert_columns(
        Request,
        {
            "id": range(first_request, first_request + len(where)),
            "customer_id": plan.ids[customer].tolist(),
            "conversation_id": conversation.tolist(),
            "channel": labels(channel, CHANNELS),
            "received_by_function": labels(rows["function"][where], FUNCTIONS),
            "kind": labels(rows["kind"][where], KINDS),
            "subject": [subjects[i] for i in where.tolist()],
            "body": [bodies[i] for i in where.tolist()],
            "status": np.where(request_open, "open", "resolved").astype(object).tolist(),
            "assigned_to_id": ids(plan.owner_at(customer, at)),
            "received_at": times(at),
            "due_at": times(at + due_hours * HOUR),
            "first_response_at": times(responded, missing=request_open),
            "resolved_at": times(resolved_at, missing=request_open),
        },
    )
    request_id = np.zeros(len(rows["at"]), dtype=np.int64)
    request_id[where] = np.arange(first_request, first_request + len(where))
    return request_id


def _write_conversations(
    rng: np.random.Generator,
    plan: Plan,
    rows: Rows,
    where: np.ndarray,
    subjects: list[str],
    next_ids: dict[str, int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Insert the conversations of the request rows `where`; returns per request row its
    conversation id, and per conversation (by index) whether it is open and when resolved."""
    conversation, head = _conversations(rows, where)
    at = rows["at"][where]
    last_at = np.zeros(len(head), dtype=np.int64)
    np.maximum.at(last_at, conversation, at)
    resolved_at = last_at + (rng.uniform(0.5, 4, len(head)) * DAY).astype(np.int64)
    is_open = (last_at >= plan.as_of - OPEN_DAYS * DAY) | (resolved_at >= plan.as_of)
    first_id = next_ids["conversation"]
    next_ids["conversation"] += len(head)
    insert_columns(
        Conversation,
        {
            "id": range(first_id, first_id + len(head)),
            "customer_id": plan.ids[rows["customer"][where][head]].tolist(),
            "kind": labels(rows["kind"][where][head], KINDS),
            "subject": [subjects[i] for i in where[head].tolist()],
            "status": np.where(is_open, "open", "resolved").astype(object).tolist(),
            "opened_at": times(at[head]),
            "last_activity_at": times(last_at),
            "resolved_at": times(resolved_at, missing=is_open),
        },
    )
    return conversation + first_id, is_open[conversation], resolved_at[conversation]


def _conversations(rows: Rows, where: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Conversation index per request row, numbered by first appearance, and each one's
    first request (positions into `where`). An episode's messages share a conversation;
    a lone message is its own."""
    episode = rows["episode"][where]
    key = np.where(episode >= 0, episode, -1 - where)
    key = rows["customer"][where] * (4 * len(rows["at"]) + 4) + key
    _, conversation_of = np.unique(key, return_inverse=True)
    count = int(conversation_of.max()) + 1 if len(where) else 0
    first_seen = np.full(count, len(where))
    np.minimum.at(first_seen, conversation_of, np.arange(len(where)))
    rank = np.empty_like(first_seen)
    rank[np.argsort(first_seen, kind="stable")] = np.arange(count)
    return rank[conversation_of], np.sort(first_seen)
