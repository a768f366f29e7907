"""Turning references in a row into ids: owners and staff by email or name, customers by
their external id in the run's source (customers.Identity kind=external).

Both are set-based: staff are read once per run, customers once per chunk for the ids
not seen before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.customers.models import Customer, Identity, IdentityKind
from accord.imports import store
from accord.imports.specs.base import Row, Spec
from accord.members.models import StaffMember
from accord.relationships.models import Relationship

if TYPE_CHECKING:
    from accord.imports.engine import Chunk


def staff_directory() -> dict[str, int]:
    """Lower-cased email, username and full name -> staff id (email wins on a clash)."""
    directory: dict[str, int] = {}
    members = StaffMember.objects.values_list("id", "email", "username", "first_name", "last_name")
    for staff_id, _email, username, first, last in members.order_by("-id"):
        full = f"{first} {last}".strip().lower()
        if full:
            directory[full] = staff_id
        directory[username.lower()] = staff_id
    for staff_id, email, *_rest in members:
        if email:
            directory[email.lower()] = staff_id
    return directory


def resolve_staff(chunk: Chunk, spec: Spec, rows: list[Row]) -> list[Row]:
    if not spec.staff_fields:
        return rows
    directory = chunk.ctx.staff
    kept = []
    for row in rows:
        problems = []
        for spec_field in spec.staff_fields:
            name = row.values[spec_field.db_column]
            if name is None:
                continue
            staff_id = directory.get(name.lower())
            if staff_id is None:
                problems.append((spec_field.name, f"no staff member with email or name {name!r}"))
            row.values[spec_field.db_column] = staff_id
        if problems:
            chunk.fail(row.line, problems, row.original)
        else:
            kept.append(row)
    return kept


def customer_ids(chunk: Chunk, external_ids: set[str]) -> dict[str, int]:
    """Customer id of each external id in the run's source (cache, then one query)."""
    known = chunk.ctx.customers
    found = {value: known[value] for value in external_ids if value in known}
    missing = sorted(external_ids - found.keys())
    for start in range(0, len(missing), store.LOOKUP_ROWS):
        part = missing[start : start + store.LOOKUP_ROWS]
        marks = ", ".join(["%s"] * len(part))
        sql = (
            f"SELECT value, customer_id FROM {Identity._meta.db_table} "
            f"WHERE kind = %s AND source = %s AND value IN ({marks})"
        )
        for value, customer_id in store.fetch(
            sql, [IdentityKind.EXTERNAL, chunk.ctx.source, *part]
        ):
            found[value] = customer_id
            chunk.customers[value] = customer_id
    return found


def resolve_customers(chunk: Chunk, rows: list[Row]) -> list[Row]:
    wanted = {row.values["customer_external_id"] for row in rows}
    found = customer_ids(chunk, wanted)
    kept = []
    for row in rows:
        reference = row.values.pop("customer_external_id")
        customer_id = found.get(reference)
        if customer_id is None:
            why = (
                f"no customer {reference!r} from source {chunk.ctx.source!r} "
                "in the file or the book"
            )
            chunk.fail(row.line, [("customer_external_id", why)], row.original)
            continue
        row.values["customer_id"] = customer_id
        kept.append(row)
    return kept


def existing_customers(chunk: Chunk, spec: Spec, rows: list[Row]) -> store.Existing:
    """Customers keyed by their external identity, with their relationship's owner/stage."""
    found: store.Existing = {}
    selected = ", ".join(f"c.{store.quote(f.db_column)}" for f in spec.table_fields)
    for start in range(0, len(rows), store.LOOKUP_ROWS):
        part = [row.external_id for row in rows[start : start + store.LOOKUP_ROWS]]
        marks = ", ".join(["%s"] * len(part))
        sql = (
            f"SELECT i.value, c.id, r.owner_id, r.stage, {selected} "
            f"FROM {Identity._meta.db_table} i "
            f"JOIN {Customer._meta.db_table} c ON c.id = i.customer_id "
            f"LEFT JOIN {Relationship._meta.db_table} r ON r.customer_id = c.id "
            f"WHERE i.kind = %s AND i.source = %s AND i.value IN ({marks})"
        )
        for value, customer_id, owner_id, stage, *rest in store.fetch(
            sql, [IdentityKind.EXTERNAL, chunk.ctx.source, *part]
        ):
            stored = store.read_values(spec.table_fields, rest)
            stored.update(owner_id=owner_id, stage=stage)
            found[value] = (customer_id, stored)
    return found
