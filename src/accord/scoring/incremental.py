"""Incremental scoring: mark changed customers, rescore one in-process, drain the queue.

A domain service calls accord.core.changes.mark_customer_changed; after its commit the
listener (accord.scoring.queue) queues the customer and, for a single API/UI write, rescores at
once (settings.ACCORD_RESCORE_INLINE). The worker drains whatever is left (imports,
sweeps). Rescoring applies the stored CLV parameters, so it equals the batch.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from accord.scoring.batch import get_latest_clv_model
from accord.scoring.engine import compute_scores
from accord.scoring.features import fetch_features
from accord.scoring.lifetime import PRIOR_PARAMS
from accord.scoring.models import RescoreQueue
from accord.scoring.store import save_scores, skip_commit_flush

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died; another worker may take it.
STALE_CLAIM = timedelta(minutes=5)


def get_scoring_clock() -> datetime:
    """The as_of of incremental scores: now, unless ACCORD_SCORING_AS_OF pins it (tests,
    a demo book anchored in the past)."""
    pinned = getattr(settings, "ACCORD_SCORING_AS_OF", None)
    return pinned or timezone.now()


def rescore_customer(customer_id: int, as_of: datetime | None = None) -> bool:
    """Recompute and store one customer's scores now (one transaction, ~a dozen indexed
    GROUP BY queries, one round trip on PostgreSQL). False for an unknown customer."""
    as_of = as_of or get_scoring_clock()
    model = get_latest_clv_model()
    params = model.params if model else dict(PRIOR_PARAMS)
    with transaction.atomic():
        skip_commit_flush()
        features = fetch_features(customer_id, customer_id, as_of)
        if len(features) == 0:
            return False
        save_scores(compute_scores(features, params), as_of)
    return True


def rescore_now(customer_ids: list[int]) -> None:
    """Rescore a few customers in-process right after their write (see queue)."""
    for customer_id in customer_ids:
        started = timezone.now()
        try:
            rescore_customer(customer_id)
        except Exception:
            # The write itself succeeded; the queued mark lets the worker retry.
            logger.exception("inline rescoring of customer %s failed", customer_id)
            continue
        RescoreQueue.objects.filter(
            customer_id=customer_id, claimed_at__isnull=True, marked_at__lte=started
        ).delete()


def claim_queued(limit: int = 500) -> list[int]:
    """Atomically claim up to `limit` queued customers (oldest marks first)."""
    now = timezone.now()
    with transaction.atomic():
        queued = RescoreQueue.objects.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM)
        ).order_by("marked_at")
        if connection.vendor == "postgresql":
            queued = queued.select_for_update(skip_locked=True)
        ids = list(queued.values_list("customer_id", flat=True)[:limit])
        RescoreQueue.objects.filter(customer_id__in=ids).update(claimed_at=now)
    return ids


def drain_queue(limit: int = 500, as_of: datetime | None = None) -> int:
    """Rescore claimed customers until the queue is empty; returns how many were scored.
    A customer marked again while being scored stays queued for the next round."""
    total = 0
    while ids := claim_queued(limit):
        for customer_id in ids:
            rescore_customer(customer_id, as_of)
        done = RescoreQueue.objects.filter(customer_id__in=ids)
        done.filter(marked_at__lte=F("claimed_at")).delete()
        done.update(claimed_at=None)
        total += len(ids)
    return total
