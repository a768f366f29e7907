"""generate_company: fill an empty database with the deterministic demo company.

Customers are generated in chunks with NumPy (one PCG64 stream per chunk, so the same
seed, size and as_of always give the same rows and ids) and written one transaction per
chunk through the domain services' bulk verbs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from accord.commerce.models import CostToServe, LoyaltyBalance, Order, Subscription
from accord.consents.models import Consent, ConsentReceipt
from accord.core.bulk import indexes_deferred, reset_sequences
from accord.customers.models import Contact, Customer, Identity
from accord.demo.models import DemoBook, PlantedSituation
from accord.demo.ownership import write_ownership
from accord.demo.people import write_people
from accord.demo.plan import make_plan
from accord.demo.promises import write_promises
from accord.demo.services import record_demo_book
from accord.demo.staff import ROSTER, Roster, build_roster, write_staff_and_partners
from accord.demo.timeline import write_timeline
from accord.demo.trade import choose_barriers, write_trade
from accord.demo.truth import write_truth
from accord.demo.voice import (
    escalate_last_week,
    write_consents,
    write_mentions,
    write_surveys,
)
from accord.interactions.models import Conversation, Interaction, Request
from accord.members.models import StaffMember
from accord.promises.models import Promise
from accord.relationships.models import (
    Handoff,
    OwnerAssignment,
    Relationship,
    StageChange,
    TeamMembership,
)
from accord.voice.models import SocialMention, SurveyResponse

CHUNK = 5_000
ID_COUNTERS = (
    "contact",
    "identity",
    "assignment",
    "handoff",
    "stage_change",
    "team",
    "interaction",
    "request",
    "conversation",
    "order",
    "subscription",
    "loyalty",
    "cost",
    "survey",
    "mention",
    "consent",
    "receipt",
    "promise",
    "planted",
)
Progress = Callable[[int, int], None]
LOADED_MODELS: list[type[models.Model]] = [
    Customer,
    Contact,
    Identity,
    Relationship,
    OwnerAssignment,
    Handoff,
    StageChange,
    TeamMembership,
    Interaction,
    Conversation,
    Request,
    Order,
    Subscription,
    LoyaltyBalance,
    CostToServe,
    SurveyResponse,
    SocialMention,
    Consent,
    ConsentReceipt,
    Promise,
    PlantedSituation,
]


class DemoError(Exception):
    """The demo company cannot be generated here; the message says why."""


@dataclass
class DemoSummary:
    customers: int
    seed: int
    as_of: datetime
    staff: int
    interactions: int = 0
    orders: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


def default_as_of() -> datetime:
    """Now, truncated to the minute (aware, UTC)."""
    return timezone.now().astimezone(UTC).replace(second=0, microsecond=0)


def generate_company(
    customers: int = 2000,
    seed: int = 42,
    as_of: datetime | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Generate the demo company into an empty, migrated database.

    Deterministic: the same (customers, seed, as_of) produce identical rows and ids.
    Commits one transaction per chunk of customers; refuses a database with customers.
    """
    as_of = _check_arguments(customers, as_of)
    started = time.perf_counter()
    now = int(as_of.timestamp())
    roster = build_roster(now)
    with transaction.atomic():
        write_staff_and_partners(now)
    summary = DemoSummary(customers=customers, seed=seed, as_of=as_of, staff=len(ROSTER))
    next_ids = dict.fromkeys(ID_COUNTERS, 1)
    # Measured: rebuilding every secondary index once beats keeping even the customer-led
    # ones live (rows arrive in customer order) by about a fifth of the total.
    deferred = indexes_deferred(LOADED_MODELS)
    with _sqlite_bulk_mode(), deferred, foreign_keys_checked_at_end(LOADED_MODELS):
        for first in range(0, customers, CHUNK):
            size = min(CHUNK, customers - first)
            rng = np.random.Generator(np.random.PCG64([seed, first // CHUNK]))
            with transaction.atomic():
                _write_chunk(rng, first + 1, size, now, roster, next_ids, summary)
            if progress is not None:
                progress(first + size, customers)
    if connection.vendor == "postgresql":
        reset_sequences(list(apps.get_models()))
    record_demo_book(seed=seed, customers=customers, as_of=as_of)
    with transaction.atomic():
        escalate_last_week(as_of)
    summary.rows = {name: count - 1 for name, count in next_ids.items()}
    summary.seconds = time.perf_counter() - started
    return summary


def _check_arguments(customers: int, as_of: datetime | None) -> datetime:
    if customers < 1:
        raise DemoError(f"customers: must be at least 1, got {customers}")
    if as_of is None:
        as_of = default_as_of()
    if timezone.is_naive(as_of):
        raise DemoError("as_of: give an aware datetime (with a time zone)")
    # Rows are generated in whole seconds; the stored as_of must be the same instant.
    as_of = as_of.replace(microsecond=0)
    if Customer.objects.exists() or StaffMember.objects.exists():
        raise DemoError("the database already has data; generate into an empty database")
    return as_of


def _write_chunk(
    rng: np.random.Generator,
    first_id: int,
    size: int,
    now: int,
    roster: Roster,
    next_ids: dict[str, int],
    summary: DemoSummary,
) -> None:
    plan = make_plan(rng, first_id, size, now, roster)
    handles = write_people(rng, plan, next_ids)
    write_ownership(rng, plan, roster, next_ids)
    summary.interactions += write_timeline(rng, plan, roster, next_ids)
    barriers = choose_barriers(rng, plan)
    summary.orders += write_trade(rng, plan, barriers, next_ids)
    write_surveys(rng, plan, next_ids)
    write_mentions(rng, plan, handles, next_ids)
    write_consents(rng, plan, next_ids)
    broken = write_promises(rng, plan, roster, next_ids)
    write_truth(plan, broken, next_ids)


@contextmanager
def foreign_keys_checked_at_end(loaded: list[type[models.Model]]) -> Iterator[None]:
    """On SQLite, check foreign keys once after the load instead of on every row."""
    disabled = connection.vendor == "sqlite" and connection.disable_constraint_checking()
    try:
        yield
    finally:
        if disabled:
            connection.enable_constraint_checking()
    if disabled:
        connection.check_constraints(table_names=[model._meta.db_table for model in loaded])


@contextmanager
def _sqlite_bulk_mode() -> Iterator[None]:
    """Load a fresh SQLite book without a durable journal or memory map, then restore.

    A crash mid-load can leave a broken file, which `accord demo --reset` replaces
    anyway; in exchange every page is written once instead of twice (WAL) and mapped
    pages of a multi-gigabyte file do not count against the generator's memory.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA mmap_size")
        row = cursor.fetchone()  # no row for an in-memory database
        previous = int(row[0]) if row else 0
        cursor.execute("PRAGMA journal_mode")
        (journal,) = cursor.fetchone()
        for pragma in ("mmap_size=0", "journal_mode=MEMORY", "synchronous=OFF"):
            cursor.execute(f"PRAGMA {pragma}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for pragma in (f"journal_mode={journal}", "synchronous=NORMAL"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.execute(f"PRAGMA mmap_size={previous}")


def current_book() -> DemoBook | None:
    return DemoBook.objects.first()
