"""Partner scorecards through the pages: the figures equal what the test computes itself
from the incidents it arranged (counts, medians, customers, health impact)."""

from __future__ import annotations

import re
import statistics
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from accord.incidents.models import Incident, IncidentShare
from accord.incidents.services import Actor, attribute_incident, open_incident
from tests.incidents.conftest import Partners

HOUR = timedelta(hours=1)


def arrange(partners: Partners, partner, customers, opened_days_ago, ack_hours, fix_hours):
    """An incident attributed to `partner`, with its times set as given (None: not yet)."""
    incident = open_incident(
        {"title": "x", "customer_ids": [c.pk for c in customers]}, actor=Actor(label="t")
    )
    attribute_incident(
        incident, {"vendor": "partner", "partner_id": partner.pk}, actor=Actor(label="t")
    )
    opened = timezone.now() - timedelta(days=opened_days_ago)
    acked = opened + ack_hours * HOUR if ack_hours is not None else None
    fixed = opened + fix_hours * HOUR if fix_hours is not None else None
    Incident.objects.filter(pk=incident.pk).update(
        opened_at=opened,
        acknowledged_at=acked,
        resolved_at=fixed,
        status="resolved" if fixed else "acknowledged" if acked else "open",
    )
    IncidentShare.objects.filter(incident=incident, partner=partner).update(
        acknowledged_at=acked, resolved_at=fixed
    )
    return {"customers": {c.pk for c in customers}, "ack": ack_hours, "fix": fix_hours}


def expected(rows):
    def bad(row):
        late_ack = row["ack"] is None or row["ack"] > 24
        late_fix = row["fix"] is None or row["fix"] > 7 * 24
        return late_ack or late_fix

    acks = [r["ack"] for r in rows if r["ack"] is not None]
    fixes = [r["fix"] for r in rows if r["fix"] is not None]
    poor: dict[int, int] = {}
    for row in rows:
        if bad(row):
            for customer in row["customers"]:
                poor[customer] = poor.get(customer, 0) + 1
    return [
        str(len(rows)),
        str(sum(1 for r in rows if r["fix"] is None)),
        f"{statistics.median(acks):.1f}" if acks else "—",
        f"{statistics.median(fixes):.1f}" if fixes else "—",
        str(len(set().union(*(r["customers"] for r in rows)))),
        str(sum(1 for r in rows if not bad(r))),
        str(-sum(min(n, 3) * 4 for n in poor.values())),
    ]


def cells(page: str, partner_id: int) -> list[str]:
    row = re.search(rf'<tr data-partner="{partner_id}">(.*?)</tr>', page, re.S)
    assert row, page
    return re.findall(r'<td class="num">([^<]*)</td>', row.group(1))


def test_scorecard_figures_equal_independent_counts(partners: Partners, bob) -> None:
    net_rows = [
        arrange(partners, partners.net, [partners.ada], 10, 2, 30),
        arrange(partners, partners.net, [partners.ada, partners.ben], 20, 72, None),
        arrange(partners, partners.net, [partners.ben], 40, 5, 200),
    ]
    dev_rows = [arrange(partners, partners.dev, [partners.cyd], 5, 1, 5)]
    client = Client()
    client.force_login(bob)
    page = client.get("/partners/scorecards/").content.decode()
    assert cells(page, partners.net.pk) == expected(net_rows)
    assert cells(page, partners.dev.pk) == expected(dev_rows)
    dashboard = client.get("/dashboard/").content.decode()
    assert '<svg id="partner-chart"' in dashboard
    assert 'data-label="NetCo" data-value="3 (2 customers)"' in dashboard
    assert 'data-label="DevCo" data-value="1 (1 customers)"' in dashboard
    month_table = dashboard[dashboard.index('id="scorecard-month-table"') :]
    totals = re.findall(r'<td class="num">(\d+)</td></tr>', month_table)
    assert sum(map(int, totals)) == 4
