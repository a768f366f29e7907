"""`accord export`: every entity in the generic import format, as JSON Lines and CSV.

Each record's external_id is its Accord id and references use the customer's id, so a
fresh Accord that imports the files (customers first) holds the same data. Owners and
staff are written as their email (their username when they have none): staff accounts
are not exported, the receiving Accord matches them by email.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import Q, QuerySet

from accord.customers.models import Customer
from accord.imports.specs import all_specs
from accord.imports.specs.base import Spec
from accord.members.models import StaffMember

EXPORT_BATCH = 5000


class ExportError(ValueError):
    """A filter that cannot be understood; the message shows the accepted forms."""


def customer_filter(text: str | None) -> Q:
    """`ids:1,2,3`, `owner:EMAIL`, `stage:active` or `name:TEXT` (contains)."""
    if not text:
        return Q()
    how, _colon, value = text.partition(":")
    value = value.strip()
    if how == "ids" and value:
        try:
            return Q(pk__in=[int(part) for part in value.split(",") if part.strip()])
        except ValueError:
            raise ExportError(f"--customers ids: {value!r} is not a list of ids") from None
    if how == "owner" and value:
        return Q(relationship__owner__email__iexact=value)
    if how == "stage" and value:
        return Q(relationship__stage=value)
    if how == "name" and value:
        return Q(name__icontains=value)
    raise ExportError(
        f"--customers: {text!r}; use ids:1,2,3 or owner:EMAIL or stage:STAGE or name:TEXT"
    )


def cell(value: Any) -> str:
    """A stored value as the generic format writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


@dataclass
class ExportSummary:
    counts: dict[str, int]


def staff_names() -> dict[int, str]:
    return {
        staff_id: email or username
        for staff_id, email, username in StaffMember.objects.values_list("id", "email", "username")
    }


def _records(
    spec: Spec, customers: QuerySet[Customer], staff: dict[int, str]
) -> Iterator[list[str]]:
    """One list of generic cells per record, in the spec's column order."""
    plain = [f.db_column for f in spec.fields if f.kind != "staff" and not f.relational]
    people = [f.db_column for f in spec.fields if f.kind == "staff"]
    if spec.entity == "customers":
        query = customers.values_list("pk", *plain, "relationship__stage", "relationship__owner_id")
    else:
        query = spec.model.objects.filter(customer__in=customers).values_list(  # type: ignore[attr-defined]
            "pk", "customer_id", *plain, *people
        )
    for record in query.order_by("pk").iterator(chunk_size=EXPORT_BATCH):
        if spec.entity == "customers":
            pk, *values, stage, owner_id = record
            yield [str(pk), *map(cell, values), stage or "", staff.get(owner_id, "")]
            continue
        pk, customer_id, *values = record
        plain_values, staff_ids = values[: len(plain)], values[len(plain) :]
        yield [
            str(pk),
            str(customer_id),
            *map(cell, plain_values),
            *(staff.get(staff_id, "") if staff_id else "" for staff_id in staff_ids),
        ]


def _columns(spec: Spec) -> list[str]:
    """Generic column names in the order _records writes them."""
    head = ["external_id"] + (["customer_external_id"] if spec.references_customer else [])
    plain = [f.name for f in spec.fields if f.kind != "staff" and not f.relational]
    if spec.entity == "customers":
        return head + plain + ["stage", "owner_email"]
    return head + plain + [f.name for f in spec.fields if f.kind == "staff"]


def export_all(directory: Path, customer_query: str | None = None) -> ExportSummary:
    """Write <kind>.jsonl and <kind>.csv for every kind into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    customers = Customer.objects.filter(customer_filter(customer_query))
    staff = staff_names()
    counts = {}
    for kind, spec in all_specs().items():
        columns = _columns(spec)
        with (
            (directory / f"{kind}.jsonl").open("w", encoding="utf-8") as lines,
            (directory / f"{kind}.csv").open("w", encoding="utf-8", newline="") as table,
        ):
            counts[kind] = _write(spec, columns, customers, staff, lines, table)
    return ExportSummary(counts)


def _write(
    spec: Spec,
    columns: list[str],
    customers: QuerySet[Customer],
    staff: dict[int, str],
    lines: IO[str],
    table: IO[str],
) -> int:
    writer = csv.writer(table)
    writer.writerow(columns)
    count = 0
    for cells in _records(spec, customers, staff):
        writer.writerow(cells)
        lines.write(json.dumps(dict(zip(columns, cells, strict=True)), ensure_ascii=False))
        lines.write("\n")
        count += 1
    return count
