"""Writing scores: bulk upsert of the latest scores, daily snapshots, and alerts.

Batch and incremental both end here, so an alert fires the same way whichever path
noticed the change. Upserts are raw SQL on the real unique keys (executemany on SQLite,
COPY into a temporary table on PostgreSQL for large sets): the ORM's per-object
bulk_create costs about 0.5 ms a row, which a million-customer batch cannot afford.
Callers own the transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import numpy as np
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accord.core.bulk import copy_columns
from accord.relationships.models import Relationship
from accord.scoring.engine import FLOAT_COLUMNS, MODEL_VERSION, ScoreSet
from accord.scoring.models import Alert, AlertKind, CustomerScore, ScoreSnapshot, SnapshotDay
from accord.scoring.rollups import track_book_rollups
from accord.webhooks.services import enqueue_alert_deliveries

SCORE_COLUMNS = (
    "customer_id",
    *FLOAT_COLUMNS,
    "segment",
    "is_hostage",
    "barriers",
    "company_promises_broken",
    "company_promises_kept",
    "exit_asks",
    "owner_id",
    "stage",
    "explanation",
    "model_version",
    "as_of",
    "scored_at",
)
SNAPSHOT_FIELDS = (
    "health",
    "value_equity",
    "brand_equity",
    "relationship_equity",
    "clv",
    "segment",
)
# Copied into snapshots beside SNAPSHOT_FIELDS: the day rollups are keyed by them.
ROLLUP_KEYS = ("owner_id", "stage")
JSON_COLUMNS = {"barriers", "explanation"}
# Below this many rows PostgreSQL takes executemany; above, COPY through a temp table.
COPY_THRESHOLD = 500


def skip_commit_flush() -> None:
    """Inside a scoring transaction on PostgreSQL: commit without waiting for the WAL
    flush. Scores are derived data; a server crash can lose at most the last few
    commits, in order, and the queue or the batch checkpoint (committed with or after
    them) makes the scorer redo exactly those. Saves a disk flush per rescore."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def save_scores(scores: ScoreSet, as_of: datetime) -> int:
    """Upsert every customer's latest score, its snapshot of the day, and alerts against
    the previous score. Returns the number of customers written."""
    count = int(scores.customer_ids.size)
    if count == 0:
        return 0
    now = timezone.now()
    ids = scores.customer_ids.tolist()
    previous = _previous(ids[0], ids[-1])
    adapt = connection.ops.adapt_datetimefield_value
    values = [
        ids,
        *(scores.columns[name].tolist() for name in FLOAT_COLUMNS),
        scores.segments,
        scores.is_hostage.tolist(),
        scores.barriers_json,
        scores.company_promises_broken.tolist(),
        (scores.company_promises_kept.tolist() or [0] * count),
        (scores.exit_asks.tolist() or [0] * count),
        scores.owner_ids.astype(np.int64).tolist(),
        scores.stages or [""] * count,
        scores.explanations,
        [MODEL_VERSION] * count,
        [adapt(as_of)] * count,
        [adapt(now)] * count,
    ]
    with track_book_rollups(ids[0], ids[-1], as_of.date()):
        _upsert(CustomerScore._meta.db_table, SCORE_COLUMNS, ("customer_id",), values)
        _snapshot(ids[0], ids[-1], as_of)
    if scores.departed.any():
        _close_departed_alerts(ids[0], ids[-1], now)
    # Webhook deliveries commit with their alerts: none lost, none for a rolled-back write.
    enqueue_alert_deliveries(Alert.objects.bulk_create(_alerts(scores, ids, previous, now)))
    return count


def _snapshot(lo: int, hi: int, as_of: datetime) -> None:
    """Copy the day's scores into the history inside the database (no rows through Python),
    and note the day for readers (SnapshotDay)."""
    copied = (*SNAPSHOT_FIELDS, *ROLLUP_KEYS)
    names = ", ".join(copied)
    updates = ", ".join(f"{c} = excluded.{c}" for c in copied)
    day = connection.ops.adapt_datefield_value(as_of.date())
    # SQLite parses INSERT ... SELECT ... ON CONFLICT only with a WHERE, which this has.
    snapshots, scores = ScoreSnapshot._meta.db_table, CustomerScore._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {snapshots} (customer_id, taken_on_date, {names}) "
            f"SELECT customer_id, %s, {names} FROM {scores} "
            "WHERE customer_id BETWEEN %s AND %s "
            f"ON CONFLICT (taken_on_date, customer_id) DO UPDATE SET {updates}",
            [day, lo, hi],
        )
        cursor.execute(
            f"INSERT INTO {SnapshotDay._meta.db_table} (day) VALUES (%s) "
            "ON CONFLICT (day) DO NOTHING",
            [day],
        )


def _close_departed_alerts(lo: int, hi: int, now: datetime) -> None:
    """A relationship that ended leaves nothing open in its owner's worklist: resolve the
    open alerts of every departed customer in the range (one UPDATE; open alerts are few)."""
    alerts, relationships = Alert._meta.db_table, Relationship._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {alerts} SET resolved_at = %s WHERE resolved_at IS NULL "
            "AND customer_id BETWEEN %s AND %s AND customer_id IN ("
            f"SELECT customer_id FROM {relationships} "
            "WHERE stage = 'departed' AND customer_id BETWEEN %s AND %s)",
            [connection.ops.adapt_datetimefield_value(now), lo, hi, lo, hi],
        )


