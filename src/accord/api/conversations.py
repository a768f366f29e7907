"""Conversations in the REST API: list (filters, cursor pages), one thread, reply, resolve,
reassign, internal notes.

A conversation is one issue however many requests and channels it came through; reading
is open to working staff, replying to the people who look after the relationship and
whoever a request in it is assigned to (others get 404 and nothing changes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from accord.api.accountability_schemas import (
    ConversationDetailOut,
    ConversationOut,
    StaffRefOut,
)
from accord.api.auth import current_staff
from accord.api.body import BodyIn
from accord.api.errors import ERRORS
from accord.api.pagination import PageParams, RecordId, page_out, paginate
from accord.core.models import Channel
from accord.core.validation import Conflict, ValidationProblem
from accord.customers.access import can_staff_see_customers
from accord.interactions.access import access_conversation_for_answer, access_conversation_for_staff
from accord.interactions.models import Conversation, InternalNote, RequestStatus
from accord.interactions.queries import list_conversations, list_thread_interactions
from accord.interactions.services import (
    RequestError,
    add_internal_note,
    answer_conversation,
    reassign_conversation,
    resolve_conversation,
)
from accord.members.models import StaffMember

router = Router(tags=["conversations"])

SORTS = ("last_activity_at", "opened_at")


class ConversationPage(Schema):
    items: list[ConversationOut]
    next_cursor: str | None
    next: str | None


class ConversationListParams(PageParams):
    customer_id: RecordId | None = None
    status: RequestStatus | None = None
    sort: str = Field("-last_activity_at", description="last_activity_at, opened_at; - desc")


class ReplyIn(BodyIn):
    body: str = Field(..., max_length=100_000)
    channel: Channel = Channel.EMAIL


class ResolveIn(BodyIn):
    outcome: str = Field(..., max_length=2000, description="what came of it; the customer reads it")
    note: str = Field("", max_length=20_000, description="internal note, staff only")


class ReassignIn(BodyIn):
    to_id: RecordId = Field(..., description="the active staff member who answers from now on")


class NoteIn(BodyIn):
    body: str = Field(..., max_length=20_000)


class InternalNoteOut(Schema):
    id: int
    author: StaffRefOut | None
    body: str
    created_at: datetime


@contextmanager
def _resolved_is_a_conflict() -> Iterator[None]:
    # A resolved thread refuses more work: the request is well-formed but clashes with
    # the conversation's state, so it answers 409 like every other state clash.
    try:
        yield
    except RequestError as error:
        if error.field == "status":
            raise Conflict(error.field, error.message) from None
        raise


def _ref(member: StaffMember | None) -> dict[str, object] | None:
    if member is None:
        return None
    return {"id": member.pk, "name": str(member), "function": member.function}


def conversation_detail(conversation: Conversation) -> dict[str, Any]:
    """One thread: every request (whatever desk or channel) and every message, in order."""
    requests = list(conversation.requests.all())
    return {
        "id": conversation.pk,
        "customer_id": conversation.customer_id,
        "kind": conversation.kind,
        "subject": conversation.subject,
        "status": conversation.status,
        "opened_at": conversation.opened_at,
        "last_activity_at": conversation.last_activity_at,
        "request_count": len(requests),
        "resolved_at": conversation.resolved_at,
        "outcome": conversation.outcome,
        "requests": [
            {
                "id": r.pk,
                "channel": r.channel,
                "received_by_function": r.received_by_function,
                "subject": r.subject,
                "status": r.status,
                "received_at": r.received_at,
                "due_at": r.due_at,
                "assigned_to": _ref(r.assigned_to),
            }
            for r in requests
        ],
        "thread": [
            {
                "id": i.pk,
                "direction": i.direction,
                "channel": i.channel,
                "function": i.function,
                "staff": _ref(i.staff),
                "occurred_at": i.occurred_at,
                "subject": i.subject,
                "body": i.body,
            }
            for i in list_thread_interactions(conversation)
        ],
    }


@router.get(
    "/conversations", response={200: ConversationPage, **ERRORS}, summary="List conversations"
)
def list_conversations_view(request: HttpRequest, params: Query[ConversationListParams]) -> dict:
    conversations = list_conversations(params.customer_id)
    if not can_staff_see_customers(current_staff(request)):
        conversations = conversations.none()
    if params.status:
        conversations = conversations.filter(status=params.status)
    rows, cursor = paginate(conversations, sort=params.sort, allowed=SORTS, params=params)
    return page_out(request, rows, cursor)


@router.get(
    "/conversations/{conversation_id}",
    response={200: ConversationDetailOut, **ERRORS},
    summary="One conversation: its requests and every message",
)
def get_conversation_view(request: HttpRequest, conversation_id: int) -> dict[str, Any]:
    return conversation_detail(
        access_conversation_for_staff(current_staff(request), conversation_id)
    )


@router.post(
    "/conversations/{conversation_id}/reply",
    response={200: ConversationDetailOut, **ERRORS},
    summary="Answer the whole thread at once (every open request in it is answered)",
)
def reply_view(request: HttpRequest, conversation_id: int, payload: ReplyIn) -> dict[str, Any]:
    staff = current_staff(request)
    conversation = access_conversation_for_answer(staff, conversation_id)
    with _resolved_is_a_conflict():
        answer_conversation(
            conversation=conversation, by=staff, body=payload.body, channel=payload.channel
        )
    return conversation_detail(access_conversation_for_staff(staff, conversation_id))


@router.post(
    "/conversations/{conversation_id}/resolve",
    response={200: ConversationDetailOut, **ERRORS},
    summary="Resolve the thread and all its requests with an outcome (409 when resolved)",
)
def resolve_view(request: HttpRequest, conversation_id: int, payload: ResolveIn) -> dict[str, Any]:
    staff = current_staff(request)
    conversation = access_conversation_for_answer(staff, conversation_id)
    with _resolved_is_a_conflict():
        resolve_conversation(
            conversation=conversation, by=staff, outcome=payload.outcome, note=payload.note
        )
    return conversation_detail(access_conversation_for_staff(staff, conversation_id))


@router.post(
    "/conversations/{conversation_id}/reassign",
    response={200: ConversationDetailOut, **ERRORS},
    summary="Hand the thread's unresolved requests to another staff member",
)
def reassign_view(
    request: HttpRequest, conversation_id: int, payload: ReassignIn
) -> dict[str, Any]:
    staff = current_staff(request)
    conversation = access_conversation_for_answer(staff, conversation_id)
    to = StaffMember.objects.filter(pk=payload.to_id).first()
    if to is None:
        raise ValidationProblem("to_id", f"no staff member with id {payload.to_id}")
    with _resolved_is_a_conflict():
        reassign_conversation(conversation=conversation, to=to, by=staff)
    return conversation_detail(access_conversation_for_staff(staff, conversation_id))


def _note_out(note: InternalNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "author": _ref(note.author),
        "body": note.body,
        "created_at": note.created_at,
    }


@router.get(
    "/conversations/{conversation_id}/notes",
    response={200: list[InternalNoteOut], **ERRORS},
    summary="Internal notes on the thread (staff only; never shown to the customer)",
)
def list_notes_view(request: HttpRequest, conversation_id: int) -> list[dict[str, Any]]:
    conversation = access_conversation_for_staff(current_staff(request), conversation_id)
    notes = conversation.internal_notes.select_related("author").order_by("created_at", "pk")
    return [_note_out(note) for note in notes]


@router.post(
    "/conversations/{conversation_id}/notes",
    response={201: InternalNoteOut, **ERRORS},
    summary="Leave an internal note for colleagues on the thread",
)
def add_note_view(request: HttpRequest, conversation_id: int, payload: NoteIn) -> Status:
    staff = current_staff(request)
    conversation = access_conversation_for_answer(staff, conversation_id)
    note = add_internal_note(conversation=conversation, by=staff, body=payload.body)
    return Status(201, _note_out(note))
