"""Erasing a customer's words from shared incidents: the problems they reported alone
lose title and description, and their name leaves the history; who caused what, when and
the counts (scorecards, health) stay."""

from __future__ import annotations

from accord.customers.models import Customer
from accord.incidents.models import Incident, IncidentCustomer, IncidentEvent, IncidentSource


def erase_incident_texts(customer_id: int) -> None:
    """Run before the customer's name is erased (the history names them by it). Idempotent."""
    name = Customer.objects.filter(pk=customer_id).values_list("name", flat=True).first()
    incident_ids = IncidentCustomer.objects.filter(customer_id=customer_id).values("incident_id")
    # Their own report (portal), if it hit nobody else: their words, nobody else's.
    alone = [
        incident.pk
        for incident in Incident.objects.filter(pk__in=incident_ids, source=IncidentSource.PORTAL)
        if incident.affected.count() == 1
    ]
    Incident.objects.filter(pk__in=alone).update(title="(erased)", description="")
    IncidentEvent.objects.filter(incident_id__in=alone, kind="opened").update(note="")
    if name:
        IncidentEvent.objects.filter(
            incident_id__in=incident_ids,
            actor_staff__isnull=True,
            actor_partner__isnull=True,
            actor_label__contains=name,
        ).update(actor_label="customer (erased)")
