"""Which survey responses, escalations and inbox mentions a staff member may reach:
the customer's rule (accord.customers.access); outsiders get 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accord.customers.access import access_customer_record_for_staff, can_staff_see_customers
from accord.members.models import StaffMember
from accord.voice.models import Escalation, SocialMention, SurveyResponse


def access_survey_response_for_staff(
    staff: StaffMember, response_id: int, *, change: bool
) -> SurveyResponse:
    return access_customer_record_for_staff(
        staff, SurveyResponse, response_id, change=change, noun="survey response"
    )


def access_escalation_for_staff(staff: StaffMember, escalation_id: int) -> Escalation:
    """An escalation for its accountable owner or a manager; anyone else gets 404 (a
    book-wide burst, with no owner, is the managers')."""
    escalation = Escalation.objects.filter(pk=escalation_id).first()
    allowed = escalation is not None and can_staff_see_customers(staff)
    if allowed and not staff.is_manager:
        allowed = escalation is not None and escalation.owner_id == staff.pk
    if not allowed or escalation is None:
        raise Http404("No such escalation")
    return escalation


def list_escalations_for_staff(
    staff: StaffMember, *, open_only: bool = True
) -> QuerySet[Escalation]:
    """Managers see every escalation, others those on their own book."""
    escalations = Escalation.objects.select_related("customer", "owner").order_by("due_at", "pk")
    if open_only:
        escalations = escalations.filter(resolved_at__isnull=True)
    if not can_staff_see_customers(staff):
        return escalations.none()
    return escalations if staff.is_manager else escalations.filter(owner_id=staff.pk)


def access_unmatched_mention(staff: StaffMember, mention_id: int) -> SocialMention:
    """A mention still waiting in the inbox (public posts: every working staff member
    sees the inbox); a linked or unknown one is 404."""
    mention = SocialMention.objects.filter(pk=mention_id, customer__isnull=True).first()
    if mention is None or not can_staff_see_customers(staff):
        raise Http404("No such unmatched mention")
    return mention
