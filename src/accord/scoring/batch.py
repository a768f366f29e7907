"""`accord score`: the full-book batch, in ascending customer-id chunks, resumable.

Each chunk is one transaction that also advances the run's checkpoint, so after a kill
(even -9) a re-run with the same as_of continues after the last committed chunk, with the
same fitted CLV model, and ends with the same scores as an uninterrupted run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import numpy as np
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accord.customers.models import Customer
from accord.scoring.engine import compute_scores
from accord.scoring.features import ORDER_COLUMNS, Features, fetch_features
from accord.scoring.lifetime import PRIOR_PARAMS, fit_book
from accord.scoring.models import ClvModel, RunStatus, ScoringRun
from accord.scoring.store import save_scores, skip_commit_flush

Progress = Callable[[int, int], None]  # (customers done through id, max id)
DEFAULT_CHUNK = 20_000


def run_batch(
    as_of: datetime,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    refit: bool = True,
    progress: Progress | None = None,
) -> ScoringRun:
    """Score every customer as of `as_of`. Resumes an unfinished run with the same as_of;
    otherwise starts one, first fitting CLV on the whole book (refit) or reusing the latest
    fitted model. Commits per chunk; idempotent per as_of."""
    orders: dict[int, Features] = {}
    run = _resume_or_start(as_of, chunk_size, refit, orders)
    params = run.clv_model.params if run.clv_model else dict(PRIOR_PARAMS)
    lo = run.done_through_id + 1
    while lo <= run.max_customer_id:
        hi = min(lo + run.chunk_size - 1, run.max_customer_id)
        with transaction.atomic():
            skip_commit_flush()
            features = _chunk_features(lo, hi, as_of, orders.pop(lo, None))
            written = save_scores(compute_scores(features, params), as_of)
            ScoringRun.objects.filter(pk=run.pk).update(
                done_through_id=hi, customers_scored=run.customers_scored + written
            )
        run.done_through_id, run.customers_scored = hi, run.customers_scored + written
        if progress:
            progress(hi, run.max_customer_id)
        lo = hi + 1
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run


def _chunk_features(lo: int, hi: int, as_of: datetime, orders: Features | None) -> Features:
    """The chunk's features, reusing the order features the CLV fit already read (the
    same query and range) unless customers were added meanwhile."""
    if orders is None:
        return fetch_features(lo, hi, as_of)
    features = fetch_features(lo, hi, as_of, skip=("orders",))
    if not np.array_equal(features.customer_ids, orders.customer_ids):
        return fetch_features(lo, hi, as_of)
    features.columns.update({name: orders.columns[name] for name in ORDER_COLUMNS})
    return features


def _resume_or_start(
    as_of: datetime, chunk_size: int, refit: bool, orders: dict[int, Features]
) -> ScoringRun:
    unfinished = (
        ScoringRun.objects.filter(status=RunStatus.RUNNING, as_of=as_of)
        .select_related("clv_model")
        .order_by("-id")
        .first()
    )
    if unfinished is not None:
        return unfinished
    max_id = Customer.objects.aggregate(top=Max("id"))["top"] or 0
    model = fit_clv_model(as_of, max_id, chunk_size, orders) if refit else get_latest_clv_model()
    with transaction.atomic():
        return ScoringRun.objects.create(
            as_of=as_of,
            started_at=timezone.now(),
            chunk_size=chunk_size,
            max_customer_id=max_id,
            clv_model=model,
        )


def get_latest_clv_model() -> ClvModel | None:
    return ClvModel.objects.order_by("-fitted_at", "-id").first()


def fit_clv_model(
    as_of: datetime, max_id: int, chunk_size: int, keep: dict[int, Features] | None = None
) -> ClvModel:
    """Fit BG/NBD + Gamma-Gamma on every customer's orders up to as_of and store it.
    `keep` receives each chunk's order features by first id, for the scoring pass."""
    starts = range(1, max_id + 1, chunk_size)
    parts = [
        fetch_features(lo, min(lo + chunk_size - 1, max_id), as_of, only=("orders",))
        for lo in starts
    ]
    if keep is not None:
        keep.update(zip(starts, parts, strict=True))
    if parts:
        params, log_likelihood, note = fit_book(_concatenate(parts))
    else:
        params, log_likelihood, note = dict(PRIOR_PARAMS), None, "prior: empty book"
    with transaction.atomic():
        return ClvModel.objects.create(
            fitted_at=timezone.now(),
            as_of=as_of,
            params=params,
            log_likelihood=log_likelihood,
            customers=sum(len(part) for part in parts),
            note=note[:300],
        )


def _concatenate(parts: list[Features]) -> Features:
    """One Features of the order columns of all chunks (for the book-wide fit)."""
    return Features(
        customer_ids=np.concatenate([part.customer_ids for part in parts]),
        as_of_day=parts[0].as_of_day,
        columns={
            name: np.concatenate([part.columns[name] for part in parts]) for name in ORDER_COLUMNS
        },
    )
