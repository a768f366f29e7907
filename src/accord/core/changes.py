"""Tells the insight engine that a customer's data changed, without domains importing it.

Domain services call `mark_customer_changed` inside their transaction; listeners (the
scoring app registers one at start-up) run only after the commit, so a rolled-back write
never triggers a rescore.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction

CustomerChangeListener = Callable[[list[int]], None]
_listeners: list[CustomerChangeListener] = []
# Per thread: the customers whose changes committed inside batched_customer_changes().
_state = threading.local()


def register_customer_change_listener(listener: CustomerChangeListener) -> None:
    """Add a listener once (idempotent: AppConfig.ready may run more than once in tests)."""
    if listener not in _listeners:
        _listeners.append(listener)


def mark_customer_changed(customer_id: int) -> None:
    """After the current transaction commits, tell listeners this customer changed."""
    mark_customers_changed([customer_id])


def mark_customers_changed(customer_ids: Iterable[int]) -> None:
    """Bulk form for imports and sweeps: one callback for many customers."""
    ids = sorted({int(customer_id) for customer_id in customer_ids})
    if not ids:
        return

    def deliver() -> None:
        batch: set[int] | None = getattr(_state, "batch", None)
        if batch is not None:
            batch.update(ids)
        else:
            _notify(ids)

    transaction.on_commit(deliver)


def _notify(ids: list[int]) -> None:
    for listener in list(_listeners):
        listener(ids)


@contextmanager
def batched_customer_changes() -> Iterator[None]:
    """Listeners hear once, when the block ends, of every customer whose change committed
    in it: a mail sync of thousands of messages marks each customer once (and many
    customers go to the worker's queue in one go) instead of rescoring after every
    message. Nested blocks join the outer one; rolled-back changes never count."""
    if getattr(_state, "batch", None) is not None:
        yield
        return
    batch: set[int] = set()
    _state.batch = batch
    try:
        yield
    finally:
        _state.batch = None
        if batch:
            _notify(sorted(batch))
