"""Partner scorecards: per partner, the incidents attributed to it, how fast it
acknowledged and resolved them, the customers they hit, and their health impact: the
sentiment points its badly handled incidents cost those customers (the rule in health.py;
well-handled ones cost nothing). Also incidents attributed per partner per month."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from accord.incidents.models import Incident, IncidentCustomer, IncidentShare, Vendor
from accord.partners.models import Partner
from accord.scoring.features import INCIDENT_ACK_DAYS, INCIDENT_RESOLVE_DAYS
from accord.scoring.health import SENTIMENT_PER_POOR_PARTNER_INCIDENT

POOR_COUNTED_PER_CUSTOMER = 3  # health.sentiment_trend counts at most three


def handled_badly(
    opened: datetime, acked: datetime | None, resolved: datetime | None, now: datetime
) -> bool:
    """The scoring rule (feature_sql "incidents"): acknowledged after a day or resolved
    after a week, or not yet when that time has passed."""
    ack_by = opened + timedelta(days=INCIDENT_ACK_DAYS)
    resolve_by = opened + timedelta(days=INCIDENT_RESOLVE_DAYS)
    late_ack = acked > ack_by if acked else now > ack_by
    late_resolve = resolved > resolve_by if resolved else now > resolve_by
    return late_ack or late_resolve


def _hours(start: datetime, end: datetime | None) -> float | None:
    return (end - start).total_seconds() / 3600.0 if end else None


def list_partner_scorecards(now: datetime | None = None) -> list[dict[str, Any]]:
    now = now or timezone.now()
    incidents = list(
        Incident.objects.filter(vendor=Vendor.PARTNER).values(
            "pk", "attributed_partner_id", "opened_at", "acknowledged_at", "resolved_at"
        )
    )
    shares: dict[tuple[int, int], dict[str, Any]] = {
        (row["incident_id"], row["partner_id"]): dict(row)
        for row in IncidentShare.objects.filter(
            incident_id__in=[i["pk"] for i in incidents]
        ).values("incident_id", "partner_id", "acknowledged_at", "resolved_at")
    }
    affected: dict[int, list[int]] = defaultdict(list)
    for incident_id, customer_id in IncidentCustomer.objects.filter(
        incident_id__in=[i["pk"] for i in incidents]
    ).values_list("incident_id", "customer_id"):
        affected[incident_id].append(customer_id)
    cards = []
    for partner in Partner.objects.order_by("name"):
        mine = [i for i in incidents if i["attributed_partner_id"] == partner.pk]
        acks, fixes, customers = [], [], set()
        poor_per_customer: dict[int, int] = defaultdict(int)
        handled_well = 0
        for incident in mine:
            share: dict[str, Any] = shares.get((incident["pk"], partner.pk), {})
            acked = share.get("acknowledged_at") or incident["acknowledged_at"]
            resolved = share.get("resolved_at") or incident["resolved_at"]
            if (hours := _hours(incident["opened_at"], acked)) is not None:
                acks.append(hours)
            if (hours := _hours(incident["opened_at"], resolved)) is not None:
                fixes.append(hours)
            customers.update(affected[incident["pk"]])
            if handled_badly(incident["opened_at"], acked, resolved, now):
                for customer_id in affected[incident["pk"]]:
                    poor_per_customer[customer_id] += 1
            else:
                handled_well += 1
        impact = sum(
            min(count, POOR_COUNTED_PER_CUSTOMER) * SENTIMENT_PER_POOR_PARTNER_INCIDENT
            for count in poor_per_customer.values()
        )
        cards.append(
            {
                "partner": partner,
                "incidents": len(mine),
                "open": sum(1 for i in mine if i["resolved_at"] is None),
                "acknowledged": len(acks),
                "resolved": len(fixes),
                "median_hours_to_acknowledge": statistics.median(acks) if acks else None,
                "median_hours_to_resolve": statistics.median(fixes) if fixes else None,
                "customers": len(customers),
                "handled_well": handled_well,
                "health_impact": -impact,
            }
        )
    return cards


def list_partner_incidents_by_month(
    months: int = 12, today: date | None = None
) -> list[dict[str, Any]]:
    """Incidents attributed to each partner per calendar month (UTC), oldest first."""
    today = today or timezone.now().date()
    first = date(today.year, today.month, 1)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    starts.reverse()
    counts: dict[tuple[date, int], int] = defaultdict(int)
    rows = Incident.objects.filter(
        vendor=Vendor.PARTNER, opened_at__date__gte=starts[0]
    ).values_list("opened_at", "attributed_partner_id")
    for opened, partner_id in rows:
        counts[(date(opened.year, opened.month, 1), partner_id)] += 1
    partners = list(Partner.objects.order_by("name").values_list("pk", "name"))
    return [
        {
            "month": start,
            "counts": [counts[(start, pk)] for pk, _ in partners],
            "total": sum(counts[(start, pk)] for pk, _ in partners),
        }
        for start in starts
    ]
