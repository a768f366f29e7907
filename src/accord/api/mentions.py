"""Social mentions and escalations in the REST API.

POST /mentions takes a batch (a social listening tool pushing what it found): each post
is stored once by (platform, post_id), matched, read and checked for escalation before
the answer returns; bad items are reported by index while good ones land. The inbox
(unmatched mentions) is every working staff member's; linking needs the right to change
the customer; escalations are their owner's and the managers' (others get 404).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from accord.api.auth import current_staff
from accord.api.body import BodyIn
from accord.api.errors import ERRORS
from accord.api.pagination import PageParams, RecordId, page_out, paginate
from accord.customers.access import can_staff_see_customers, check_customer_for_staff
from accord.imports.mentions import ingest_records
from accord.scoring.escalations import resolve_escalation
from accord.voice.access import (
    access_escalation_for_staff,
    access_unmatched_mention,
    list_escalations_for_staff,
)
from accord.voice.mentions import link_mention
from accord.voice.models import Escalation, SocialMention

router = Router(tags=["mentions"])

MAX_BATCH = 5000
SORTS = ("posted_at",)


class MentionBatchIn(BodyIn):
    mentions: list[dict[str, Any]] = Field(
        ...,
        max_length=MAX_BATCH,
        description=(
            f"up to {MAX_BATCH} posts, each an object with platform, post_id, text, "
            "posted_at (ISO 8601 with a time zone), author_handle / author_email / "
            "author_name (at least one), and optional url, followers, reshares, reach; "
            "other tools' names are accepted too (handle, content, date, retweets, ...)"
        ),
    )


class BatchProblem(Schema):
    index: int = Field(..., description="0-based position in `mentions`")
    field: str
    message: str


class MentionBatchOut(Schema):
    received: int
    created: int
    repeated: int = Field(..., description="already stored: unchanged")
    matched: int
    unmatched: int = Field(..., description="waiting in the mentions inbox")
    escalations: int
    created_ids: list[int]
    problems: list[BatchProblem]


class MentionOut(Schema):
    id: int
    customer_id: int | None
    suggested_customer_id: int | None
    platform: str
    post_id: str
    author_handle: str
    author_name: str
    text: str
    url: str
    posted_at: datetime
    followers: int
    reshares: int
    reach: int
    sentiment: float | None
    sentiment_label: str
    exit_intent: str
    complaint: bool
    topic: str
    matched_by: str
    match_confidence: float | None


class MentionPage(Schema):
    items: list[MentionOut]
    next_cursor: str | None
    next: str | None


class MentionListParams(PageParams):
    customer_id: RecordId | None = None
    unmatched: bool = Field(False, description="only the inbox: mentions matched to nobody")
    sort: str = Field("-posted_at", description="posted_at or -posted_at")


class LinkIn(BodyIn):
    customer_id: RecordId


class EscalationOut(Schema):
    id: int
    customer_id: int | None
    owner_id: int | None
    kind: str
    topic: str
    mention_id: int | None
    mentions: int
    reach: int
    message: str
    created_at: datetime
    due_at: datetime
    resolved_at: datetime | None


@router.post(
    "/mentions",
    response={200: MentionBatchOut, **ERRORS},
    summary="Push a batch of social mentions",
)
def push_mentions_view(request: HttpRequest, payload: MentionBatchIn) -> dict[str, Any]:
    current_staff(request)
    result = ingest_records(enumerate(payload.mentions), keep_ids=True)
    return {
        "received": result.read,
        "created": result.created,
        "repeated": result.repeated,
        "matched": result.matched,
        "unmatched": result.unmatched,
        "escalations": result.escalations,
        "created_ids": result.created_ids,
        "problems": [
            {"index": p.line, "field": p.column, "message": p.message} for p in result.problems
        ],
    }


@router.get("/mentions", response={200: MentionPage, **ERRORS}, summary="List social mentions")
def list_mentions_view(request: HttpRequest, params: Query[MentionListParams]) -> dict:
    mentions = SocialMention.objects.all()
    if not can_staff_see_customers(current_staff(request)):
        mentions = mentions.none()
    if params.customer_id is not None:
        mentions = mentions.filter(customer_id=params.customer_id)
    if params.unmatched:
        mentions = mentions.filter(customer__isnull=True)
    rows, cursor = paginate(mentions, sort=params.sort, allowed=SORTS, params=params)
    return page_out(request, rows, cursor)


@router.post(
    "/mentions/{mention_id}/link",
    response={200: MentionOut, **ERRORS},
    summary="Link an unmatched mention to its customer (the handle becomes an identity)",
)
def link_mention_view(request: HttpRequest, mention_id: int, payload: LinkIn) -> SocialMention:
    staff = current_staff(request)
    mention = access_unmatched_mention(staff, mention_id)
    check_customer_for_staff(staff, payload.customer_id, change=True)
    return link_mention(mention=mention, customer_id=payload.customer_id, by=staff)


@router.get(
    "/escalations",
    response={200: list[EscalationOut], **ERRORS},
    summary="Open escalations: mine, or all for managers",
)
def list_escalations_view(request: HttpRequest) -> list[Escalation]:
    return list(list_escalations_for_staff(current_staff(request))[:500])


@router.post(
    "/escalations/{escalation_id}/resolve",
    response={200: EscalationOut, **ERRORS},
    summary="Mark an escalation handled (its worklist alert closes too)",
)
def resolve_escalation_view(request: HttpRequest, escalation_id: int) -> Escalation:
    staff = current_staff(request)
    return resolve_escalation(access_escalation_for_staff(staff, escalation_id), by=staff)
