"""Leaving in one step: the exact end date and fee per contract, then the exit itself.

Rule (docs/portal.md): notice starts the day the customer confirms. A subscription ends
at today + notice period. Inside a committed term (the term, rolled forward by its
renewal term while auto-renew is on, ends after that date) the early-termination fee is
due; otherwise nothing. Confirming also stops auto-renewal.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.commerce.models import Subscription, SubscriptionStatus
from accord.consents.models import Purpose
from accord.consents.queries import has_consent
from accord.portal.models import ExitRecord, ExportJob, ExportReason
from accord.portal.session import end_all_sessions
from accord.portal.signin import revoke_links
from accord.relationships.models import Relationship, Stage, StageChange


class LeaveError(Exception):
    """The exit cannot go ahead; the message says why."""


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
    today = today or timezone.localdate()
    subscriptions = Subscription.objects.filter(
        customer_id=customer_id, status=SubscriptionStatus.ACTIVE
    ).order_by("pk")
    return [compute_exit_term(subscription, today) for subscription in subscriptions]


def start_exit(customer_id: int) -> ExitRecord:
    """Open (or reuse) the exit record when the customer first opens "Leave"."""
    with transaction.atomic():
        open_record = ExitRecord.objects.filter(
            customer_id=customer_id, completed_at__isnull=True
        ).first()
        if open_record is not None:
            return open_record
        return ExitRecord.objects.create(customer_id=customer_id, requested_at=timezone.now())


def leave(*, customer_id: int, actor_label: str) -> ExitRecord:
    """End the relationship in one transaction; every portal session ends with it.

    Cancels subscriptions per contract, releases transfer codes now, produces the export,
    sets the stage to departed and completes the exit record (0 forced staff contacts).
    """
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        relationship = Relationship.objects.select_for_update().get(customer_id=customer_id)
        if relationship.stage == Stage.DEPARTED:
            raise LeaveError("You have already left. Your export stays available to you.")
        record = start_exit(customer_id)
        terms = list_exit_terms(customer_id, today)
        for term in terms:
            _end_subscription(term, today, now)
        _depart(relationship, now)
        export = ExportJob.objects.create(
            customer_id=customer_id, reason=ExportReason.EXIT, created_at=now
        )
        _complete_record(record, terms, export, now)
        revoke_links(customer_id)
        end_all_sessions(customer_id)
        record_event(
            action="relationship.leave",
            actor_label=actor_label,
            customer_id=customer_id,
            object_type="exit",
            object_id=record.pk,
            details={"subscriptions": [term.subscription_id for term in terms]},
        )
    return record


def _depart(relationship: Relationship, now: datetime) -> None:
    StageChange.objects.create(
        customer_id=relationship.customer_id,
        from_stage=relationship.stage,
        to_stage=Stage.DEPARTED,
        reason="the customer left in the portal",
        occurred_at=now,
    )
    relationship.stage = Stage.DEPARTED
    relationship.ended_at = now
    relationship.stage_changed_at = now
    relationship.save(update_fields=["stage", "ended_at", "stage_changed_at"])


def _end_subscription(term: ExitTerm, today: date, now: datetime) -> None:
    ends_now = term.end_date <= today
    Subscription.objects.filter(pk=term.subscription_id).update(
        status=SubscriptionStatus.ENDED if ends_now else SubscriptionStatus.CANCELLED,
        auto_renew=False,
        ended_at=now if ends_now else datetime.combine(term.end_date, time.min, tzinfo=UTC),
        transfer_code_released_at=now if term.transfer_code else None,
    )


def _complete_record(
    record: ExitRecord, terms: list[ExitTerm], export: ExportJob, now: datetime
) -> None:
    record.completed_at = now
    record.seconds = max((now - record.requested_at).total_seconds(), 0.0)
    # Step 1 opened "Leave" (it showed every term); step 2 is this confirmation.
    record.steps = 2
    record.forced_staff_contacts = 0
    record.end_date = max((term.end_date for term in terms), default=now.date())
    record.fee_total = sum((term.fee for term in terms), Decimal("0.00"))
    record.currency = terms[0].currency if terms else "EUR"
    # Retention contact is scheduled only on explicit opt-in; this flag is what staff read.
    record.retention_contact_allowed = has_consent(record.customer_id, Purpose.RETENTION_CONTACT)
    record.export = export
    record.save()
