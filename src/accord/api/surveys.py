"""Survey responses in the REST API: list, detail, record, correct (PATCH). The comment's
sentiment is scored on the way in. Writes are for the owner, the team and managers;
everyone else gets 404 and nothing changes."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from accord.api.auth import current_staff
from accord.api.body import BodyIn
from accord.api.errors import ERRORS
from accord.api.pagination import PageParams, RecordId, page_out, paginate
from accord.customers.access import can_staff_see_customers, check_customer_for_staff
from accord.voice.access import access_survey_response_for_staff
from accord.voice.models import SurveyResponse
from accord.voice.services import record_survey_response, update_survey_response

router = Router(tags=["surveys"])

SORTS = ("responded_at",)


class SurveyResponseOut(Schema):
    id: int
    customer_id: RecordId
    responded_at: datetime
    nps: int | None
    csat: int | None
    ces: int | None
    value_quality: int | None
    value_price: int | None
    value_convenience: int | None
    brand_awareness: int | None
    brand_attitude: int | None
    brand_ethics: int | None
    comment: str
    comment_sentiment: float | None


class SurveyResponsePage(Schema):
    items: list[SurveyResponseOut]
    next_cursor: str | None
    next: str | None


class SurveyListParams(PageParams):
    customer_id: RecordId | None = None
    responded_after: datetime | None = Field(None, description="inclusive, with a time zone")
    sort: str = Field("-responded_at", description="responded_at or -responded_at")


class SurveyResponseIn(BodyIn):
    """Blank items were not asked. NPS 0-10, CSAT 1-5, CES 1-7 (7 = easy), others 1-5."""

    customer_id: RecordId
    responded_at: datetime | None = Field(None, description="default: now")
    nps: int | None = None
    csat: int | None = None
    ces: int | None = None
    value_quality: int | None = None
    value_price: int | None = None
    value_convenience: int | None = None
    brand_awareness: int | None = None
    brand_attitude: int | None = None
    brand_ethics: int | None = None
    comment: str = ""


class SurveyResponsePatch(BodyIn):
    # A field this PATCH cannot change is refused (422), not silently ignored.
    model_config = ConfigDict(extra="forbid")

    responded_at: datetime | None = None
    nps: int | None = None
    csat: int | None = None
    ces: int | None = None
    value_quality: int | None = None
    value_price: int | None = None
    value_convenience: int | None = None
    brand_awareness: int | None = None
    brand_attitude: int | None = None
    brand_ethics: int | None = None
    comment: str | None = None


@router.get(
    "/surveys", response={200: SurveyResponsePage, **ERRORS}, summary="List survey responses"
)
def list_surveys_view(request: HttpRequest, params: Query[SurveyListParams]) -> dict:
    responses = SurveyResponse.objects.all()
    if not can_staff_see_customers(current_staff(request)):
        responses = responses.none()
    if params.customer_id is not None:
        responses = responses.filter(customer_id=params.customer_id)
    if params.responded_after is not None:
        responses = responses.filter(responded_at__gte=params.responded_after)
    rows, cursor = paginate(responses, sort=params.sort, allowed=SORTS, params=params)
    return page_out(request, rows, cursor)


@router.get(
    "/surveys/{response_id}",
    response={200: SurveyResponseOut, **ERRORS},
    summary="A survey response",
)
def get_survey_view(request: HttpRequest, response_id: int) -> SurveyResponse:
    return access_survey_response_for_staff(current_staff(request), response_id, change=False)


@router.post(
    "/surveys", response={201: SurveyResponseOut, **ERRORS}, summary="Record a survey response"
)
def record_survey_view(request: HttpRequest, payload: SurveyResponseIn) -> Status:
    staff = current_staff(request)
    check_customer_for_staff(staff, payload.customer_id, change=True)
    return Status(201, record_survey_response(by=staff, **payload.model_dump()))


@router.patch(
    "/surveys/{response_id}",
    response={200: SurveyResponseOut, **ERRORS},
    summary="Correct a survey response",
)
def update_survey_view(
    request: HttpRequest, response_id: int, payload: SurveyResponsePatch
) -> SurveyResponse:
    staff = current_staff(request)
    access_survey_response_for_staff(staff, response_id, change=True)
    return update_survey_response(
        response_id=response_id, by=staff, **payload.model_dump(exclude_unset=True)
    )
