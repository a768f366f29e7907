"""A plain customer book for bench/web.py when `accord demo` is not available.

Bulk inserts customers with their relationship, active owner assignment and email
identity, spread evenly over 40 owners; deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accord.customers.models import Customer, Identity
from accord.members.models import StaffMember
from accord.relationships.models import OwnerAssignment, Relationship, Stage

FIRST = ["Ada", "Ben", "Chloé", "Dev", "Eva", "Femi", "Gus", "Hana", "Ivo", "Jae", "Kim", "Lea"]
LAST = ["Adler", "Bauer", "Costa", "Dubois", "Evans", "Fofana", "Gray", "Haas", "Ito", "Jansen"]
CITIES = [("Lyon", "FR"), ("Porto", "PT"), ("Leeds", "GB"), ("Graz", "AT"), ("Malmö", "SE")]
OWNERS = 40
CHUNK = 5000


def _owners(password: str) -> list[StaffMember]:
    hashed = make_password(password)
    StaffMember.objects.bulk_create(
        StaffMember(
            username=f"owner{number:02d}",
            first_name=FIRST[number % len(FIRST)],
            last_name=f"Owner{number:02d}",
            password=hashed,
            function="success",
        )
        for number in range(OWNERS)
    )
    return list(StaffMember.objects.filter(username__startswith="owner").order_by("username"))


def _chunk(start: int, size: int, owners: list[StaffMember], rng: random.Random) -> None:
    epoch = datetime(2023, 1, 1, tzinfo=UTC)
    customers = []
    for number in range(start, start + size):
        city, country = rng.choice(CITIES)
        customers.append(
            Customer(
                kind="organization" if number % 5 == 0 else "person",
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}",
                email=f"customer{number}@example.test",
                city=city,
                country=country,
                created_at=epoch + timedelta(minutes=number),
            )
        )
    Customer.objects.bulk_create(customers)
    stages = Stage.values
    relationships = Relationship.objects.bulk_create(
        Relationship(
            customer=customer,
            owner=owners[customer.pk % len(owners)],
            stage=stages[customer.pk % len(stages)],
            started_at=customer.created_at,
            stage_changed_at=customer.created_at,
        )
        for customer in customers
    )
    OwnerAssignment.objects.bulk_create(
        OwnerAssignment(
            customer_id=relationship.customer_id,
            relationship=relationship,
            owner=relationship.owner,
            started_at=relationship.started_at,
            reason="first owner",
        )
        for relationship in relationships
    )
    Identity.objects.bulk_create(
        Identity(customer=customer, kind="email", value=customer.email) for customer in customers
    )


def build_book(customers: int, password: str, seed: int = 42) -> None:
    """Fill an empty migrated database with `customers` customers and 40 owners."""
    rng = random.Random(seed)
    with transaction.atomic():
        owners = _owners(password)
    for start in range(0, customers, CHUNK):
        with transaction.atomic():
            _chunk(start, min(CHUNK, customers - start), owners, rng)
