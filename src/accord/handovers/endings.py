"""Ending a relationship: everything leaving implies, whichever way the customer left
(portal, staff, API, import), in one transaction.

The customer owns the relationship and may end it at any time; when they do, nothing of
it stays open in anyone's worklist: requests close with the outcome "customer left",
promises are settled (kept if delivered, else cancelled with the reason; the customer's
own lapse), subscriptions end as their contracts allow, and the customer is told. The
commit marks the customer for rescoring, which scores them as departed and closes their
alerts (accord.scoring); the gaps board never shows a departed relationship.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.commerce.exit_terms import ExitTerm, end_subscriptions_for_exit
from accord.core.changes import mark_customer_changed
from accord.interactions.notices import Notice, NoticeResult, send_notices
from accord.interactions.services import close_customer_requests
from accord.members.models import StaffMember
from accord.promises.services import ExitSettlement, settle_promises_for_exit
from accord.relationships.errors import EndingError
from accord.relationships.models import Relationship, Stage, StageChange
from accord.relationships.services import move_stage

# The outcome every open request gets; the customer reads it in the portal.
CUSTOMER_LEFT = "customer left"
ENDING_NOTICE_SOURCE = "accord.ending"


@dataclass(frozen=True)
class Ending:
    customer_id: int
    stage_change: StageChange
    requests_closed: int
    promises: ExitSettlement
    subscriptions: list[ExitTerm]
    notice: NoticeResult


def end_relationship(
    *,
    customer_id: int,
    by: StaffMember | None,
    actor_label: str = "",
    reason: str,
    delivered_promise_ids: Iterable[int] = (),
    at: datetime | None = None,
) -> Ending:
    """End the relationship now and close everything that hangs on it; one transaction.

    `by` is the staff member who recorded it (None when the customer did it in the
    portal; `actor_label` then names them in the audit trail). `delivered_promise_ids`
    are company promises delivered before the end (kept); every other open company
    promise is cancelled with the reason. Raises EndingError and changes nothing when the
    relationship is unknown or already departed.
    """
    reason = reason.strip()
    if not reason:
        raise EndingError("ending a relationship needs a reason")
    with transaction.atomic():
        locked = Relationship.objects.select_for_update().filter(customer_id=customer_id).first()
        if locked is None:
            raise EndingError(f"customer {customer_id} has no relationship")
        if locked.stage == Stage.DEPARTED:
            raise EndingError("the customer has already left")
        # The clock is read under the lock, as for transfers: history stays in order.
        at = at or timezone.now()
        change = _depart(locked, reason, by, at)
        closed = close_customer_requests(customer_id=customer_id, outcome=CUSTOMER_LEFT, by=by)
        settled = settle_promises_for_exit(
            customer_id=customer_id,
            reason=f"Cancelled: the relationship ended before it was delivered ({reason}).",
            delivered_ids=delivered_promise_ids,
            by=by,
            at=at,
        )
        terms = end_subscriptions_for_exit(customer_id, at)
        notice = ending_notice(customer_id, at, closed, settled, terms)
        [told] = send_notices([notice], at=at)
        record_event(
            action="relationship.end",
            actor=by,
            actor_label=actor_label,
            customer_id=customer_id,
            object_type="stage_change",
            object_id=change.pk,
            reason=reason,
            details={
                "requests_closed": closed,
                "promises_kept": settled.kept,
                "promises_cancelled": settled.cancelled,
                "promises_lapsed": settled.lapsed,
                "subscriptions": [term.subscription_id for term in terms],
                "told": told.channels,
                "message_id": told.message_id,
            },
        )
        mark_customer_changed(customer_id)
    return Ending(customer_id, change, closed, settled, terms, told)


def change_stage(
    *,
    customer_id: int,
    to_stage: str,
    reason: str,
    by: StaffMember | None,
    actor_label: str = "",
    delivered_promise_ids: Iterable[int] = (),
    at: datetime | None = None,
) -> StageChange:
    """Move the relationship to a lifecycle stage, recording why: the one stage change
    the interfaces call.

    Departed is an ending: it goes through end_relationship (requests, promises, of
    which `delivered_promise_ids` are kept, subscriptions, the customer told); any other
    stage is relationships.services.move_stage. Raises OwnershipError (EndingError for an
    ending), changing nothing.
    """
    if to_stage != Stage.DEPARTED:
        return move_stage(
            customer_id=customer_id,
            to_stage=to_stage,
            reason=reason,
            by=by,
            actor_label=actor_label,
            at=at,
        )
    ending = end_relationship(
        customer_id=customer_id,
        by=by,
        actor_label=actor_label,
        reason=reason,
        delivered_promise_ids=delivered_promise_ids,
        at=at,
    )
    return ending.stage_change


def _depart(locked: Relationship, reason: str, by: StaffMember | None, at: datetime) -> StageChange:
    change = StageChange.objects.create(
        customer_id=locked.customer_id,
        from_stage=locked.stage,
        to_stage=Stage.DEPARTED,
        reason=reason[:200],
        by=by,
        occurred_at=at,
    )
    locked.stage = Stage.DEPARTED
    locked.ended_at = at
    locked.stage_changed_at = at
    locked.save(update_fields=["stage", "ended_at", "stage_changed_at"])
    return change


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def ending_notice(
    customer_id: int,
    at: datetime,
    closed: int,
    settled: ExitSettlement,
    terms: list[ExitTerm],
) -> Notice:
    """What the customer is told when the relationship ends, in plain words."""
    day = f"{at.day} {at:%B %Y}"
    lines = [f"Your relationship with us ended on {day}."]
    if closed:
        lines.append(
            f"We closed {_plural(closed, 'open request')} with the outcome: customer left."
        )
    if settled.kept or settled.cancelled:
        lines.append(
            f"Of our open promises to you, {settled.kept} were delivered (kept) and "
            f"{settled.cancelled} are cancelled because we had not delivered them."
        )
    if settled.lapsed:
        lines.append(f"{_plural(settled.lapsed, 'promise')} you made to us no longer bind you.")
    for term in terms:
        fee = f"; early-termination fee {term.fee} {term.currency}" if term.fee else ""
        # Never in the email (a porting key moves the service): the portal and export show it.
        code = "; its transfer code is released in the portal" if term.transfer_code else ""
        lines.append(f"{term.product} ends on {term.end_date:%Y-%m-%d}{fee}{code}.")
    lines.append(
        "You can still sign in to the portal to download your export, manage your consents, "
        "ask us to erase your data, or rejoin."
    )
    return Notice(
        customer_id=customer_id,
        subject="Your relationship with us has ended",
        body="\n".join(lines),
        source=ENDING_NOTICE_SOURCE,
    )
