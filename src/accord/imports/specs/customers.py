"""Customers: keyed by their external identity (customers.Identity kind=external, source),
opened with a relationship whose owner and OwnerAssignment agree.

A customer without an owner in the file is imported orphaned: no active assignment, so
accord.relationships.gaps lists it, and the run counts it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.core import validation
from accord.core.bulk import insert_columns
from accord.customers.models import Customer, CustomerKind, Identity, IdentityKind
from accord.customers.validators import CUSTOMER_FIELDS, clean_stage
from accord.imports import cleaning, dbvalues, store
from accord.imports.specs.base import Field, Row, Spec
from accord.relationships.models import OwnerAssignment, Relationship, Stage, StageChange

if TYPE_CHECKING:
    from accord.imports.engine import Chunk

IMPORT_REASON = "imported"


class CustomerSpec(Spec):
    def insert(self, chunk: Chunk, rows: list[Row]) -> None:
        if not rows:
            return
        ctx = chunk.ctx
        for row in rows:
            row.values["created_at"] = row.values["created_at"] or ctx.now
        ids = store.allocate_ids(Customer, len(rows))
        for row, customer_id in zip(rows, ids, strict=True):
            row.object_id = customer_id
            chunk.customers[row.external_id] = customer_id
        insert_columns(Customer, {"id": ids, **store.stored_columns(self, rows, ctx.vendor)})
        _write_identities(chunk, rows)
        _open_relationships(chunk, rows)

    def update(self, chunk: Chunk, rows: list[Row]) -> None:
        if not rows:
            return
        names = [f.db_column for f in self.table_fields if f.compared]
        store.update_by_id(Customer, names, rows, chunk.ctx.vendor, self)
        _change_stages(chunk, [r for r in rows if r.values["stage"] != r.stored["stage"]])
        _change_owners(chunk, [r for r in rows if r.values["owner_id"] != r.stored["owner_id"]])


def _write_identities(chunk: Chunk, rows: list[Row]) -> None:
    """The external-id key, and the email as an identity when no one holds it yet."""
    ctx = chunk.ctx
    now = dbvalues.writer("datetime", ctx.vendor)(ctx.now)
    identities: list[tuple[int, str, str, str]] = [
        (row.object_id or 0, IdentityKind.EXTERNAL, ctx.source, row.external_id) for row in rows
    ]
    emails = {row.values["email"] for row in rows if row.values["email"]}
    taken = set(
        Identity.objects.filter(kind=IdentityKind.EMAIL, source="", value__in=emails).values_list(
            "value", flat=True
        )
    )
    for row in rows:
        email = row.values["email"]
        if email and email not in taken:
            taken.add(email)
            identities.append((row.object_id or 0, IdentityKind.EMAIL, "", email))
    customer, kind, source, value = zip(*identities, strict=True)
    insert_columns(
        Identity,
        {
            "customer_id": customer,
            "kind": kind,
            "source": source,
            "value": value,
            "created_at": [now] * len(identities),
        },
    )


def _open_relationships(chunk: Chunk, rows: list[Row]) -> None:
    write_time = dbvalues.writer("datetime", chunk.ctx.vendor)
    ids = store.allocate_ids(Relationship, len(rows))
    started = [write_time(row.values["created_at"]) for row in rows]
    customers = [row.object_id for row in rows]
    insert_columns(
        Relationship,
        {
            "id": ids,
            "customer_id": customers,
            "stage": [row.values["stage"] for row in rows],
            "started_at": started,
            "stage_changed_at": started,
            "owner_id": [row.values["owner_id"] for row in rows],
        },
    )
    owned = [i for i, row in enumerate(rows) if row.values["owner_id"] is not None]
    chunk.orphaned += len(rows) - len(owned)
    insert_columns(
        OwnerAssignment,
        {
            "customer_id": [customers[i] for i in owned],
            "relationship_id": [ids[i] for i in owned],
            "owner_id": [rows[i].values["owner_id"] for i in owned],
            "started_at": [started[i] for i in owned],
            "reason": [IMPORT_REASON] * len(owned),
        },
    )
    insert_columns(
        StageChange,
        {
            "customer_id": customers,
            "from_stage": [""] * len(rows),
            "to_stage": [row.values["stage"] for row in rows],
            "reason": [IMPORT_REASON] * len(rows),
            "occurred_at": started,
        },
    )


def _id(row: Row) -> int:
    assert row.object_id is not None  # set for every stored or inserted row
    return row.object_id


def _change_stages(chunk: Chunk, rows: list[Row]) -> None:
    if not rows:
        return
    now = chunk.ctx.now
    for row in rows:
        Relationship.objects.filter(customer_id=_id(row)).update(
            stage=row.values["stage"], stage_changed_at=now
        )
    StageChange.objects.bulk_create(
        StageChange(
            customer_id=_id(row),
            from_stage=row.stored["stage"] or "",
            to_stage=row.values["stage"],
            reason=IMPORT_REASON,
            occurred_at=now,
        )
        for row in rows
    )


def _change_owners(chunk: Chunk, rows: list[Row]) -> None:
    """End the active assignment, start the file's owner's (or none: orphaned)."""
    if not rows:
        return
    now = chunk.ctx.now
    customers = [row.object_id for row in rows]
    OwnerAssignment.objects.filter(customer_id__in=customers, ended_at__isnull=True).update(
        ended_at=now
    )
    relationships = dict(
        Relationship.objects.filter(customer_id__in=customers).values_list("customer_id", "id")
    )
    assignments = []
    for row in rows:
        owner_id: Any = row.values["owner_id"]
        Relationship.objects.filter(customer_id=_id(row)).update(owner_id=owner_id)
        if owner_id is None:
            chunk.orphaned += 1
        elif row.object_id in relationships:
            assignments.append(
                OwnerAssignment(
                    customer_id=row.object_id,
                    relationship_id=relationships[row.object_id],
                    owner_id=owner_id,
                    started_at=now,
                    reason=IMPORT_REASON,
                )
            )
    OwnerAssignment.objects.bulk_create(assignments)


CUSTOMERS = CustomerSpec(
    entity="customers",
    model=Customer,
    key="customer",
    references_customer=False,
    fields=(
        Field("kind", CUSTOMER_FIELDS["kind"], default=CustomerKind.PERSON),
        Field("name", CUSTOMER_FIELDS["name"], required=True),
        Field("email", CUSTOMER_FIELDS["email"]),
        Field("phone", CUSTOMER_FIELDS["phone"]),
        Field("city", CUSTOMER_FIELDS["city"]),
        Field("country", CUSTOMER_FIELDS["country"]),
        Field(
            "created_at",
            validation.aware_datetime("created_at"),
            kind="datetime",
            default=None,
            compared=False,
        ),
        Field("stage", clean_stage, default=Stage.PROSPECT, relational=True),
        Field(
            "owner_email",
            cleaning.long_text,
            kind="staff",
            column="owner_id",
            default=None,
            relational=True,
        ),
    ),
)
