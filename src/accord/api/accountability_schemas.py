"""Schemas of the accountability API (accord.api.accountability): XIn / XOut / XParams."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from accord.api.body import BodyIn, QueryIn
from accord.api.pagination import RecordId
from accord.core.models import Channel, Function, InteractionKind
from accord.relationships.gaps import GapKind
from accord.relationships.models import Stage


class StaffRefOut(Schema):
    id: int
    name: str
    function: str


class AssignmentOut(Schema):
    owner: StaffRefOut
    started_at: datetime
    ended_at: datetime | None
    reason: str
    assigned_by: StaffRefOut | None


class HandoffOut(Schema):
    id: int
    from_owner: StaffRefOut | None
    to_owner: StaffRefOut
    by: StaffRefOut | None
    reason: str
    note: str
    occurred_at: datetime
    open_promises_carried: int
    customer_told_at: datetime | None
    notice_message_id: str = Field(
        ..., description="Message-ID of the email that told the customer"
    )
    notice_problem: str = Field(
        ..., description="why no email reached a customer who agreed to one"
    )


class TransferIn(BodyIn):
    to_owner_id: RecordId
    reason: str = Field(..., min_length=1, max_length=200)
    note: str = Field("", max_length=2000)
    notify_customer: bool = True


class TeamMemberIn(BodyIn):
    staff_id: RecordId
    function: Function


class TeamMemberOut(Schema):
    staff: StaffRefOut
    function: str
    added_at: datetime


class StageIn(BodyIn):
    stage: Stage
    reason: str = Field(..., min_length=1, max_length=200)
    delivered_promise_ids: list[int] = Field(
        default_factory=list,
        description="departed only: company promises delivered before the end (kept); "
        "every other open one is cancelled with the reason",
    )


class StageOut(Schema):
    from_stage: str
    to_stage: str
    reason: str
    occurred_at: datetime


class RequestIn(BodyIn):
    customer_id: RecordId
    channel: Channel
    received_by_function: Function
    kind: InteractionKind
    subject: str = Field(..., min_length=1, max_length=200)
    body: str = Field("", max_length=20000)
    received_at: datetime | None = None


class RoutedRequestOut(Schema):
    request_id: RecordId
    conversation_id: RecordId
    linked_to_open_conversation: bool
    owner: StaffRefOut | None
    assigned_to: StaffRefOut | None
    routing_note: str
    due_at: datetime


class ConversationOut(Schema):
    id: int
    customer_id: RecordId
    kind: str
    subject: str
    status: str
    opened_at: datetime
    last_activity_at: datetime
    request_count: int


class ThreadRequestOut(Schema):
    id: int
    channel: str
    received_by_function: str
    subject: str
    status: str
    received_at: datetime
    due_at: datetime
    assigned_to: StaffRefOut | None


class ThreadEntryOut(Schema):
    id: int
    direction: str
    channel: str
    function: str
    staff: StaffRefOut | None
    occurred_at: datetime
    subject: str
    body: str


class ConversationDetailOut(ConversationOut):
    resolved_at: datetime | None
    outcome: str = Field(description="what came of it, as the customer reads it")
    requests: list[ThreadRequestOut]
    thread: list[ThreadEntryOut]


class DeactivateIn(BodyIn):
    reassign_to_id: RecordId | None = Field(
        None, description="successor for every live relationship; omit to orphan them"
    )


class DepartureOut(Schema):
    staff_id: RecordId
    reassigned_to: StaffRefOut | None
    relationships_moved: int
    relationships_orphaned: int


class GapOut(Schema):
    kind: str
    reason: str = Field(..., description="why, from the record: a GapReason value")
    reason_label: str
    customer_id: RecordId | None
    customer_name: str
    owner_id: RecordId | None
    owner_name: str
    owner_function: str
    explanation: str
    suggested_action: str


class GapParams(QueryIn):
    kind: GapKind | None = None
    team: Function | None = None
    owner: int | None = None
    as_of: datetime | None = Field(None, description="evaluate at this time (default now)")
