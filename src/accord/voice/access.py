"""Which survey responses a staff member may read or change: the customer's rule
(accord.customers.access); outsiders get 404."""

from __future__ import annotations

from accord.customers.access import access_customer_record_for_staff
from accord.members.models import StaffMember
from accord.voice.models import SurveyResponse


def access_survey_response_for_staff(
    staff: StaffMember, response_id: int, *, change: bool
) -> SurveyResponse:
    return access_customer_record_for_staff(
        staff, SurveyResponse, response_id, change=change, noun="survey response"
    )
