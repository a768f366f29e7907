"""Where a request goes: the owner, their delegate while away, or a manager when
orphaned; and which open conversation a new request joins (issue shopping)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q

from accord.interactions.linking import is_same_issue, issue_score
from accord.interactions.models import Conversation, RequestStatus
from accord.members.models import Role, StaffMember


def response_due_at(channel: str, received_at: datetime) -> datetime:
    """When the answer is due under the per-channel policy ACCORD_RESPONSE_HOURS."""
    return received_at + timedelta(hours=settings.ACCORD_RESPONSE_HOURS[channel])


def _least_loaded_manager() -> StaffMember | None:
    managers = (
        StaffMember.objects.working()
        .filter(role__in=[Role.MANAGER, Role.ADMIN])
        .annotate(
            open_requests=Count("assigned_requests", filter=Q(assigned_requests__status="open"))
        )
    )
    return managers.order_by("open_requests", "pk").first()


def route_request(owner: StaffMember | None, at: datetime) -> tuple[StaffMember | None, str]:
    """Who answers a request to a relationship owned by `owner`, and why, in words."""
    if owner is None or not owner.is_working:
        manager = _least_loaded_manager()
        if manager is None:
            return None, "No accountable owner and no active manager: nobody was assigned."
        return manager, f"No accountable owner: routed to manager {manager}."
    delegate = owner.delegate
    if owner.away_until and owner.away_until > at and delegate and delegate.is_working:
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


def join_or_open_conversation(
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
