"""Telling customers something the company decided (a new owner, the end of the
relationship): a portal notice always, an email too when the customer consented to email.

"Told" means sent: each notice is a timeline entry the portal shows; an email goes through
Django's email backend after the commit with a Message-ID chosen here, so the record
carries it before the mail leaves. A mail that cannot go out (no address, a backend
error) is recorded as a problem on the notice, and the caller is told through
`on_failure`, so a hand-off never claims an email nobody received.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, make_msgid
from django.db import transaction

from accord.consents.models import Consent, Purpose
from accord.core.models import Channel, Direction, InteractionKind
from accord.customers.models import Customer
from accord.interactions.models import Interaction

logger = logging.getLogger(__name__)

# Called after the commit for each email that failed: (customer_id, message_id, problem).
FailureHandler = Callable[[int, str, str], None]


@dataclass(frozen=True)
class Notice:
    customer_id: int
    subject: str
    body: str
    source: str  # who writes it ("accord.handoff", "accord.ending")
    function: str = ""
    reply_to: str = ""


@dataclass(frozen=True)
class NoticeResult:
    customer_id: int
    interaction_id: int
    message_id: str  # the email's Message-ID; "" when no email was sent
    problem: str  # why no email went out although one should have; "" otherwise

    @property
    def channels(self) -> str:
        return "email and portal" if self.message_id else "portal"


def list_email_consenting(customer_ids: Sequence[int]) -> set[int]:
    """Customers whose newest email decision is a grant (one query, any number of ids)."""
    newest: dict[int, bool] = {}
    rows = (
        Consent.objects.filter(
            customer_id__in=customer_ids, purpose=Purpose.EMAIL, partner__isnull=True
        )
        .order_by("customer_id", "recorded_at", "pk")
        .values_list("customer_id", "is_granted")
    )
    for customer_id, is_granted in rows:
        newest[customer_id] = is_granted
    return {customer_id for customer_id, granted in newest.items() if granted}


def _email_problem(consented: bool, address: str, erased: bool) -> str:
    if not consented:
        return ""
    if erased:
        return "the customer's data was erased: no address to write to"
    if not address:
        return "the customer agreed to email but we hold no email address"
    return ""


def send_notices(
    notices: Sequence[Notice], *, at: datetime, on_failure: FailureHandler | None = None
) -> list[NoticeResult]:
    """Write each notice to the customer's timeline and mail it where consented.

    Joins the caller's transaction; emails leave only after it commits. Three queries
    whatever the number of notices, plus one insert. Results are in `notices` order; a
    problem known now (consent but no address) is on the result, one met while sending
    reaches `on_failure` after the commit.
    """
    ids = sorted({notice.customer_id for notice in notices})
    consenting = list_email_consenting(ids)
    customers = {
        pk: (email, erased_at is not None)
        for pk, email, erased_at in Customer.objects.filter(pk__in=ids).values_list(
            "pk", "email", "erased_at"
        )
    }
    entries, messages, problems = [], [], []
    for notice in notices:
        address, erased = customers.get(notice.customer_id, ("", False))
        problem = _email_problem(notice.customer_id in consenting, address, erased)
        message_id = ""
        if notice.customer_id in consenting and not problem:
            message_id = make_msgid(domain=_mail_domain())
            messages.append((notice, address, message_id))
        problems.append(problem)
        entries.append(_timeline_entry(notice, message_id, at))
    with transaction.atomic():
        created = Interaction.objects.bulk_create(entries)
        if messages:
            transaction.on_commit(lambda: _deliver(messages, on_failure))
    return [
        NoticeResult(notice.customer_id, entry.pk, entry.external_id or "", problem)
        for notice, entry, problem in zip(notices, created, problems, strict=True)
    ]


def _mail_domain() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    return sender.rsplit("@", 1)[-1].strip("> ") if "@" in sender else "localhost"


def _timeline_entry(notice: Notice, message_id: str, at: datetime) -> Interaction:
    # Staff-less on purpose: a notice is never an owner's own touch (stale, dropped).
    return Interaction(
        customer_id=notice.customer_id,
        channel=Channel.EMAIL if message_id else Channel.PORTAL,
        direction=Direction.OUTBOUND,
        function=notice.function,
        staff=None,
        occurred_at=at,
        kind=InteractionKind.OTHER,
        subject=notice.subject[:200],
        body=notice.body,
        source=notice.source,
        external_id=message_id or None,
    )


def _deliver(messages: list[tuple[Notice, str, str]], on_failure: FailureHandler | None) -> None:
    """After the commit: send each email over one backend connection; record failures."""
    connection = get_connection()
    for notice, address, message_id in messages:
        email = EmailMessage(
            subject=notice.subject,
            body=notice.body,
            to=[address],
            reply_to=[notice.reply_to] if notice.reply_to else None,
            headers={"Message-ID": message_id},
            connection=connection,
        )
        try:
            email.send()
        except Exception as error:  # the backend may raise anything; the record must say so
            logger.warning(
                "notice %s to customer %s not sent: %s", message_id, notice.customer_id, error
            )
            problem = f"the email could not be sent ({error.__class__.__name__}: {error})"[:300]
            # The timeline keeps the portal notice; it no longer claims an email.
            Interaction.objects.filter(
                customer_id=notice.customer_id, source=notice.source, external_id=message_id
            ).update(channel=Channel.PORTAL, external_id=None)
            if on_failure is not None:
                on_failure(notice.customer_id, message_id, problem)
