"""Writes on the voice of the customer: survey responses and social mentions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.changes import mark_customer_changed
from accord.core.validation import ValidationProblem
from accord.customers.services import lock_customer
from accord.members.models import StaffMember
from accord.voice.models import SurveyResponse
from accord.voice.sentiment import text_sentiment
from accord.voice.validators import (
    SCORE_SCALES,
    clean_survey_response,
    clean_survey_response_changes,
)


def record_survey_response(
    *,
    customer_id: int,
    responded_at: datetime | str | None = None,
    nps: int | str | None = None,
    csat: int | str | None = None,
    ces: int | str | None = None,
    comment: str = "",
    by: StaffMember | None = None,
    **items: int | str | None,
) -> SurveyResponse:
    """Record one answered survey: NPS 0-10, CSAT 1-5, CES 1-7 and the value and brand
    items 1-5 (`items`: value_quality, value_price, value_convenience, brand_awareness,
    brand_attitude, brand_ethics); blank items were not asked. The comment's sentiment
    is scored on the way in. One transaction, audited, marks the customer for rescoring.
    """
    unknown = sorted(set(items) - set(SCORE_SCALES))
    if unknown:
        raise ValidationProblem(unknown[0], "is not a survey item")
    fields = clean_survey_response(
        {
            "responded_at": responded_at or timezone.now(),
            "nps": nps,
            "csat": csat,
            "ces": ces,
            "comment": comment,
            **items,
        }
    )
    with transaction.atomic():
        lock_customer(customer_id)
        response = SurveyResponse.objects.create(
            customer_id=customer_id,
            comment_sentiment=text_sentiment(fields["comment"]),
            **fields,
        )
        record_event(
            action="survey.record",
            actor=by,
            customer_id=customer_id,
            object_type="survey_response",
            object_id=response.pk,
        )
        mark_customer_changed(customer_id)
    return response


def update_survey_response(
    *, response_id: int, by: StaffMember | None, **fields: Any
) -> SurveyResponse:
    """Correct the given fields of a recorded response (a mistyped score, the comment);
    a changed comment is scored again. One transaction, audited."""
    changes = clean_survey_response_changes(fields)
    with transaction.atomic():
        response = SurveyResponse.objects.filter(pk=response_id).first()
        if response is None:
            raise ValidationProblem("response_id", f"no survey response {response_id}")
        lock_customer(response.customer_id)
        changed = [name for name, value in changes.items() if getattr(response, name) != value]
        if not changed:
            return response
        for name in changed:
            setattr(response, name, changes[name])
        if "comment" in changed:
            response.comment_sentiment = text_sentiment(response.comment)
            changed.append("comment_sentiment")
        response.save(update_fields=changed)
        record_event(
            action="survey.update",
            actor=by,
            customer_id=response.customer_id,
            object_type="survey_response",
            object_id=response.pk,
            details={"fields": changed},
        )
        mark_customer_changed(response.customer_id)
    return response
