"""The conversation page: the thread as the customer lived it, and the work on it: reply,
internal note, reassign to a teammate, resolve with an outcome, make a promise.

Reading follows the customer record's rule (outsiders give a purpose first); writing is
for the customer's owner, team and managers (404 for everyone else, nothing changes).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accord.interactions.access import access_conversation_for_staff
from accord.interactions.models import Conversation, InternalNote
from accord.interactions.queries import list_thread_interactions
from accord.interactions.services import (
    RequestError,
    add_internal_note,
    answer_conversation,
    reassign_conversation,
    resolve_conversation,
)
from accord.members.models import StaffMember
from accord.promises.models import Promise
from accord.relationships.access import access_relationship_for_team_work
from accord.relationships.models import Relationship
from accord.relationships.queries import get_relationship, list_team
from accord.staff.form_support import DeskForm, staff_choices, user_of
from accord.staff.purpose import access_reason, ask_purpose, record_view
from accord.staff.work_forms import (
    InternalNoteForm,
    PromiseForm,
    ReassignForm,
    ReplyForm,
    ResolveForm,
)


def team_choices(relationship: Relationship) -> list[tuple[str, str]]:
    """The owner and active teammates, for reassigning within the team."""
    ids = {m.staff_id for m in list_team(relationship.customer_id)}
    if relationship.owner_id:
        ids.add(relationship.owner_id)
    return staff_choices(StaffMember.objects.filter(pk__in=ids))


def _forms(relationship: Relationship, first_request_id: int | None) -> dict[str, DeskForm]:
    return {
        "reply_form": ReplyForm(prefix="reply"),
        "note_form": InternalNoteForm(prefix="note"),
        "reassign_form": ReassignForm(prefix="reassign", choices=team_choices(relationship)),
        "resolve_form": ResolveForm(prefix="resolve"),
        "promise_form": PromiseForm(prefix="promise", initial={"request": first_request_id}),
    }


def _render(
    request: HttpRequest,
    thread: Conversation,
    relationship: Relationship,
    bound: dict[str, DeskForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    me = user_of(request)
    requests = list(thread.requests.all())
    forms = _forms(relationship, requests[0].pk if requests else None)
    forms.update(bound or {})
    can_work = me.is_manager or access_reason(request, relationship) == ""
    context = {
        "owner": relationship.owner,
        "relationship": relationship,
        "conversation": thread,
        "requests": requests,
        "entries": list_thread_interactions(thread),
        "notes": list(
            InternalNote.objects.filter(conversation=thread)
            .select_related("author")
            .order_by("created_at", "pk")
        ),
        "promises": list(
            Promise.objects.filter(customer_id=thread.customer_id, request__in=requests)
            .select_related("staff")
            .order_by("due_at", "pk")
        ),
        "can_work": can_work and thread.status != "resolved",
        **forms,
    }
    return render(request, "staff/conversation.html", context, status=status)


def conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """One thread as the customer lived it: every desk and channel, one answer."""
    me = user_of(request)
    thread = access_conversation_for_staff(me, conversation_id)
    relationship = get_relationship(thread.customer_id)
    assert relationship is not None
    reason = access_reason(request, relationship)
    if reason is None:
        here = f"/conversations/{thread.pk}/"
        return ask_purpose(request, thread.customer_id, relationship.customer.name, here)
    record_view(me, thread.customer_id, reason, "staff conversation")
    return _render(request, thread, relationship)


def _thread_for_work(
    request: HttpRequest, conversation_id: int
) -> tuple[Conversation, Relationship]:
    me = user_of(request)
    thread = access_conversation_for_staff(me, conversation_id)
    return thread, access_relationship_for_team_work(me, thread.customer_id)


def _done(request: HttpRequest, thread: Conversation, text: str) -> HttpResponse:
    messages.success(request, text)
    return HttpResponseRedirect(f"/conversations/{thread.pk}/")


@require_POST
def reply_view(request: HttpRequest, conversation_id: int) -> HttpResponse:
    thread, relationship = _thread_for_work(request, conversation_id)
    form = ReplyForm(request.POST, prefix="reply")
    if form.is_valid():
        try:
            answer_conversation(conversation=thread, by=user_of(request), **form.cleaned_data)
        except RequestError as error:
            form.add_problem(error)
        else:
            return _done(request, thread, "Reply sent: the customer sees it in the portal.")
    return _render(request, thread, relationship, {"reply_form": form}, status=400)


@require_POST
def note_view(request: HttpRequest, conversation_id: int) -> HttpResponse:
    thread, relationship = _thread_for_work(request, conversation_id)
    form = InternalNoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            add_internal_note(conversation=thread, by=user_of(request), **form.cleaned_data)
        except RequestError as error:
            form.add_problem(error)
        else:
            return _done(request, thread, "Internal note added.")
    return _render(request, thread, relationship, {"note_form": form}, status=400)


@require_POST
def reassign_view(request: HttpRequest, conversation_id: int) -> HttpResponse:
    thread, relationship = _thread_for_work(request, conversation_id)
    form = ReassignForm(request.POST, prefix="reassign", choices=team_choices(relationship))
    if form.is_valid():
        to = StaffMember.objects.get(pk=form.cleaned_data["to"])
        try:
            reassign_conversation(conversation=thread, to=to, by=user_of(request))
        except RequestError as error:
            form.add_problem(error)
        else:
            return _done(request, thread, f"Reassigned to {to}.")
    return _render(request, thread, relationship, {"reassign_form": form}, status=400)


@require_POST
def resolve_view(request: HttpRequest, conversation_id: int) -> HttpResponse:
    thread, relationship = _thread_for_work(request, conversation_id)
    form = ResolveForm(request.POST, prefix="resolve")
    if form.is_valid():
        try:
            resolve_conversation(conversation=thread, by=user_of(request), **form.cleaned_data)
        except RequestError as error:
            form.add_problem(error)
        else:
            return _done(request, thread, "Resolved: the customer sees the outcome.")
    return _render(request, thread, relationship, {"resolve_form": form}, status=400)
