"""Accountability in the REST API: owner history, transfers, team, stage, routed requests,
conversations and the gaps board.

Who may change a relationship is decided by accord.relationships.access (404 for
everyone else); domain refusals (OwnershipError, RequestError) become 409 and 400.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError

from accord.api.accountability_schemas import (
    AssignmentOut,
    ConversationOut,
    DeactivateIn,
    DepartureOut,
    GapOut,
    GapParams,
    HandoffOut,
    RequestIn,
    RoutedRequestOut,
    StageIn,
    StageOut,
    TeamMemberIn,
    TeamMemberOut,
    TransferIn,
)
from accord.api.auth import admin_auth, current_staff
from accord.api.errors import ERRORS
from accord.core.models import Function
from accord.customers.access import access_customer_for_staff
from accord.handovers.departures import deactivate_staff
from accord.handovers.endings import change_stage
from accord.handovers.transfers import transfer_owner
from accord.interactions.queries import list_conversations
from accord.interactions.services import RequestError, receive_request
from accord.members.access import deactivation_refusal
from accord.members.models import StaffMember
from accord.relationships.access import (
    access_board_for_staff,
    access_relationship_for_team_work,
    access_relationship_for_transfer,
)
from accord.relationships.gaps import list_gaps
from accord.relationships.models import Handoff
from accord.relationships.queries import list_handoffs, list_owner_history, list_team
from accord.relationships.services import (
    OwnershipError,
    add_team_member,
    remove_team_member,
)

router = Router(tags=["accountability"])


def _ref(member: StaffMember | None) -> dict[str, object] | None:
    if member is None:
        return None
    return {"id": member.pk, "name": str(member), "function": member.function}


def _active_staff(field: str, staff_id: int) -> StaffMember:
    """The staff member named in a payload, or a 400 that says which field and why."""
    member = StaffMember.objects.filter(pk=staff_id).first()
    if member is None:
        raise HttpError(400, f"{field}: no staff member with id {staff_id}")
    if not member.is_working:
        raise HttpError(400, f"{field}: staff member {staff_id} ({member}) is not active")
    return member


def _handoff_out(handoff: Handoff) -> dict[str, object]:
    return {
        "id": handoff.pk,
        "from_owner": _ref(handoff.from_owner),
        "to_owner": _ref(handoff.to_owner),
        "by": _ref(handoff.by),
        "reason": handoff.reason,
        "note": handoff.note,
        "occurred_at": handoff.occurred_at,
        "open_promises_carried": handoff.open_promises_carried,
        "customer_told_at": handoff.customer_told_at,
        "notice_message_id": handoff.notice_message_id,
        "notice_problem": handoff.notice_problem,
    }


@router.get("/customers/{customer_id}/assignments", response=list[AssignmentOut])
def list_assignments_view(request: HttpRequest, customer_id: int) -> list[dict]:
    """Every period of accountable ownership, newest first."""
    access_customer_for_staff(current_staff(request), customer_id)
    return [
        {
            "owner": _ref(a.owner),
            "started_at": a.started_at,
            "ended_at": a.ended_at,
            "reason": a.reason,
            "assigned_by": _ref(a.assigned_by),
        }
        for a in list_owner_history(customer_id)
    ]


@router.get("/customers/{customer_id}/handoffs", response=list[HandoffOut])
def list_handoffs_view(request: HttpRequest, customer_id: int) -> list[dict]:
    access_customer_for_staff(current_staff(request), customer_id)
    return [_handoff_out(h) for h in list_handoffs(customer_id)]


@router.post("/customers/{customer_id}/transfer", response={201: HandoffOut})
def transfer_view(request: HttpRequest, customer_id: int, payload: TransferIn) -> Status[dict]:
    """Hand the relationship to another owner: managers, or the current owner, only."""
    staff = current_staff(request)
    access_relationship_for_transfer(staff, customer_id)
    to_owner = _active_staff("to_owner_id", payload.to_owner_id)
    try:
        handoff = transfer_owner(
            customer_id=customer_id,
            to_owner=to_owner,
            by=staff,
            reason=payload.reason,
            note=payload.note,
            notify_customer=payload.notify_customer,
        )
    except OwnershipError as error:
        raise HttpError(409, str(error)) from None
    return Status(201, _handoff_out(handoff))


@router.get("/customers/{customer_id}/team", response=list[TeamMemberOut])
def list_team_view(request: HttpRequest, customer_id: int) -> list[dict]:
    access_customer_for_staff(current_staff(request), customer_id)
    return [
        {"staff": _ref(m.staff), "function": m.function, "added_at": m.added_at}
        for m in list_team(customer_id)
    ]


@router.post("/customers/{customer_id}/team", response={201: TeamMemberOut})
def add_team_view(request: HttpRequest, customer_id: int, payload: TeamMemberIn) -> Status[dict]:
    staff = current_staff(request)
    access_relationship_for_team_work(staff, customer_id)
    member = _active_staff("staff_id", payload.staff_id)
    try:
        membership = add_team_member(
            customer_id=customer_id, member=member, function=payload.function, by=staff
        )
    except OwnershipError as error:
        raise HttpError(409, str(error)) from None
    return Status(
        201,
        {"staff": _ref(member), "function": membership.function, "added_at": membership.added_at},
    )


@router.delete("/customers/{customer_id}/team/{staff_id}/{function}", response={204: None})
def remove_team_view(
    request: HttpRequest, customer_id: int, staff_id: int, function: Function
) -> Status[None]:
    staff = current_staff(request)
    access_relationship_for_team_work(staff, customer_id)
    try:
        remove_team_member(customer_id=customer_id, member_id=staff_id, function=function, by=staff)
    except OwnershipError as error:
        raise HttpError(404, str(error)) from None
    return Status(204, None)


@router.post("/customers/{customer_id}/stage", response={201: StageOut})
def change_stage_view(request: HttpRequest, customer_id: int, payload: StageIn) -> Status[dict]:
    staff = current_staff(request)
    access_relationship_for_team_work(staff, customer_id)
    try:
        change = change_stage(
            customer_id=customer_id,
            to_stage=payload.stage,
            reason=payload.reason,
            by=staff,
            delivered_promise_ids=payload.delivered_promise_ids,
        )
    except OwnershipError as error:
        raise HttpError(409, str(error)) from None
    return Status(
        201,
        {
            "from_stage": change.from_stage,
            "to_stage": change.to_stage,
            "reason": change.reason,
            "occurred_at": change.occurred_at,
        },
    )


@router.post("/requests", response={201: RoutedRequestOut})
def receive_request_view(request: HttpRequest, payload: RequestIn) -> Status[dict]:
    """Log a customer's request as received by a function; it routes to the owner."""
    access_customer_for_staff(current_staff(request), payload.customer_id)
    if payload.received_at is not None and timezone.is_naive(payload.received_at):
        raise HttpError(400, "received_at: give a time zone (e.g. 2026-05-03T09:00:00Z)")
    try:
        routed = receive_request(
            customer_id=payload.customer_id,
            channel=payload.channel,
            received_by_function=payload.received_by_function,
            kind=payload.kind,
            subject=payload.subject,
            body=payload.body,
            received_at=payload.received_at,
        )
    except RequestError as error:
        raise HttpError(400, str(error)) from None
    return Status(
        201,
        {
            "request_id": routed.request.pk,
            "conversation_id": routed.conversation.pk,
            "linked_to_open_conversation": routed.linked,
            "owner": _ref(routed.owner),
            "assigned_to": _ref(routed.routed_to),
            "routing_note": routed.routing_note,
            "due_at": routed.request.due_at,
        },
    )


