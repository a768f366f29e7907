"""Marking customers for rescoring, kept apart from the scorer: the change listener loads
without NumPy and SciPy, so every `accord` command (an import above all) starts faster,
and a mark of many customers is one executemany instead of model instances.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accord.scoring.models import RescoreQueue

# More customers than this in one commit (an import, the overdue sweep) go to the worker.
INLINE_MAX = 5


def mark_for_rescoring(customer_ids: list[int]) -> None:
    """Queue customers (upsert: a second mark only moves marked_at forward)."""
    if not customer_ids:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = connection.ops.quote_name(RescoreQueue._meta.db_table)
    sql = (
        f"INSERT INTO {table} (customer_id, marked_at, claimed_at, failures, retry_after, "
        "last_error) VALUES (%s, %s, NULL, 0, NULL, '') "
        "ON CONFLICT (customer_id) DO UPDATE SET marked_at = excluded.marked_at"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, [(customer_id, now) for customer_id in customer_ids])


def on_customers_changed(customer_ids: list[int]) -> None:
    """Listener for accord.core.changes (runs after the writer's commit)."""
    mark_for_rescoring(customer_ids)
    if not settings.ACCORD_RESCORE_INLINE or len(customer_ids) > INLINE_MAX:
        return
    from accord.scoring.incremental import rescore_now

    rescore_now(customer_ids)
