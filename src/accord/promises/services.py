"""Writes on the promise ledger: make, keep, break, renegotiate, cancel, the overdue sweep,
and settling what is open when a customer leaves.

Every service owns its transaction, writes an audit event and marks the customer for
rescoring on commit (kept rates feed honesty in relationship health).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.changes import mark_customer_changed, mark_customers_changed
from accord.core.validation import ServiceRefusal, ValidationProblem
from accord.members.models import StaffMember
from accord.promises.models import Promise, PromiseStatus, Side
from accord.promises.validators import clean_promise


class PromiseError(ServiceRefusal):
    """A promise change the rules refuse; the message says which field and why."""


class PromiseStateError(PromiseError):
    """The promise is no longer open (already kept, broken, ...): a conflict, not bad input."""


def _require_aware(value: datetime, field: str) -> None:
    if timezone.is_naive(value):
        raise PromiseError(f"{field}: needs a timezone (got {value.isoformat()})")


def make_promise(
    *,
    customer_id: int,
    made_by_side: str,
    kind: str,
    description: str,
    due_at: datetime,
    staff: StaffMember | None = None,
    by: StaffMember | None = None,
    made_at: datetime | None = None,
    request_id: int | None = None,
) -> Promise:
    """Record a commitment by the company (staff = who promised) or by the customer
    (staff = to whom). due_at must not precede made_at. One transaction."""
    try:
        fields = clean_promise(
            {
                "made_by_side": made_by_side,
                "kind": kind,
                "description": description,
                "due_at": due_at,
                "made_at": made_at or timezone.now(),
            }
        )
    except ValidationProblem as problem:
        raise PromiseError(str(problem), problem.field) from None
    with transaction.atomic():
        promise = Promise.objects.create(
            customer_id=customer_id,
            **fields,
            staff=staff,
            request_id=request_id,
        )
        _audit("promise.make", promise, by)
        mark_customer_changed(customer_id)
    return promise


def keep_promise(
    promise_id: int, *, by: StaffMember | None = None, at: datetime | None = None
) -> Promise:
    """Mark an open promise kept at `at` (default now)."""
    return _resolve(promise_id, PromiseStatus.KEPT, by=by, at=at)


def break_promise(
    promise_id: int,
    *,
    by: StaffMember | None = None,
    at: datetime | None = None,
    reason: str = "",
) -> Promise:
    """Mark an open promise broken at `at` (default now); `reason` goes to the audit."""
    return _resolve(promise_id, PromiseStatus.BROKEN, by=by, at=at, reason=reason)


def cancel_promise(
    promise_id: int,
    *,
    by: StaffMember | None = None,
    at: datetime | None = None,
    reason: str = "",
) -> Promise:
    """Withdraw an open promise by agreement; cancelled promises count neither way."""
    return _resolve(promise_id, PromiseStatus.CANCELLED, by=by, at=at, reason=reason)


def renegotiate_promise(
    promise_id: int,
    *,
    due_at: datetime,
    description: str | None = None,
    by: StaffMember | None = None,
    at: datetime | None = None,
    reason: str = "",
) -> Promise:
    """Close an open promise as renegotiated and return its replacement (new due date,
    same side, staff and kind), linked through `replaced_by`. One transaction; `reason`
    (why the date moved) goes to the audit."""
    at = at or timezone.now()
    _require_aware(due_at, "due_at")
    if due_at < at:
        raise PromiseError("due_at: the new due date is already past")
    with transaction.atomic():
        old = _lock_open(promise_id)
        new = Promise.objects.create(
            customer_id=old.customer_id,
            made_by_side=old.made_by_side,
            staff=old.staff,
            kind=old.kind,
            description=(description or old.description).strip()[:300],
            made_at=at,
            due_at=due_at,
            request_id=old.request_id,
        )
        old.status = PromiseStatus.RENEGOTIATED
        old.resolved_at = at
        old.replaced_by = new
        old.save(update_fields=["status", "resolved_at", "replaced_by"])
        _audit("promise.renegotiate", old, by, {"replaced_by": new.pk}, reason)
        mark_customer_changed(old.customer_id)
    return new


def break_overdue_promises(as_of: datetime | None = None) -> int:
    """Break every open promise whose due date passed before `as_of`; resolved_at records
    when it fell due (not when the sweep ran). Idempotent; one set-based UPDATE.
    Returns how many broke."""
    as_of = as_of or timezone.now()
    _require_aware(as_of, "as_of")
    with transaction.atomic():
        # The UPDATE re-checks status, so a promise kept meanwhile is left alone.
        overdue = Promise.objects.filter(status=PromiseStatus.OPEN, due_at__lt=as_of)
        customer_ids = list(overdue.values_list("customer_id", flat=True).distinct())
        if not customer_ids:
            return 0
        count = overdue.update(status=PromiseStatus.BROKEN, resolved_at=F("due_at"))
        record_event(
            action="promise.break_overdue",
            actor_label="worker",
            object_type="promise",
            details={"broken": count, "as_of": as_of.isoformat()},
        )
        mark_customers_changed(customer_ids)
    return count


@dataclass(frozen=True)
class ExitSettlement:
    kept: int  # company promises delivered before the end
    cancelled: int  # company promises not delivered: cancelled with the reason
    lapsed: int  # the customer's own promises: they no longer bind the customer


def settle_promises_for_exit(
    *,
    customer_id: int,
    reason: str,
    delivered_ids: Iterable[int] = (),
    by: StaffMember | None = None,
    at: datetime | None = None,
) -> ExitSettlement:
    """Close every open promise of a customer who leaves, in one transaction.

    Company promises named in `delivered_ids` are kept; the others are cancelled with
    `reason` as their note (the customer reads it). The customer's promises lapse. Only
    open promises change, so a second call settles nothing. Cancelled and lapsed promises
    count neither way in kept rates.
    """
    at = at or timezone.now()
    note = reason.strip()[:300]
    delivered = {int(pk) for pk in delivered_ids}
    with transaction.atomic():
        open_promises = Promise.objects.filter(customer_id=customer_id, status=PromiseStatus.OPEN)
        company = open_promises.filter(made_by_side=Side.COMPANY)
        kept = company.filter(pk__in=delivered).update(
            status=PromiseStatus.KEPT, resolved_at=at, resolution_note="Delivered before you left."
        )
        cancelled = company.exclude(pk__in=delivered).update(
            status=PromiseStatus.CANCELLED, resolved_at=at, resolution_note=note
        )
        lapsed = open_promises.filter(made_by_side=Side.CUSTOMER).update(
            status=PromiseStatus.LAPSED,
            resolved_at=at,
            resolution_note="No longer binds you: the relationship ended.",
        )
        settled = ExitSettlement(kept=kept, cancelled=cancelled, lapsed=lapsed)
        if kept or cancelled or lapsed:
            record_event(
                action="promise.settle_exit",
                actor=by,
                actor_label="" if by else "system",
                customer_id=customer_id,
                object_type="customer",
                object_id=customer_id,
                reason=note,
                details={"kept": kept, "cancelled": cancelled, "lapsed": lapsed},
            )
            mark_customer_changed(customer_id)
    return settled


def _lock_open(promise_id: int) -> Promise:
    promise = Promise.objects.select_for_update().filter(pk=promise_id).first()
    if promise is None:
        raise PromiseError(f"promise {promise_id}: does not exist", "promise_id")
    if promise.status != PromiseStatus.OPEN:
        raise PromiseStateError(f"promise {promise_id}: is already {promise.status}, not open")
    return promise


def _resolve(
    promise_id: int, status: str, *, by: StaffMember | None, at: datetime | None, reason: str = ""
) -> Promise:
    at = at or timezone.now()
    _require_aware(at, "at")
    with transaction.atomic():
        promise = _lock_open(promise_id)
        if at < promise.made_at:
            raise PromiseError("at: falls before the promise was made")
        promise.status = status
        promise.resolved_at = at
        promise.save(update_fields=["status", "resolved_at"])
        _audit(f"promise.{status}", promise, by, reason=reason)
        mark_customer_changed(promise.customer_id)
    return promise


def _audit(
    action: str,
    promise: Promise,
    by: StaffMember | None,
    details: dict | None = None,
    reason: str = "",
) -> None:
    record_event(
        action=action,
        actor=by,
        customer_id=promise.customer_id,
        object_type="promise",
        object_id=promise.pk,
        reason=reason.strip()[:300],
        details=details,
    )
