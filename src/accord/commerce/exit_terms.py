"""What leaving costs under each contract, and ending subscriptions when a customer leaves.

Rule (docs/portal.md): notice starts the day the customer confirms. A subscription ends
at today + notice period. Inside a committed term (the term, rolled forward by its
renewal term while auto-renew is on, ends after that date) the early-termination fee is
due; otherwise nothing. Leaving also stops auto-renewal and releases transfer codes now.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accord.commerce.models import Subscription, SubscriptionStatus
from accord.core.changes import mark_customer_changed


@dataclass(frozen=True)
class ExitTerm:
    subscription_id: int
    product: str
    end_date: date
    fee: Decimal
    currency: str
    notice_period_days: int
    term_end_date: date
    auto_renew: bool
    transfer_code: str
    # Confirming on or after this day ends the subscription without the fee.
    fee_free_from: date


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def current_term_end(subscription: Subscription, today: date) -> date:
    """The end of the term in force today: auto-renewal rolls a past term end forward."""
    end = subscription.term_end_date
    step = subscription.renewal_term_months or 12
    while subscription.auto_renew and end < today:
        end = add_months(end, step)
    return end


def compute_exit_term(subscription: Subscription, today: date) -> ExitTerm:
    """Pure: what leaving today costs for one subscription and when it ends."""
    end_date = today + timedelta(days=subscription.notice_period_days)
    term_end = current_term_end(subscription, today)
    fee = subscription.early_termination_fee if end_date < term_end else Decimal("0.00")
    return ExitTerm(
        subscription_id=subscription.pk,
        product=subscription.product,
        end_date=end_date,
        fee=Decimal(fee).quantize(Decimal("0.01")),
        currency=subscription.currency,
        notice_period_days=subscription.notice_period_days,
        term_end_date=term_end,
        auto_renew=subscription.auto_renew,
        transfer_code=subscription.transfer_code,
        fee_free_from=term_end - timedelta(days=subscription.notice_period_days),
    )


def list_exit_terms(customer_id: int, today: date | None = None) -> list[ExitTerm]:
    """The exit term of each active subscription, oldest first."""
    today = today or timezone.localdate()
    subscriptions = Subscription.objects.filter(
        customer_id=customer_id, status=SubscriptionStatus.ACTIVE
    ).order_by("pk")
    return [compute_exit_term(subscription, today) for subscription in subscriptions]


def end_subscriptions_for_exit(customer_id: int, at: datetime | None = None) -> list[ExitTerm]:
    """End every active subscription as its contract allows, in one transaction.

    A subscription whose notice has run ends now; the others are cancelled to end on
    their end date. Auto-renewal stops and transfer codes are released at once. Returns
    the terms applied (fees due are on them). A second call finds nothing active: no-op.
    """
    at = at or timezone.now()
    today = timezone.localdate(at)
    with transaction.atomic():
        terms = list_exit_terms(customer_id, today)
        for term in terms:
            ends_now = term.end_date <= today
            Subscription.objects.filter(pk=term.subscription_id).update(
                status=SubscriptionStatus.ENDED if ends_now else SubscriptionStatus.CANCELLED,
                auto_renew=False,
                ended_at=at if ends_now else datetime.combine(term.end_date, time.min, tzinfo=UTC),
                transfer_code_released_at=at if term.transfer_code else None,
            )
        if terms:
            mark_customer_changed(customer_id)
    return terms
