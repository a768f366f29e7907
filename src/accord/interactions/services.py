"""Writes on interactions and requests: log a touch, receive a request (routing and
issue-shopping links, see accord.interactions.routing), and work a conversation: reply
once for all its requests, leave internal notes, reassign, resolve with an outcome.

Each service owns its transaction, writes an audit event and marks the customer for
rescoring on commit (responsiveness and sentiment feed relationship health).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.changes import mark_customer_changed
from accord.core.models import Channel, Direction, Function, InteractionKind
from accord.core.validation import ServiceRefusal, ValidationProblem
from accord.interactions.models import (
    Conversation,
    Interaction,
    InternalNote,
    Request,
    RequestStatus,
)
from accord.interactions.reply_mail import reply_address, send_reply_on_commit
from accord.interactions.routing import join_or_open_conversation, response_due_at, route_request
from accord.interactions.validators import clean_interaction
from accord.members.models import StaffMember
from accord.relationships.models import Relationship


class RequestError(ServiceRefusal):
    """A request or interaction the rules refuse; the message says what and where."""


@dataclass(frozen=True)
class RoutedRequest:
    request: Request
    conversation: Conversation
    linked: bool  # True when the request joined an open conversation
    owner: StaffMember | None  # the accountable owner (None when orphaned)
    routed_to: StaffMember | None
    routing_note: str  # in words: why it went where it went


def _check_choice(field: str, value: str, choices: list[str], blank_ok: bool = False) -> None:
    if blank_ok and value == "":
        return
    if value not in choices:
        raise RequestError(f"{field}: unknown value {value!r}, use one of {', '.join(choices)}")


# A note is something staff wrote down, never a way the customer reached the company.
REQUEST_CHANNELS = [value for value in Channel.values if value != Channel.NOTE]


def _check_request(channel: str, function: str, kind: str, subject: str) -> None:
    _check_choice("channel", channel, REQUEST_CHANNELS)
    _check_choice("received_by_function", function, Function.values, blank_ok=True)
    _check_choice("kind", kind, InteractionKind.values)
    if not subject.strip():
        raise RequestError("subject: must not be empty")


def _file_request(
    conversation: Conversation,
    channel: str,
    function: str,
    kind: str,
    subject: str,
    body: str,
    assignee: StaffMember | None,
    at: datetime,
) -> Request:
    """The Request in its conversation, and the inbound Interaction on the timeline."""
    request = Request.objects.create(
        customer_id=conversation.customer_id,
        conversation=conversation,
        channel=channel,
        received_by_function=function,
        kind=kind,
        subject=subject,
        body=body,
        assigned_to=assignee,
        received_at=at,
        due_at=response_due_at(channel, at),
    )
    Interaction.objects.create(
        customer_id=conversation.customer_id,
        channel=channel,
        direction=Direction.INBOUND,
        function=function,
        occurred_at=at,
        kind=kind,
        subject=subject,
        body=body,
        request=request,
    )
    return request


def receive_request(
    *,
    customer_id: int,
    channel: str,
    received_by_function: str,
    kind: str,
    subject: str,
    body: str = "",
    received_at: datetime | None = None,
) -> RoutedRequest:
    """Record an inbound request and its interaction, route it, and link issue shopping.

    The request joins an open conversation of the same customer when it is about the
    same issue (accord.interactions.linking) and that conversation was active within
    ACCORD_LINK_WINDOW_DAYS; otherwise it opens a new conversation. Raises RequestError.
    """
    _check_request(channel, received_by_function, kind, subject)
    subject, body = subject.strip(), body.strip()
    at = received_at or timezone.now()
    with transaction.atomic():
        # Locking the relationship serialises requests of one customer, so two desks
        # receiving the same issue at once cannot open two conversations.
        relationship = (
            Relationship.objects.select_for_update(of=("self",))
            .select_related("owner__delegate")
            .filter(customer_id=customer_id)
            .first()
        )
        if relationship is None:
            raise RequestError(f"customer_id: no customer {customer_id}")
        owner = relationship.owner
        routed_to, note = route_request(owner, at)
        conversation, linked = join_or_open_conversation(customer_id, kind, subject, body, at)
        request = _file_request(
            conversation, channel, received_by_function, kind, subject, body, routed_to, at
        )
        record_event(
            action="request.receive",
            actor_label="customer",
            customer_id=customer_id,
            object_type="request",
            object_id=request.pk,
            reason=note,
            details={"conversation": conversation.pk, "linked": linked},
        )
        mark_customer_changed(customer_id)
    return RoutedRequest(request, conversation, linked, owner, routed_to, note)


def record_interaction(
    *,
    customer_id: int,
    channel: str,
    direction: str,
    kind: str,
    staff: StaffMember | None = None,
    function: str | None = None,
    subject: str = "",
    body: str = "",
    occurred_at: datetime | None = None,
    request: Request | None = None,
    source: str = "accord",
    external_id: str | None = None,
) -> Interaction:
    """Log one touch with the customer; a staff member's function is the default function.

    Validated with accord.interactions.validators (RequestError names the field); a
    subject longer than the column is cut, not refused: the touch did happen. With an
    external_id it is idempotent by (customer, source, external_id): the same touch sent
    again changes nothing, a changed one is updated.
    """
    if function is None:
        function = staff.function if staff is not None else ""
    try:
        fields = clean_interaction(
            {
                "channel": channel,
                "direction": direction,
                "kind": kind,
                "function": function,
                "occurred_at": occurred_at or timezone.now(),
                "subject": (subject or "").strip()[:200],
                "body": body,
                "source": source,
                "external_id": external_id,
            }
        )
    except ValidationProblem as problem:
        raise RequestError(str(problem), problem.field) from None
    with transaction.atomic():
        existing = None
        if fields["external_id"] is not None:
            existing = (
                Interaction.objects.select_for_update()
                .filter(customer_id=customer_id, source=fields["source"])
                .filter(external_id=fields["external_id"])
                .first()
            )
        if existing is None:
            interaction = Interaction.objects.create(
                customer_id=customer_id, staff=staff, request=request, **fields
            )
        else:
            interaction = existing
            if occurred_at is None:  # "now" again would move a re-sent touch every time
                del fields["occurred_at"]
            apply_changes(interaction, fields | {"staff_id": staff.pk if staff else None})
        mark_customer_changed(customer_id)
    return interaction


def apply_changes(interaction: Interaction, changes: dict[str, Any]) -> list[str]:
    changed = [name for name, value in changes.items() if getattr(interaction, name) != value]
    for name in changed:
        setattr(interaction, name, changes[name])
    if changed:
        interaction.save(update_fields=changed)
    return changed


def log_interaction(
    *,
    customer_id: int,
    by: StaffMember,
    channel: str,
    direction: str,
    kind: str,
    function: str,
    occurred_at: datetime,
    subject: str,
    body: str = "",
) -> Interaction:
    """A call, meeting, note, email or letter a staff member logs by hand; audited.

    Unlike record_interaction (also used by imports and mail capture, which audit their
    own runs) this records who logged it. Raises RequestError for unknown choices, an
    empty subject or a time in the future (a log is of what happened).
    """
    if not subject.strip():
        raise RequestError("subject: must not be empty")
    if occurred_at > timezone.now():
        raise RequestError("occurred_at: is in the future; log what already happened")
    with transaction.atomic():
        interaction = record_interaction(
            customer_id=customer_id,
            channel=channel,
            direction=direction,
            kind=kind,
            staff=by,
            function=function,
            subject=subject,
            body=body,
            occurred_at=occurred_at,
        )
        record_event(
            action="interaction.log",
            actor=by,
            customer_id=customer_id,
            object_type="interaction",
            object_id=interaction.pk,
            details={"channel": channel, "direction": direction},
        )
    return interaction


def _require_not_resolved(conversation: Conversation) -> None:
    if conversation.status == RequestStatus.RESOLVED:
        raise RequestError("status: the conversation is resolved; nothing more can change")


def answer_conversation(
    *, conversation: Conversation, by: StaffMember, body: str, channel: str | None = None
) -> Interaction:
    """Reply: one answer for the whole thread, every open request in it answered at once.

    The reply is an outbound interaction (the customer reads it in the portal) and, when
    the customer consented to email, it is also mailed to them after the commit. Without
    a `channel` it is "email" when it will be mailed and "portal" when it will not.
    Raises RequestError for an empty body or a resolved conversation.
    """
    if not body.strip():
        raise RequestError("body: the answer must not be empty")
    _require_not_resolved(conversation)
    if channel is None:
        mailed = reply_address(conversation.customer_id) is not None
        channel = Channel.EMAIL if mailed else Channel.PORTAL
    now = timezone.now()
    with transaction.atomic():
        first = conversation.requests.order_by("received_at", "pk").first()
        answer = record_interaction(
            customer_id=conversation.customer_id,
            channel=channel,
            direction=Direction.OUTBOUND,
            kind=conversation.kind,
            staff=by,
            subject=f"Re: {conversation.subject}",
            body=body.strip(),
            occurred_at=now,
            request=first,
        )
        conversation.requests.filter(first_response_at__isnull=True).update(first_response_at=now)
        conversation.requests.filter(status=RequestStatus.OPEN).update(
            status=RequestStatus.ANSWERED
        )
        conversation.status = RequestStatus.ANSWERED
        conversation.last_activity_at = now
        conversation.save(update_fields=["status", "last_activity_at"])
        emailed = send_reply_on_commit(conversation.customer_id, answer)
        record_event(
            action="conversation.answer",
            actor=by,
            customer_id=conversation.customer_id,
            object_type="conversation",
            object_id=conversation.pk,
            details={"interaction": answer.pk, "emailed": emailed},
        )
    return answer


def add_internal_note(*, conversation: Conversation, by: StaffMember, body: str) -> InternalNote:
    """A note for colleagues on the thread. Stored apart from interactions (InternalNote),
    so the portal, the customer's export and webhooks never carry it. Raises RequestError."""
    if not body.strip():
        raise RequestError("body: the note must not be empty")
    with transaction.atomic():
        note = InternalNote.objects.create(
            customer_id=conversation.customer_id,
            conversation=conversation,
            author=by,
            body=body.strip(),
            created_at=timezone.now(),
        )
        # The audit row says a note exists, not what it says: the customer can read
        # audit details of their record, the note's text is for staff only.
        record_event(
            action="conversation.note",
            actor=by,
            customer_id=conversation.customer_id,
            object_type="conversation",
            object_id=conversation.pk,
        )
        mark_customer_changed(conversation.customer_id)
    return note


