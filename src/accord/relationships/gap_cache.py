"""Live gaps, counted again only when the book changed (or a minute passed).

Counting every gap of a 100,000-customer book takes seconds (the stale query alone
groups a month of interactions), and the board is opened far more often than the
book changes. So `current_gaps` keeps the last count per scope in the process cache,
under a stamp of the book: the newest row of each table the gaps read (customers,
relationships, staff, interactions, hand-offs, owner assignments, requests, stage
changes), how many staff are active, and the newest audit event other
than a record view (every write through the services is audited: transfers, stage
changes, deactivations, answered requests). Any such write changes the stamp, so the
next view counts again; gaps that appear only because time passes (a hand-off becoming
silent for 14 days) show within CACHE_SECONDS. A board asked for another moment
(`as_of`) is always counted live.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db import connection

from accord.audit.models import AuditEvent
from accord.relationships import gap_sql
from accord.relationships.gaps import Gap, list_gaps
from accord.relationships.models import StageChange

CACHE_SECONDS = 60
# Per process, not Django's cache: its local-memory backend pickles every value, and
# unpickling the 12,000 gaps of a 100k book costs more than the rest of the board.
_KEPT: dict[str, tuple[tuple[Any, ...], float, list[Gap]]] = {}
_LOCK = threading.Lock()
_TABLES = (
    gap_sql.CUSTOMER,
    gap_sql.RELATIONSHIP,
    gap_sql.STAFF,
    gap_sql.INTERACTION,
    gap_sql.HANDOFF,
    gap_sql.ASSIGNMENT,
    gap_sql.REQUEST,
    StageChange._meta.db_table,
)
# Each MAX(id) is one step down the primary key; the audit one walks back over the
# record views (the 360 and the API write one per read) to the newest real change.
_STAMP = (
    "SELECT "
    + ", ".join(f"(SELECT MAX(id) FROM {table})" for table in _TABLES)
    + f", (SELECT id FROM {AuditEvent._meta.db_table} WHERE action <> 'customer.view'"
    + " ORDER BY id DESC LIMIT 1)"
    + f", (SELECT COUNT(*) FROM {gap_sql.STAFF} WHERE is_active)"
)


def book_stamp() -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(_STAMP)
        row = cursor.fetchone()
    return tuple(row or ())


def current_gaps(team: str | None = None, owner: int | None = None) -> tuple[list[Gap], float]:
    """(every gap now in the scope, when they were counted as a Unix time)."""
    key = f"{connection.settings_dict['NAME']}:{team or ''}:{owner or ''}"
    stamp = book_stamp()
    with _LOCK:
        kept = _KEPT.get(key)
    if kept is not None and kept[0] == stamp and time.time() - kept[1] < CACHE_SECONDS:
        return kept[2], kept[1]
    counted_at = time.time()
    gaps = list_gaps(team=team, owner=owner)
    with _LOCK:
        if len(_KEPT) >= 256:  # a scope per team and per owner: a few dozen in practice
            _KEPT.clear()
        _KEPT[key] = (stamp, counted_at, gaps)
    return gaps, counted_at


def forget_counts() -> None:
    """Drop every kept count. Tests call it: a rolled-back test hands its row ids to
    the next one (SQLite), so two different books there can share one stamp."""
    with _LOCK:
        _KEPT.clear()
