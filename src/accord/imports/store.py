"""Set-based reads and bulk writes of one chunk: existing records by key, inserts, updates.

One query finds every existing record of a chunk (a VALUES list joined on the unique
key, so each row is one index probe); inserts go through accord.core.bulk (COPY or
executemany); updates are one executemany. No query per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection, models

from accord.core.bulk import insert_columns
from accord.imports import dbvalues
from accord.imports.models import ExternalKey
from accord.imports.specs.base import Field, Row, Spec

if TYPE_CHECKING:
    from accord.imports.engine import Chunk

Existing = dict[str, tuple[int, dict[str, Any]]]
# Each statement stays far below SQLite's 32,766 parameters.
LOOKUP_ROWS = 4000


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def values_list(rows: Sequence[Sequence[Any]]) -> tuple[str, list[Any]]:
    """`(VALUES (%s, %s), ...)` and its flat parameters, for joining on a compound key."""
    width = len(rows[0])
    mark = "(" + ", ".join(["%s"] * width) + ")"
    params = [value for row in rows for value in row]
    return "(VALUES " + ", ".join([mark] * len(rows)) + ")", params


def value_column(index: int) -> str:
    """SQLite names the columns of a VALUES list column1..., PostgreSQL column1 too."""
    return f"column{index + 1}"


def read_values(fields: Sequence[Field], row: Sequence[Any]) -> dict[str, Any]:
    return row_reader(fields)(row)


def row_reader(fields: Sequence[Field]) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """Stored values -> clean values keyed by column, with the converters looked up once
    (a re-run reads every row of the file back)."""
    plan = [(f.db_column, dbvalues.reader(f.kind, f.places)) for f in fields]
    names = [name for name, _read in plan]
    converted = [(i, read) for i, (_name, read) in enumerate(plan) if read is not dbvalues.same]

    def read(row: Sequence[Any]) -> dict[str, Any]:
        values = list(row[: len(names)])
        for index, convert in converted:
            values[index] = convert(values[index])
        return dict(zip(names, values, strict=False))

    return read


def _selected(spec: Spec, alias: str) -> str:
    return ", ".join(f"{alias}.{quote(f.db_column)}" for f in spec.table_fields)


def existing_native(chunk: Chunk, spec: Spec, rows: list[Row]) -> Existing:
    """Records of tables keyed by (customer_id, source, external_id) themselves."""
    table = quote(spec.model._meta.db_table)
    found: Existing = {}
    read = row_reader(spec.table_fields)
    for start in range(0, len(rows), LOOKUP_ROWS):
        part = rows[start : start + LOOKUP_ROWS]
        keys, params = values_list([(row.values["customer_id"], row.external_id) for row in part])
        sql = (
            f"SELECT t.id, t.external_id, {_selected(spec, 't')} FROM {keys} AS v "
            f"JOIN {table} t ON t.customer_id = v.column1 AND t.source = %s "
            "AND t.external_id = v.column2"
        )
        for object_id, external_id, *stored in fetch(sql, [*params, chunk.ctx.source]):
            found[external_id] = (object_id, read(stored))
    return found


def existing_keyed(chunk: Chunk, spec: Spec, rows: list[Row]) -> Existing:
    """Records found through imports.ExternalKey; keys whose record was deleted go."""
    table = quote(spec.model._meta.db_table)
    found: Existing = {}
    stale: list[str] = []
    for start in range(0, len(rows), LOOKUP_ROWS):
        part = [row.external_id for row in rows[start : start + LOOKUP_ROWS]]
        marks = ", ".join(["%s"] * len(part))
        sql = (
            f"SELECT k.external_id, t.id, t.customer_id, {_selected(spec, 't')} "
            f"FROM {quote(ExternalKey._meta.db_table)} k LEFT JOIN {table} t ON t.id = k.object_id "
            f"WHERE k.entity = %s AND k.source = %s AND k.external_id IN ({marks})"
        )
        for external_id, object_id, customer_id, *stored in fetch(
            sql, [spec.entity, chunk.ctx.source, *part]
        ):
            if object_id is None:
                stale.append(external_id)
                continue
            values = read_values(spec.table_fields, stored)
            values["customer_id"] = customer_id
            found[external_id] = (object_id, values)
    if stale:
        ExternalKey.objects.filter(
            entity=spec.entity, source=chunk.ctx.source, external_id__in=stale
        ).delete()
    return found


def existing_natural(spec: Spec, rows: list[Row]) -> dict[tuple[Any, ...], tuple[int, dict]]:
    """Records that match a row's natural key (e.g. a contact's customer and email)."""
    table = quote(spec.model._meta.db_table)
    found: dict[tuple[Any, ...], tuple[int, dict]] = {}
    for start in range(0, len(rows), LOOKUP_ROWS):
        part = [tuple(row.values[c] for c in spec.natural) for row in rows[start:][:LOOKUP_ROWS]]
        keys, params = values_list(part)
        on = " AND ".join(
            f"t.{quote(column)} = v.{value_column(i)}" for i, column in enumerate(spec.natural)
        )
        natural = ", ".join(f"t.{quote(c)}" for c in spec.natural)
        sql = (
            f"SELECT t.id, t.customer_id, {natural}, {_selected(spec, 't')} "
            f"FROM {keys} AS v JOIN {table} t ON {on}"
        )
        width = len(spec.natural)
        for object_id, customer_id, *rest in fetch(sql, params):
            values = read_values(spec.table_fields, rest[width:])
            values["customer_id"] = customer_id
            found[tuple(rest[:width])] = (object_id, values)
    return found


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for rows about to be bulk-inserted, safe against other writers.

    PostgreSQL draws them from the table's sequence. SQLite's IMMEDIATE transactions hold
    the database's write lock from BEGIN, so nobody else can insert until the commit.
    """
    if count == 0:
        return []
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        rows = fetch(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in rows]
    ((highest,),) = fetch(f"SELECT COALESCE(MAX(id), 0) FROM {quote(table)}", [])
    return list(range(highest + 1, highest + 1 + count))


