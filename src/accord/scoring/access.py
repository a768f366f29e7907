"""Who may handle an alert: the customer's owner, team and managers; others get 404."""

from __future__ import annotations

from django.http import Http404

from accord.members.models import StaffMember
from accord.relationships.access import access_relationship_for_team_work
from accord.scoring.models import Alert


def access_alert_for_team_work(staff: StaffMember, alert_id: int) -> Alert:
    """The alert (with its customer) if `staff` may handle it, else Http404."""
    alert = Alert.objects.select_related("customer").filter(pk=alert_id).first()
    if alert is None:
        raise Http404("No such alert")
    # Handling an alert is work on the customer.
    access_relationship_for_team_work(staff, alert.customer_id)
    return alert