@router.get("/customers/{customer_id}/conversations", response=list[ConversationOut])
def list_conversations_view(request: HttpRequest, customer_id: int) -> list:
    access_customer_for_staff(current_staff(request), customer_id)
    return list(list_conversations(customer_id)[:200])


@router.post(
    "/staff/{staff_id}/deactivate",
    response={200: DepartureOut, **ERRORS},
    auth=admin_auth,
)
def deactivate_staff_view(request: HttpRequest, staff_id: int, payload: DeactivateIn) -> dict:
    """A member leaves (managers and admins): reassign their book or orphan it onto the
    board. Roles are ranked: only an admin deactivates a manager or an admin, and nobody
    deactivates themselves (403, nothing changes)."""
    staff = current_staff(request)
    access_board_for_staff(staff)
    member = StaffMember.objects.filter(pk=staff_id).first()
    if member is None:
        raise HttpError(404, f"no staff member with id {staff_id}")
    refusal = deactivation_refusal(staff, member)
    if refusal is not None:
        raise HttpError(403, refusal)
    successor = None
    if payload.reassign_to_id is not None:
        successor = _active_staff("reassign_to_id", payload.reassign_to_id)
    try:
        departure = deactivate_staff(member, by=staff, reassign_to=successor)
    except OwnershipError as error:
        raise HttpError(409, str(error)) from None
    return {
        "staff_id": departure.member_id,
        "reassigned_to": _ref(successor),
        "relationships_moved": departure.relationships_moved,
        "relationships_orphaned": departure.relationships_orphaned,
    }


@router.get("/gaps", response=list[GapOut])
def list_gaps_view(request: HttpRequest, params: Query[GapParams]) -> list:
    """The accountability board. Managers see the whole book; members their own gaps."""
    staff = current_staff(request)
    if params.as_of is not None and timezone.is_naive(params.as_of):
        raise HttpError(400, "as_of: give a time zone (e.g. 2026-05-03T09:00:00Z)")
    owner = params.owner if staff.is_manager else staff.pk
    gaps = list_gaps(as_of=params.as_of, team=params.team, owner=owner)
    return [gap for gap in gaps if params.kind is None or gap.kind == params.kind]
