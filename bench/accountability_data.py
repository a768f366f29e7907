"""Bulk data for bench/accountability.py: a book of N customers with dated interactions.

Rows are generated with NumPy from a fixed seed and inserted with executemany (SQLite)
or COPY (PostgreSQL); no services, because only the shape of the tables matters here.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

AS_OF = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
FUNCTIONS = ["sales", "marketing", "service", "support", "success", "billing"]
KINDS = [
    "request",
    "offer",
    "renewal",
    "pricing",
    "upsell",
    "support",
    "complaint",
    "praise",
    "billing",
    "onboarding",
    "other",
]
CHANNELS = ["email", "call", "chat", "ticket", "portal", "social"]
CHUNK = 50_000


def stamp(seconds: np.ndarray, vendor: str) -> list[str]:
    """Datetimes as each backend stores them (SQLite: Django's naive UTC text)."""
    base = AS_OF.timestamp()
    suffix = "+00" if vendor == "postgresql" else ""
    return [
        datetime.fromtimestamp(base - s, UTC).strftime("%Y-%m-%d %H:%M:%S") + suffix
        for s in seconds.tolist()
    ]


def insert_rows(table: str, columns: list[str], rows: list[tuple], vendor: str) -> None:
    from django.db import connection

    if vendor == "postgresql":
        raw = connection.connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                rows[start : start + CHUNK],
            )


def build_book(customers: int, per_customer: int, vendor: str) -> dict[str, int]:
    """Staff, customers, relationships, owners, hand-offs, requests and interactions."""
    from django.db import transaction

    rng = np.random.default_rng(1)
    day = 86_400
    staff_count = max(20, customers // 200)
    with transaction.atomic():
        staff_functions = [FUNCTIONS[i % len(FUNCTIONS)] for i in range(staff_count)]
        active = rng.random(staff_count) > 0.02
        insert_rows(
            "members_staff_member",
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "function",
                "role",
                "title",
                "phone",
            ],
            [
                (
                    i + 1,
                    "!",
                    False,
                    f"staff{i}",
                    f"Staff{i}",
                    "Bench",
                    "",
                    False,
                    bool(active[i]),
                    stamp(np.array([900 * day]), vendor)[0],
                    staff_functions[i],
                    "manager" if i == 0 else "member",
                    "",
                    "",
                )
                for i in range(staff_count)
            ],
            vendor,
        )
        owner = rng.integers(1, staff_count + 1, customers)
        created = rng.integers(100 * day, 1000 * day, customers)
        created_at = stamp(created, vendor)
        insert_rows(
            "customers_customer",
            ["id", "kind", "name", "email", "phone", "city", "country", "created_at"],
            [
                (c + 1, "person", f"Customer {c:06d}", "", "", "", "", created_at[c])
                for c in range(customers)
            ],
            vendor,
        )
        stages = rng.choice(
            ["active", "onboarding", "renewal", "at_risk", "departed"],
            customers,
            p=[0.6, 0.1, 0.1, 0.1, 0.1],
        )
        insert_rows(
            "relationships_relationship",
            ["id", "customer_id", "stage", "started_at", "stage_changed_at", "owner_id"],
            [
                (c + 1, c + 1, str(stages[c]), created_at[c], created_at[c], int(owner[c]))
                for c in range(customers)
            ],
            vendor,
        )
        insert_rows(
            "relationships_owner_assignment",
            ["customer_id", "relationship_id", "owner_id", "started_at", "reason"],
            [(c + 1, c + 1, int(owner[c]), created_at[c], "first owner") for c in range(customers)],
            vendor,
        )
        handed = rng.choice(customers, customers // 10, replace=False)
        handoff_at = stamp(rng.integers(1 * day, 90 * day, len(handed)), vendor)
        insert_rows(
            "relationships_handoff",
            [
                "customer_id",
                "from_owner_id",
                "to_owner_id",
                "reason",
                "note",
                "occurred_at",
                "open_promises_carried",
            ],
            [
                (int(c) + 1, None, int(owner[c]), "bench", "", handoff_at[i], 0)
                for i, c in enumerate(handed)
            ],
            vendor,
        )
        asked = rng.choice(customers, customers // 2, replace=False)
        asked_at = stamp(rng.integers(0, 60 * day, len(asked)), vendor)
        insert_rows(
            "interactions_conversation",
            ["id", "customer_id", "kind", "subject", "status", "opened_at", "last_activity_at"],
            [
                (i + 1, int(c) + 1, "request", "Question", "open", asked_at[i], asked_at[i])
                for i, c in enumerate(asked)
            ],
            vendor,
        )
        insert_rows(
            "interactions_request",
            [
                "customer_id",
                "conversation_id",
                "channel",
                "received_by_function",
                "kind",
                "subject",
                "body",
                "status",
                "assigned_to_id",
                "received_at",
                "due_at",
            ],
            [
                (
                    int(c) + 1,
                    i + 1,
                    "email",
                    "support",
                    "request",
                    "Question",
                    "",
                    "open",
                    int(owner[c]),
                    asked_at[i],
                    asked_at[i],
                )
                for i, c in enumerate(asked)
            ],
            vendor,
        )
    total = customers * per_customer
    for start in range(0, total, 500_000):
        n = min(500_000, total - start)
        customer = (np.arange(start, start + n) // per_customer) + 1
        inbound = rng.random(n) < 0.45
        by_owner = rng.random(n) < 0.6
        staff = np.where(by_owner, owner[customer - 1], rng.integers(1, staff_count + 1, n))
        at = stamp(rng.integers(0, 1000 * day, n), vendor)
        kind = rng.integers(0, len(KINDS), n)
        channel = rng.integers(0, len(CHANNELS), n)
        rows = [
            (
                int(customer[i]),
                CHANNELS[channel[i]],
                "inbound" if inbound[i] else "outbound",
                "" if inbound[i] else staff_functions[staff[i] - 1],
                None if inbound[i] else int(staff[i]),
                at[i],
                KINDS[kind[i]],
                "Bench touch",
                "",
                "bench",
            )
            for i in range(n)
        ]
        with transaction.atomic():
            insert_rows(
                "interactions_interaction",
                [
                    "customer_id",
                    "channel",
                    "direction",
                    "function",
                    "staff_id",
                    "occurred_at",
                    "kind",
                    "subject",
                    "body",
                    "source",
                ],
                rows,
                vendor,
            )
    return {"staff": staff_count, "customers": customers, "interactions": total}
