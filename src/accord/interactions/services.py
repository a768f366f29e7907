"""Writes on interactions and requests: log a touch, receive a request (routing and
issue-shopping links), answer a conversation once for all its requests.

Each service owns its transaction. Routing rules: the accountable owner, or the owner's
delegate while the owner is away, or a manager when the relationship is orphaned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.bulk import Columns, insert_columns
from accord.core.changes import mark_customer_changed
from accord.core.models import Channel, Direction, Function, InteractionKind
from accord.core.validation import ServiceRefusal, ValidationProblem
from accord.interactions.linking import is_same_issue, issue_score
from accord.interactions.models import Conversation, Interaction, Request, RequestStatus
from accord.interactions.validators import clean_interaction, clean_interaction_changes
from accord.members.models import Role, StaffMember
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


def response_due_at(channel: str, received_at: datetime) -> datetime:
    """When the answer is due under the per-channel policy ACCORD_RESPONSE_HOURS."""
    return received_at + timedelta(hours=settings.ACCORD_RESPONSE_HOURS[channel])


def _least_loaded_manager() -> StaffMember | None:
    managers = StaffMember.objects.filter(
        role__in=[Role.MANAGER, Role.ADMIN], is_active=True, left_at__isnull=True
    ).annotate(open_requests=Count("assigned_requests", filter=Q(assigned_requests__status="open")))
    return managers.order_by("open_requests", "pk").first()


def route_request(owner: StaffMember | None, at: datetime) -> tuple[StaffMember | None, str]:
    """Who answers a request to a relationship owned by `owner`, and why, in words."""
    if owner is None or not owner.is_active or owner.left_at is not None:
        manager = _least_loaded_manager()
        if manager is None:
            return None, "No accountable owner and no active manager: nobody was assigned."
        return manager, f"No accountable owner: routed to manager {manager}."
    delegate = owner.delegate
    if owner.away_until and owner.away_until > at and delegate and delegate.is_active:
        until = f"{owner.away_until.day} {owner.away_until:%b %Y}"
        return delegate, f"{owner} is away until {until}: routed to their delegate {delegate}."
    return owner, f"Routed to the accountable owner, {owner}."


def _open_conversation_for(
    customer_id: int, kind: str, text: str, at: datetime
) -> Conversation | None:
    """The open conversation of this customer most like the new request, if any links."""
    since = at - timedelta(days=settings.ACCORD_LINK_WINDOW_DAYS)
    candidates = Conversation.objects.filter(
        customer_id=customer_id, status=RequestStatus.OPEN, last_activity_at__gte=since
    ).prefetch_related("requests")
    best, best_score = None, 0.0
    for conversation in candidates:
        texts = [conversation.subject]
        texts += [f"{r.subject} {r.body}" for r in conversation.requests.all()]
        if not is_same_issue(kind, text, conversation.kind, texts):
            continue
        score = issue_score(kind, text, conversation.kind, texts)
        if score > best_score:
            best, best_score = conversation, score
    return best


def _check_request(channel: str, function: str, kind: str, subject: str) -> None:
    _check_choice("channel", channel, Channel.values)
    _check_choice("received_by_function", function, Function.values, blank_ok=True)
    _check_choice("kind", kind, InteractionKind.values)
    if not subject.strip():
        raise RequestError("subject: must not be empty")


def _join_or_open_conversation(
    customer_id: int, kind: str, subject: str, body: str, at: datetime
) -> tuple[Conversation, bool]:
    """The open conversation this request belongs to (True), or a new one (False)."""
    conversation = _open_conversation_for(customer_id, kind, f"{subject} {body}", at)
    if conversation is None:
        created = Conversation.objects.create(
            customer_id=customer_id, kind=kind, subject=subject, opened_at=at, last_activity_at=at
        )
        return created, False
    conversation.last_activity_at = max(conversation.last_activity_at, at)
    conversation.save(update_fields=["last_activity_at"])
    return conversation, True


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
        conversation, linked = _join_or_open_conversation(customer_id, kind, subject, body, at)
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
            _apply_changes(interaction, fields | {"staff_id": staff.pk if staff else None})
        mark_customer_changed(customer_id)
    return interaction


def update_interaction(
    *, interaction_id: int, by: StaffMember | None, **fields: Any
) -> Interaction:
    """Correct the given fields (channel, direction, kind, function, occurred_at, subject,
    body) of a logged interaction. One transaction, audited with the changed field names."""
    try:
        changes = clean_interaction_changes(fields)
    except ValidationProblem as problem:
        raise RequestError(str(problem), problem.field) from None
    with transaction.atomic():
        interaction = Interaction.objects.select_for_update().filter(pk=interaction_id).first()
        if interaction is None:
            raise RequestError(f"interaction_id: no interaction {interaction_id}")
        changed = _apply_changes(interaction, changes)
        if changed:
            record_event(
                action="interaction.update",
                actor=by,
                customer_id=interaction.customer_id,
                object_type="interaction",
                object_id=interaction.pk,
                details={"fields": changed},
            )
            mark_customer_changed(interaction.customer_id)
    return interaction


def _apply_changes(interaction: Interaction, changes: dict[str, Any]) -> list[str]:
    changed = [name for name, value in changes.items() if getattr(interaction, name) != value]
    for name in changed:
        setattr(interaction, name, changes[name])
    if changed:
        interaction.save(update_fields=changed)
    return changed


def answer_conversation(
    *, conversation: Conversation, by: StaffMember, body: str, channel: str = Channel.EMAIL
) -> Interaction:
    """One answer for the whole thread: every open request in it is answered at once."""
    if not body.strip():
        raise RequestError("body: the answer must not be empty")
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
            body=body,
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
        record_event(
            action="conversation.answer",
            actor=by,
            customer_id=conversation.customer_id,
            object_type="conversation",
            object_id=conversation.pk,
        )
    return answer


def record_interactions_bulk(columns: Columns) -> int:
    """Insert interactions, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(Interaction, columns)


def open_conversations_bulk(columns: Columns) -> int:
    """Insert conversations, given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(Conversation, columns)


def record_requests_bulk(columns: Columns) -> int:
    """Insert requests (their conversations first), given column-wise, in one transaction.

    For large loads (demo books, imports): no per-row validation, signals or audit
    events; the caller supplies ids and every NOT NULL column. Returns the row count.
    """
    return insert_columns(Request, columns)
