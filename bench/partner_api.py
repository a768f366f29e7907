"""Benchmark: the consent-scoped partner API against the staff API on the same incidents.

    .venv/bin/python bench/partner_api.py --incidents 20000 --customers-per-incident 3 --runs 15

Builds a fresh SQLite book in a temporary folder (or uses DATABASE_URL): customers, half
of them consenting to share with the partner, incidents shared with it. Times, through
Django's test client (no network), medians of --runs: the partner's list (consent read
per incident and customer) and one incident, next to the staff API's answer for the same
incident (no consent check) measured in the same run as the baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_ms(call, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = call()
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
    return statistics.median(timings)


def build(incidents: int, per_incident: int) -> tuple[int, str, str]:
    from django.utils import timezone

    from accord.consents.models import Consent
    from accord.customers.models import Customer, Identity
    from accord.incidents.models import Incident, IncidentCustomer, IncidentShare
    from accord.members.models import Role, StaffMember
    from accord.members.services import issue_api_token
    from accord.partners.services import issue_partner_token, save_partner

    now = timezone.now()
    staff = StaffMember.objects.create_user(
        username="bench", password="x", function="management", role=Role.MANAGER
    )
    partner = save_partner({"name": "NetCo", "role": "network", "shared_fields": ["name"]}, by=None)
    count = incidents * per_incident
    Customer.objects.bulk_create(
        Customer(kind="person", name=f"Customer {i}", created_at=now) for i in range(count)
    )
    ids = list(Customer.objects.order_by("pk").values_list("pk", flat=True))
    Identity.objects.bulk_create(
        Identity(customer_id=cid, kind="external", source=partner.slug, value=f"REF-{cid}")
        for cid in ids
    )
    Consent.objects.bulk_create(
        Consent(customer_id=cid, purpose="partner_sharing", partner=partner,
                is_granted=i % 2 == 0, recorded_at=now, method="bench")
        for i, cid in enumerate(ids)
    )  # fmt: skip
    Incident.objects.bulk_create(
        Incident(title=f"Outage {i}", source="staff", vendor="partner",
                 attributed_partner=partner, opened_at=now)
        for i in range(incidents)
    )  # fmt: skip
    incident_ids = list(Incident.objects.order_by("pk").values_list("pk", flat=True))
    IncidentCustomer.objects.bulk_create(
        IncidentCustomer(incident_id=iid, customer_id=ids[n * per_incident + k], added_at=now)
        for n, iid in enumerate(incident_ids)
        for k in range(per_incident)
    )
    IncidentShare.objects.bulk_create(
        IncidentShare(incident_id=iid, partner=partner, shared_at=now) for iid in incident_ids
    )
    partner_token = issue_partner_token(partner=partner, name="bench").plaintext
    staff_token = issue_api_token(staff=staff, name="bench").plaintext
    return incident_ids[len(incident_ids) // 2], partner_token, staff_token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=20000)
    parser.add_argument("--customers-per-incident", type=int, default=3)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("ACCORD_VAR_DIR", tempfile.mkdtemp(prefix="accord-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    incident_id, partner_token, staff_token = build(args.incidents, args.customers_per_incident)
    built = time.perf_counter() - started
    client = Client()

    def get(path: str, token: str):
        return lambda: client.get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {token}")

    baseline = median_ms(get(f"/incidents/{incident_id}", staff_token), args.runs)
    one = median_ms(get(f"/partner/incidents/{incident_id}", partner_token), args.runs)
    listing = median_ms(get("/partner/incidents", partner_token), args.runs)
    load = os.getloadavg()[0]
    print(f"{args.incidents} incidents x {args.customers_per_incident} customers, built in "
          f"{built:.1f} s, load average {load:.1f}, medians of {args.runs}")  # fmt: skip
    print(f"| measure | ms | / baseline |\n|---|---|---|\n| staff GET /incidents/{{id}} "
          f"(baseline) | {baseline:.1f} | 1.00 |")  # fmt: skip
    print(f"| partner GET /partner/incidents/{{id}} | {one:.1f} | {one / baseline:.2f} |")
    print(f"| partner GET /partner/incidents (500) | {listing:.1f} | {listing / baseline:.2f} |")


if __name__ == "__main__":
    main()
