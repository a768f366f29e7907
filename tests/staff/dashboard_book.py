"""A small company scored on three days two weeks apart, for the dashboard tests.

Maria manages; Bob and Dan sell, Carol supports. Twelve customers in several stages,
with orders, surveys, a locking contract (a hostage), and company promises kept and
broken by Bob, Carol and Dan. Batches run 14 days ago, 7 days ago and now, so the
weekly trend has three points and the gap counts three days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accord.customers.models import Customer
from accord.handovers.endings import change_stage
from accord.members.models import StaffMember
from accord.promises.services import break_promise, keep_promise, make_promise
from accord.scoring.batch import run_batch
from tests.conftest import make_staff
from tests.scoring.factories import add_contract, add_orders, add_survey, make_customer

# (name, owner, stage, order days ago, nps, csat, sentiment, hostage contract)
CUSTOMERS = (
    ("Ada Apostle", "bob", "active", [600, 300, 15], 10, 5, 0.9, False),
    ("Ben Buyer", "bob", "active", [500, 250, 120, 20], 8, 4, 0.4, False),
    ("Cid Held", "bob", "renewal", [600, 300, 15], 2, 1, -0.6, True),
    ("Dee Drift", "bob", "at_risk", [700, 500, 400], 1, 1, -0.7, False),
    ("Eve Early", "dan", "onboarding", [30], 7, 4, 0.2, False),
    ("Fay Fan", "dan", "active", [400, 200, 100, 10], 9, 5, 0.8, False),
    ("=Gil Formula", "dan", "prospect", [], 5, 3, 0.0, False),
    ("Hal Help", "carol", "active", [300, 150, 40], 6, 3, 0.1, False),
    ("Ivy Idle", "carol", "at_risk", [900, 800], 3, 2, -0.3, False),
    ("Jon Locked", "carol", "renewal", [500, 200, 30], 1, 2, -0.5, True),
    ("Kim Keen", "carol", "active", [200, 100, 5], 10, 5, 0.7, False),
    ("Lou Lost", "dan", "departed", [800], 2, 1, -0.4, False),
)
# (customer, who promised, kept?)
PROMISES = (
    ("Ada Apostle", "bob", True),
    ("Ben Buyer", "bob", True),
    ("Cid Held", "bob", False),
    ("Fay Fan", "dan", True),
    ("Eve Early", "dan", False),
    ("Hal Help", "carol", True),
    ("Kim Keen", "carol", True),
    ("Ivy Idle", "carol", True),
    ("Jon Locked", "carol", False),
)


@dataclass
class Book:
    now: datetime
    staff: dict[str, StaffMember]
    customers: dict[str, Customer]


def build_book() -> Book:
    now = timezone.now().replace(microsecond=0)
    staff = {
        "maria": make_staff("maria", function="management", role="manager"),
        "bob": make_staff("bob", function="sales"),
        "dan": make_staff("dan", function="sales"),
        "carol": make_staff("carol", function="support"),
    }
    customers: dict[str, Customer] = {}
    start = now - timedelta(days=14)
    for name, owner, stage, orders, nps, csat, sentiment, locked in CUSTOMERS:
        customer = make_customer(staff[owner], name, start)
        customers[name] = customer
        if stage != "active":
            change_stage(customer_id=customer.pk, to_stage=stage, reason="test book", by=None)
        add_orders(customer.pk, start, orders)
        add_survey(customer.pk, start - timedelta(days=9), nps, csat, sentiment)
        if locked:
            add_contract(customer.pk, start, months_left=20, fee=350)
    for name, who, kept in PROMISES:
        promise = make_promise(
            customer_id=customers[name].pk,
            made_by_side="company",
            kind="callback",
            description=f"Call {name} back",
            due_at=start - timedelta(days=1),
            staff=staff[who],
            made_at=start - timedelta(days=3),
        )
        resolve = keep_promise if kept else break_promise
        resolve(promise.pk, at=start - timedelta(days=2))
    for days_ago in (14, 7, 0):
        run_batch(now - timedelta(days=days_ago))
    return Book(now=now, staff=staff, customers=customers)