def stored_columns(spec: Spec, rows: list[Row], vendor: str) -> dict[str, list[Any]]:
    """The spec's stored fields, column-wise, as database parameters."""
    columns: dict[str, list[Any]] = {}
    for spec_field in spec.table_fields:
        write = dbvalues.writer(spec_field.kind, vendor)
        name = spec_field.db_column
        if write is dbvalues.same:
            columns[name] = [row.values[name] for row in rows]
        else:
            columns[name] = [write(row.values[name]) for row in rows]
    return columns


def insert_rows(
    chunk: Chunk, spec: Spec, rows: list[Row], extra: dict[str, list[Any]] | None = None
) -> None:
    if not rows:
        return
    vendor = chunk.ctx.vendor
    columns = {**stored_columns(spec, rows, vendor), **(extra or {})}
    count = len(rows)
    for name, value in spec.columns_fixed.items():
        columns[name] = [value] * count
    for name in spec.stamped:
        columns[name] = [dbvalues.writer("datetime", vendor)(chunk.ctx.now)] * count
    if spec.references_customer:
        columns["customer_id"] = [row.values["customer_id"] for row in rows]
    if spec.key == "native":
        columns["source"] = [chunk.ctx.source] * count
        columns["external_id"] = [row.external_id for row in rows]
        insert_columns(spec.model, columns)
        return
    ids = allocate_ids(spec.model, count)
    for row, object_id in zip(rows, ids, strict=True):
        row.object_id = object_id
    insert_columns(spec.model, {"id": ids, **columns})
    write_keys(chunk, spec, rows)


def write_keys(chunk: Chunk, spec: Spec, rows: list[Row]) -> None:
    count = len(rows)
    if not count:
        return
    insert_columns(
        ExternalKey,
        {
            "entity": [spec.entity] * count,
            "source": [chunk.ctx.source] * count,
            "external_id": [row.external_id for row in rows],
            "object_id": [row.object_id for row in rows],
        },
    )


def update_rows(chunk: Chunk, spec: Spec, rows: list[Row]) -> None:
    """Rewrite every compared column of changed records (one executemany)."""
    if not rows:
        return
    names = [f.db_column for f in spec.table_fields if f.compared]
    if spec.references_customer and spec.key != "native":
        names.append("customer_id")
    update_by_id(spec.model, names, rows, chunk.ctx.vendor, spec)


def update_by_id(
    model: type[models.Model], names: list[str], rows: list[Row], vendor: str, spec: Spec
) -> None:
    kinds = {f.db_column: f.kind for f in spec.stored}
    writers = [dbvalues.writer(kinds.get(name, "text"), vendor) for name in names]
    assignments = ", ".join(f"{quote(name)} = %s" for name in names)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE id = %s"
    params = [
        [write(row.values[name]) for name, write in zip(names, writers, strict=True)]
        + [row.object_id]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
