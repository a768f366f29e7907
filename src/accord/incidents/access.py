"""Who may see an incident. Staff: every working staff member (incidents are the book's,
like interactions). A partner: an incident shared with it while at least one affected
customer consents to sharing with it, and of those customers only the ones that consent
and only the fields shared with it. Everything else answers 404, so a partner cannot
learn that an incident or a customer exists."""

from __future__ import annotations

from django.http import Http404

from accord.customers.models import Customer
from accord.incidents.models import Incident, IncidentShare
from accord.incidents.queries import list_incidents_for_partner, list_visible_customers
from accord.members.models import StaffMember
from accord.partners.models import Partner


def access_incident_for_staff(staff: StaffMember, incident_id: int) -> Incident:
    if not staff.is_working:
        raise Http404("No such incident")
    incident = (
        Incident.objects.select_related("attributed_partner", "origin_partner")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None:
        raise Http404("No such incident")
    return incident


def access_incident_for_partner(partner: Partner, incident_id: int) -> Incident:
    incident = list_incidents_for_partner(partner).filter(pk=incident_id).first()
    if incident is None:
        raise Http404("No such incident")
    return incident


def access_share_for_partner(partner: Partner, incident: Incident) -> IncidentShare:
    share = IncidentShare.objects.filter(incident=incident, partner=partner).first()
    if share is None:
        raise Http404("No such incident")
    return share


def access_customer_for_partner(partner: Partner, incident: Incident, customer_id: int) -> Customer:
    for customer in list_visible_customers(incident, partner):
        if customer.pk == customer_id:
            return customer
    raise Http404("No such customer")


def access_field_for_partner(partner: Partner, field: str) -> str:
    if field not in (partner.shared_fields or []):
        raise Http404("No such field")
    return field
