"""Tells the insight engine that a customer's data changed, without domains importing it.

Domain services call `mark_customer_changed` inside their transaction; listeners (the
scoring app registers one at start-up) run only after the commit, so a rolled-back write
never triggers a rescore.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

CustomerChangeListener = Callable[[list[int]], None]
_listeners: list[CustomerChangeListener] = []


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

    def notify() -> None:
        for listener in list(_listeners):
            listener(ids)

    transaction.on_commit(notify)
