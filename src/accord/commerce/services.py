"""Writes on commerce: orders, subscriptions, loyalty balances, cost to serve.

Single events validate with accord.commerce.validators, own their transaction, are
audited and mark the customer for rescoring; large loads use accord.core.bulk.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.commerce.models import (
    LoyaltyBalance,
    Order,
    Subscription,
    SubscriptionStatus,
)
from accord.commerce.validators import (
    clean_loyalty_change,
    clean_order,
    clean_order_changes,
    clean_subscription,
    clean_subscription_changes,
)
from accord.core.changes import mark_customer_changed
from accord.core.validation import Conflict, ValidationProblem, aware_datetime
from accord.customers.services import lock_customer
from accord.members.models import StaffMember

ENDED_AT = aware_datetime("ended_at", required=False)


def record_order(
    *,
    customer_id: int,
    amount: Decimal | str | int,
    occurred_at: datetime | str,
    currency: str = "EUR",
    list_amount: Decimal | str | int | None = None,
    description: str = "",
    source: str = "accord",
    external_id: str | None = None,
    by: StaffMember | None = None,
) -> Order:
    """Record one order. Idempotent by (customer, source, external_id): sending the same
    order again changes nothing, a changed one is updated. One transaction."""
    fields = clean_order(
        {
            "amount": amount,
            "occurred_at": occurred_at,
            "currency": currency,
            "list_amount": list_amount,
            "description": description,
            "source": source,
            "external_id": external_id,
        }
    )
    with transaction.atomic():
        lock_customer(customer_id)
        order = None
        if fields["external_id"] is not None:
            order = Order.objects.filter(
                customer_id=customer_id, source=fields["source"], external_id=fields["external_id"]
            ).first()
        if order is None:
            order = Order.objects.create(customer_id=customer_id, **fields)
            _audit("order.record", by, customer_id, "order", order.pk)
            return order
        changed = [name for name, value in fields.items() if getattr(order, name) != value]
        if changed:
            for name in changed:
                setattr(order, name, fields[name])
            order.save(update_fields=changed)
            _audit("order.update", by, customer_id, "order", order.pk, {"fields": changed})
    return order


def start_subscription(
    *,
    customer_id: int,
    product: str,
    monthly_price: Decimal | str | int,
    start_date: date | str,
    term_end_date: date | str,
    list_monthly_price: Decimal | str | int | None = None,
    currency: str = "EUR",
    auto_renew: bool = True,
    renewal_term_months: int = 12,
    early_termination_fee: Decimal | str | int = Decimal("0.00"),
    notice_period_days: int = 0,
    transfer_code: str = "",
    by: StaffMember | None = None,
) -> Subscription:
    """Record a subscription or contract with its lock-in terms spelled out (the fee,
    notice period and auto-renewal feed hostage detection). One transaction."""
    fields = clean_subscription(
        {
            "product": product,
            "monthly_price": monthly_price,
            "start_date": start_date,
            "term_end_date": term_end_date,
            "list_monthly_price": list_monthly_price,
            "currency": currency,
            "auto_renew": auto_renew,
            "renewal_term_months": renewal_term_months,
            "notice_period_days": notice_period_days,
            "early_termination_fee": early_termination_fee,
            "transfer_code": transfer_code,
        }
    )
    with transaction.atomic():
        lock_customer(customer_id)
        subscription = Subscription.objects.create(customer_id=customer_id, **fields)
        _audit("subscription.start", by, customer_id, "subscription", subscription.pk)
    return subscription


def end_subscription(
    *,
    subscription_id: int,
    by: StaffMember | None = None,
    ended_at: datetime | str | None = None,
    reason: str = "",
) -> Subscription:
    """End an active (or cancelled-at-term) subscription at `ended_at` (default now).
    Conflict("status") when it already ended. One transaction."""
    at = _ended_at(ended_at) or timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.filter(pk=subscription_id).first()
        if subscription is None:
            raise ValidationProblem("subscription_id", f"no subscription {subscription_id}")
        lock_customer(subscription.customer_id)
        subscription.refresh_from_db(fields=["status"])
        if subscription.status == SubscriptionStatus.ENDED:
            raise Conflict("status", f"subscription {subscription_id} has already ended")
        subscription.status = SubscriptionStatus.ENDED
        subscription.ended_at = at
        subscription.save(update_fields=["status", "ended_at"])
        _audit(
            "subscription.end",
            by,
            subscription.customer_id,
            "subscription",
            subscription.pk,
            {"reason": reason} if reason else None,
        )
    return subscription


def change_loyalty_balance(
    *,
    customer_id: int,
    programme: str,
    points_delta: int = 0,
    value: Decimal | str | int | None = None,
    currency: str = "EUR",
    expires_at: datetime | str | None = None,
    by: StaffMember | None = None,
) -> LoyaltyBalance:
    """Add points_delta (negative: spent or expired) to the customer's balance in the
    programme, opening it at 0 when new; `value` and `expires_at`, when given, replace
    the stored ones. A balance never goes below zero. One transaction."""
    fields = clean_loyalty_change(
        {
            "programme": programme,
            "points_delta": points_delta,
            "value": value,
            "currency": currency,
            "expires_at": expires_at,
        }
    )
    now = timezone.now()
    with transaction.atomic():
        lock_customer(customer_id)
        balance, _ = LoyaltyBalance.objects.select_for_update().get_or_create(
            customer_id=customer_id,
            programme=fields["programme"],
            defaults={"currency": fields["currency"], "updated_at": now},
        )
        points = balance.points + fields["points_delta"]
        if points < 0:
            raise ValidationProblem(
                "points_delta", f"the balance is {balance.points} points; it cannot go below 0"
            )
        balance.points = points
        balance.currency = fields["currency"]
        if fields["value"] is not None:
            balance.value = fields["value"]
        if fields["expires_at"] is not None:
            balance.expires_at = fields["expires_at"]
        balance.updated_at = now
        balance.save()
        _audit(
            "loyalty.change",
            by,
            customer_id,
            "loyalty_balance",
            balance.pk,
            {"programme": balance.programme, "points_delta": fields["points_delta"]},
        )
    return balance


def update_order(*, order_id: int, by: StaffMember | None, **fields: Any) -> Order:
    """Correct the given fields (occurred_at, amount, list_amount, currency, description)."""
    changes = clean_order_changes(fields)
    with transaction.atomic():
        order = Order.objects.filter(pk=order_id).first()
        if order is None:
            raise ValidationProblem("order_id", f"no order {order_id}")
        lock_customer(order.customer_id)
        changed = _apply(order, changes)
        if changed:
            _audit("order.update", by, order.customer_id, "order", order.pk, {"fields": changed})
    return order


def update_subscription(
    *, subscription_id: int, by: StaffMember | None, **fields: Any
) -> Subscription:
    """Change the given terms of a subscription (price, dates, renewal, fee, notice,
    transfer code); the term still may not end before it starts. Ending one is
    end_subscription's job."""
    changes = clean_subscription_changes(fields)
    with transaction.atomic():
        subscription = Subscription.objects.filter(pk=subscription_id).first()
        if subscription is None:
            raise ValidationProblem("subscription_id", f"no subscription {subscription_id}")
        lock_customer(subscription.customer_id)
        start = changes.get("start_date", subscription.start_date)
        if changes.get("term_end_date", subscription.term_end_date) < start:
            raise ValidationProblem("term_end_date", "falls before start_date")
        if "list_monthly_price" in changes and changes["list_monthly_price"] is None:
            changes["list_monthly_price"] = changes.get("monthly_price", subscription.monthly_price)
        changed = _apply(subscription, changes)
        if changed:
            _audit(
                "subscription.update",
                by,
                subscription.customer_id,
                "subscription",
                subscription.pk,
                {"fields": changed},
            )
    return subscription


def _apply(record: Order | Subscription, changes: dict[str, Any]) -> list[str]:
    changed = [name for name, value in changes.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, changes[name])
    if changed:
        record.save(update_fields=changed)
    return changed


def _ended_at(value: datetime | str | None) -> datetime | None:
    return ENDED_AT(value)


def _audit(
    action: str,
    by: StaffMember | None,
    customer_id: int,
    object_type: str,
    object_id: int,
    details: dict[str, Any] | None = None,
) -> None:
    record_event(
        action=action,
        actor=by,
        customer_id=customer_id,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )
    mark_customer_changed(customer_id)