def _previous(lo: int, hi: int) -> dict[int, tuple[float, bool, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT customer_id, health, is_hostage, company_promises_broken, exit_asks "
            f"FROM {CustomerScore._meta.db_table} WHERE customer_id BETWEEN %s AND %s",
            [lo, hi],
        )
        return {row[0]: (row[1], bool(row[2]), row[3], row[4]) for row in cursor.fetchall()}


def _upsert(
    table: str, columns: Sequence[str], key: Sequence[str], values: list[list[Any]]
) -> None:
    """Insert or update rows given column-wise (one list per column)."""
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    conflict = f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(values[0]) > COPY_THRESHOLD:
            # A temp table per transaction: COPY is the fast path into PostgreSQL.
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS load_{table} "
                f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
            )
            cursor.execute(f"TRUNCATE load_{table}")
            copy_columns(cursor, f"load_{table}", columns, values)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM load_{table} {conflict}"
            )
            return
        jsonb = "::jsonb" if connection.vendor == "postgresql" else ""
        marks = ", ".join(f"%s{jsonb}" if c in JSON_COLUMNS else "%s" for c in columns)
        rows = cast(Any, zip(*values, strict=True))  # streamed, not copied into a list
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks}) {conflict}", rows)


def _alerts(
    scores: ScoreSet,
    ids: list[int],
    previous: dict[int, tuple[float, bool, int, int]],
    now: datetime,
) -> list[Alert]:
    """Alerts only against an earlier score: a first scoring is a baseline, not news."""
    alerts: list[Alert] = []
    for i in _alert_candidates(scores, previous).tolist():
        customer_id = ids[i]
        found = _alert_messages(scores, i, previous[customer_id])
        owner = int(scores.owner_ids[i]) or None
        alerts.extend(
            Alert(
                customer_id=customer_id,
                owner_id=owner,
                kind=kind,
                message=message[:300],
                created_at=now,
            )
            for kind, message in found
        )
    return alerts


def _alert_candidates(
    scores: ScoreSet, previous: dict[int, tuple[float, bool, int, int]]
) -> np.ndarray:
    """Positions of customers that may need an alert, found with array comparisons so a
    million-customer rescore does not visit every customer in Python. _alert_messages
    makes the final decision with the same tests."""
    if not previous:
        return np.zeros(0, dtype=np.int64)
    known = np.fromiter(previous.keys(), dtype=np.int64, count=len(previous))
    old = np.array(list(previous.values()), dtype=float).reshape(-1, 4)
    order = np.argsort(known, kind="stable")
    known, old = known[order], old[order]
    ids = scores.customer_ids.astype(np.int64)
    at = np.minimum(np.searchsorted(known, ids), known.size - 1)
    found = known[at] == ids
    old_health, was_hostage, old_broken, old_asks = old[at].T
    drop = old_health - scores.columns["health"] >= settings.ACCORD_HEALTH_DROP_ALERT
    became_hostage = scores.is_hostage.astype(bool) & (was_hostage == 0)
    more_broken = scores.company_promises_broken > old_broken
    more_asks = _asks(scores) > old_asks
    departed = scores.departed if scores.departed.size else np.zeros(ids.size, dtype=bool)
    return np.flatnonzero(found & ~departed & (drop | became_hostage | more_broken | more_asks))


def _alert_messages(
    scores: ScoreSet, i: int, previous: tuple[float, bool, int, int]
) -> list[tuple[str, str]]:
    old_health, was_hostage, old_broken, old_asks = previous
    health = float(scores.columns["health"][i])
    found: list[tuple[str, str]] = []
    if old_health - health >= settings.ACCORD_HEALTH_DROP_ALERT:
        drivers: Any = json.loads(scores.explanations[i])["drivers"]
        why = "; ".join(str(d["text"]) for d in drivers)
        found.append(
            (AlertKind.HEALTH_DROP, f"Health fell from {old_health:.0f} to {health:.0f}: {why}")
        )
    if scores.is_hostage[i] and not was_hostage:
        barriers = ", ".join(str(b["text"]) for b in scores.barriers[i])
        found.append((AlertKind.BECAME_HOSTAGE, f"Unhappy but held by {barriers}"))
    broken = int(scores.company_promises_broken[i])
    if broken > old_broken:
        found.append((AlertKind.PROMISE_BROKEN, f"{broken - old_broken} company promise(s) broken"))
    asks = int(_asks(scores)[i])
    if asks > old_asks:
        drivers = json.loads(scores.explanations[i])["drivers"]
        said = [str(d["text"]) for d in drivers if str(d["text"]).startswith("asked ")]
        why = "; ".join(said) or f"asked to leave {asks} times"
        found.append((AlertKind.EXIT_INTENT, f"Asked to leave: {why}"))
    return found


def _asks(scores: ScoreSet) -> np.ndarray:
    if scores.exit_asks.size:
        return scores.exit_asks
    return np.zeros(scores.customer_ids.size, dtype=np.int64)
