"""Incremental scoring: mark changed customers, rescore one in-process, drain the queue.

A domain service calls accord.core.changes.mark_customer_changed; after its commit the
listener (accord.scoring.queue) queues the customer and, for a single API/UI write, rescores at
once (settings.ACCORD_RESCORE_INLINE). The worker drains whatever is left (imports,
sweeps). Rescoring applies the stored CLV parameters, so it equals the batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
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
from accord.voice.reading import read_new_texts

logger = logging.getLogger(__name__)

# A claim older than this belongs to a worker that died; another worker may take it.
STALE_CLAIM = timedelta(minutes=5)
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(days=1)


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
    # What was written since the last sweep, by any path (voice.reading); a backlog (an
    # import, a new installation) is left to the worker and the batch.
    read_new_texts(max_chunks=1)
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
    """Atomically claim up to `limit` queued customers (oldest marks first), leaving out
    those whose back-off after a failure has not passed."""
    now = timezone.now()
    with transaction.atomic():
        queued = (
            RescoreQueue.objects.filter(
                Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM)
            )
            .filter(Q(retry_after__isnull=True) | Q(retry_after__lte=now))
            .order_by("marked_at")
        )
        if connection.vendor == "postgresql":
            queued = queued.select_for_update(skip_locked=True)
        ids = list(queued.values_list("customer_id", flat=True)[:limit])
        RescoreQueue.objects.filter(customer_id__in=ids).update(claimed_at=now)
    return ids


def backoff(failures: int) -> timedelta:
    """Wait before retrying a customer whose scoring failed `failures` times: 1 minute,
    doubling, at most a day (a fixed record is picked up again without anyone acting)."""
    return min(BACKOFF_FIRST * 2 ** (failures - 1), BACKOFF_MAX)


@dataclass
class ScoringFailure:
    customer_id: int
    error: str
    retry_at: datetime


@dataclass
class DrainResult:
    scored: int = 0
    failed: list[ScoringFailure] = field(default_factory=list)
    stopped: bool = False


def _record_failure(customer_id: int, error: Exception) -> ScoringFailure:
    logger.exception("scoring customer %s failed; it stays queued with a back-off", customer_id)
    text = f"{type(error).__name__}: {error}"[:1000]
    row = RescoreQueue.objects.filter(customer_id=customer_id).first()
    failures = (row.failures if row else 0) + 1
    retry_at = timezone.now() + backoff(failures)
    RescoreQueue.objects.filter(customer_id=customer_id).update(
        claimed_at=None, failures=failures, retry_after=retry_at, last_error=text
    )
    return ScoringFailure(customer_id, text, retry_at)


def drain_queue(
    limit: int = 500,
    as_of: datetime | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> DrainResult:
    """Rescore claimed customers until the queue is empty.

    A customer marked again while being scored stays queued for the next round. One whose
    scoring raises is logged, kept in the queue with a back-off and reported; the rest of
    the claim is still scored. `should_stop` is asked between customers (the worker's
    SIGTERM): the current customer finishes, the unscored rest of the claim is released.
    """
    result = DrainResult()
    while not should_stop() and (ids := claim_queued(limit)):
        read_new_texts()  # the whole backlog of new texts first, so each rescore sees it
        done: list[int] = []
        for position, customer_id in enumerate(ids):
            if should_stop():
                result.stopped = True
                RescoreQueue.objects.filter(customer_id__in=ids[position:]).update(claimed_at=None)
                break
            try:
                rescore_customer(customer_id, as_of)
            except Exception as error:  # any bug in one record must not stop the others
                result.failed.append(_record_failure(customer_id, error))
                continue
            done.append(customer_id)
        finished = RescoreQueue.objects.filter(customer_id__in=done)
        finished.filter(marked_at__lte=F("claimed_at")).delete()
        finished.update(claimed_at=None, failures=0, retry_after=None, last_error="")
        result.scored += len(done)
    result.stopped = result.stopped or should_stop()
    return result