def reassign_conversation(
    *, conversation: Conversation, to: StaffMember, by: StaffMember
) -> Conversation:
    """Hand the thread's unresolved requests to `to` (an active staff member); the
    accountable owner stays the owner. Raises RequestError, changing nothing."""
    if not to.is_active or to.left_at is not None:
        raise RequestError(f"to: {to} is not an active staff member")
    _require_not_resolved(conversation)
    with transaction.atomic():
        moved = conversation.requests.exclude(status=RequestStatus.RESOLVED)
        previous = sorted({pk for pk in moved.values_list("assigned_to_id", flat=True) if pk})
        count = moved.update(assigned_to=to)
        record_event(
            action="conversation.reassign",
            actor=by,
            customer_id=conversation.customer_id,
            object_type="conversation",
            object_id=conversation.pk,
            details={"from": previous, "to": to.pk, "requests": count},
        )
        mark_customer_changed(conversation.customer_id)
    return conversation


def _resolve_requests(requests: QuerySet[Request], outcome: str, at: datetime) -> int:
    unresolved = requests.exclude(status=RequestStatus.RESOLVED)
    # A request resolved without a reply was still responded to, by the resolution.
    unresolved.filter(first_response_at__isnull=True).update(first_response_at=at)
    return unresolved.update(status=RequestStatus.RESOLVED, resolved_at=at, outcome=outcome)


