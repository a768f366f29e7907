"""`accord score`: the full-book batch, in customer-id chunks over worker processes, resumable.

Each chunk is one transaction that writes its scores and records itself as done, so after
a kill (even -9) a re-run with the same as_of scores only the chunks not yet recorded,
with the same fitted CLV model, and ends with the same scores as an uninterrupted run.
Chunks are independent, so they run in any order and on any worker (see
docs/scoring.md, "Batch").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db import connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from accord.core.bulk import drop_meta_indexes, ensure_meta_indexes
from accord.customers.models import Customer
from accord.scoring.engine import compute_scores
from accord.scoring.features import ORDER_COLUMNS, Features, fetch_features
from accord.scoring.gap_counts import record_gap_counts
from accord.scoring.lifetime import PRIOR_PARAMS, fit_book
from accord.scoring.models import ClvModel, CustomerScore, RunStatus, ScoringChunk, ScoringRun
from accord.scoring.pool import run_tasks
from accord.scoring.renewals import fetch_renewal_histogram, fit_book_retention
from accord.scoring.rollups import rebuild_book_rollups
from accord.scoring.store import save_scores, skip_commit_flush
from accord.voice.reading import read_new_texts

Progress = Callable[[int, int], None]  # (customer ids covered so far, max id)
DEFAULT_CHUNK = 20_000


@dataclass(frozen=True)
class Chunk:
    lo: int
    hi: int


def run_batch(
    as_of: datetime,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    refit: bool = True,
    workers: int = 1,
    progress: Progress | None = None,
) -> ScoringRun:
    """Score every customer as of `as_of`. Resumes an unfinished run with the same as_of;
    otherwise starts one, first fitting CLV on the whole book (refit) or reusing the latest
    fitted model. `workers` > 1 spreads chunks over that many processes (see pool.py).
    Commits per chunk; idempotent per as_of."""
    # Messages and comments written by any path since the last sweep are read first, so
    # their signals are in the features (the incremental scorer does the same).
    read_new_texts()
    orders: dict[int, Features] = {}
    run = _resume_or_start(as_of, chunk_size, refit, workers, orders)
    params = run.clv_model.params if run.clv_model else dict(PRIOR_PARAMS)
    done = set(ScoringChunk.objects.filter(run=run).values_list("first_id", flat=True))
    pending = [
        chunk for chunk in _chunks(run.max_customer_id, run.chunk_size) if chunk.lo not in done
    ]
    covered = run.max_customer_id - sum(chunk.hi - chunk.lo + 1 for chunk in pending)
    tasks = [(run.pk, chunk, as_of, params, orders.pop(chunk.lo, None)) for chunk in pending]
    # Inside a caller's transaction (tests) the chunks commit nothing of their own, so
    # there is nothing to gain, and PostgreSQL refuses CREATE INDEX behind deferred checks.
    set_aside = bool(tasks) and not connection.in_atomic_block
    if set_aside:
        # Rewriting every row, each index would cost an insert per row (on PostgreSQL
        # every new row version gets an entry in every index): at a million customers
        # about 12 s of CPU there and 6 s on SQLite's single writer, against about 1 s to
        # build them again. Rebuilt below from the model's Meta, or by the next run after
        # a kill; lists by health or segment scan the table meanwhile.
        drop_meta_indexes(CustomerScore)
    for chunk in run_tasks(_score_chunk, tasks, workers):
        covered += chunk.hi - chunk.lo + 1
        if progress:
            progress(covered, run.max_customer_id)
    if not connection.in_atomic_block:
        ensure_meta_indexes(CustomerScore)
    with transaction.atomic():
        # Chunks kept the rollups current as they went; recounting settles any drift from
        # rescorings that raced them (rollups.py).
        rebuild_book_rollups(as_of.date())
    record_gap_counts(as_of)
    scored = ScoringChunk.objects.filter(run=run).aggregate(total=Sum("customers"))["total"]
    run.customers_scored = scored or 0
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    run.save(update_fields=["customers_scored", "status", "finished_at"])
    return run


def _chunks(max_id: int, size: int) -> Iterator[Chunk]:
    for lo in range(1, max_id + 1, size):
        yield Chunk(lo, min(lo + size - 1, max_id))


def _score_chunk(
    run_id: int, chunk: Chunk, as_of: datetime, params: dict, orders: Features | None
) -> Chunk:
    """Features, scores and their write for one chunk; the chunk's done-row commits with
    its scores. Reading happens before the write transaction: on SQLite a transaction
    takes the database's one write lock at BEGIN, so workers hold it only to write."""
    scores = compute_scores(_chunk_features(chunk, as_of, orders), params)
    with transaction.atomic():
        skip_commit_flush()
        written = save_scores(scores, as_of)
        ScoringChunk.objects.create(
            run_id=run_id, first_id=chunk.lo, last_id=chunk.hi, customers=written
        )
    return chunk


def _chunk_features(chunk: Chunk, as_of: datetime, orders: Features | None) -> Features:
    """The chunk's features, reusing the order features the CLV fit already read (the
    same query and range) unless customers were added meanwhile."""
    if orders is None:
        return fetch_features(chunk.lo, chunk.hi, as_of)
    features = fetch_features(chunk.lo, chunk.hi, as_of, skip=("orders",))
    if not np.array_equal(features.customer_ids, orders.customer_ids):
        return fetch_features(chunk.lo, chunk.hi, as_of)
    features.columns.update({name: orders.columns[name] for name in ORDER_COLUMNS})
    return features


def _resume_or_start(
    as_of: datetime, chunk_size: int, refit: bool, workers: int, orders: dict[int, Features]
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
    model: ClvModel | None = None
    if refit:
        model = fit_clv_model(as_of, max_id, chunk_size, workers, orders)
    else:
        model = get_latest_clv_model()
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
    as_of: datetime,
    max_id: int,
    chunk_size: int,
    workers: int = 1,
    keep: dict[int, Features] | None = None,
) -> ClvModel:
    """Fit BG/NBD + Gamma-Gamma on every customer's orders up to as_of, and sBG on the
    renewals of every subscription (one per renewal term), and store them together.
    `keep` receives each chunk's order features by first id, for the scoring pass."""
    chunks = list(_chunks(max_id, chunk_size))
    tasks = [(chunk, as_of) for chunk in chunks]
    parts = list(run_tasks(_order_features, tasks, workers, ordered=True))
    if keep is not None:
        keep.update(zip((chunk.lo for chunk in chunks), parts, strict=True))
    if parts:
        params, log_likelihood, note = fit_book(_concatenate(parts))
    else:
        params, log_likelihood, note = dict(PRIOR_PARAMS), None, "prior: empty book"
    retention, retention_note = fit_book_retention(fetch_renewal_histogram(as_of))
    params, note = {**params, **retention}, f"{note}; {retention_note}"
    with transaction.atomic():
        return ClvModel.objects.create(
            fitted_at=timezone.now(),
            as_of=as_of,
            params=params,
            log_likelihood=log_likelihood,
            customers=sum(len(part) for part in parts),
            note=note[:300],
        )


def _order_features(chunk: Chunk, as_of: datetime) -> Features:
    return fetch_features(chunk.lo, chunk.hi, as_of, only=("orders",))


def _concatenate(parts: list[Features]) -> Features:
    """One Features of the order columns of all chunks (for the book-wide fit)."""
    return Features(
        customer_ids=np.concatenate([part.customer_ids for part in parts]),
        as_of_day=parts[0].as_of_day,
        columns={
            name: np.concatenate([part.columns[name] for part in parts]) for name in ORDER_COLUMNS
        },
    )