def resolve_conversation(
    *, conversation: Conversation, by: StaffMember, outcome: str, note: str = ""
) -> Conversation:
    """Close the thread and all its requests with an outcome the customer reads in the
    portal; `note`, if given, is kept as an internal note (staff only). Raises RequestError."""
    outcome = outcome.strip()
    if not outcome:
        raise RequestError("outcome: say what came of it; the customer reads this")
    _require_not_resolved(conversation)
    now = timezone.now()
    with transaction.atomic():
        count = _resolve_requests(conversation.requests.all(), outcome, now)
        conversation.status = RequestStatus.RESOLVED
        conversation.resolved_at = now
        conversation.last_activity_at = now
        conversation.outcome = outcome
        conversation.save(update_fields=["status", "resolved_at", "last_activity_at", "outcome"])
        if note.strip():
            InternalNote.objects.create(
                customer_id=conversation.customer_id,
                conversation=conversation,
                author=by,
                body=note.strip(),
                created_at=now,
            )
        record_event(
            action="conversation.resolve",
            actor=by,
            customer_id=conversation.customer_id,
            object_type="conversation",
            object_id=conversation.pk,
            reason=outcome,
            details={"requests": count},
        )
        mark_customer_changed(conversation.customer_id)
    return conversation


def close_customer_requests(
    *, customer_id: int, outcome: str, by: StaffMember | None = None
) -> int:
    """Resolve every unresolved conversation and request of a customer with one outcome
    (a relationship that ends leaves nothing open in anyone's worklist). Idempotent: a
    second call closes nothing. Returns how many requests it closed."""
    outcome = outcome.strip() or "Closed"
    now = timezone.now()
    with transaction.atomic():
        count = _resolve_requests(Request.objects.filter(customer_id=customer_id), outcome, now)
        conversations = Conversation.objects.filter(customer_id=customer_id).exclude(
            status=RequestStatus.RESOLVED
        )
        closed = conversations.update(
            status=RequestStatus.RESOLVED, resolved_at=now, outcome=outcome
        )
        if count or closed:
            record_event(
                action="requests.close",
                actor=by,
                actor_label="" if by else "system",
                customer_id=customer_id,
                object_type="customer",
                object_id=customer_id,
                reason=outcome,
                details={"requests": count, "conversations": closed},
            )
            mark_customer_changed(customer_id)
    return count
