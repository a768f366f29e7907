"""Bulk row writer that domain services use for large loads (demo books, imports).

Rows go in as columns of equal length, bypassing model instances: executemany on
SQLite, COPY on PostgreSQL. Callers pass database-ready values (ids, strings, numbers).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

from django.db import connection, models, transaction

# Column name (the database column, e.g. "customer_id") -> one value per row.
Columns = Mapping[str, Sequence[Any]]


class BulkWriteError(ValueError):
    """Columns that do not fit the table; the message names the table and column."""


def _check_columns(model: type[models.Model], columns: Columns) -> int:
    table = model._meta.db_table
    known = {field.column for field in model._meta.concrete_fields}
    lengths = set()
    for name, values in columns.items():
        if name not in known:
            raise BulkWriteError(f"{table}: unknown column {name!r}")
        lengths.add(len(values))
    if len(lengths) > 1:
        raise BulkWriteError(f"{table}: columns have different lengths {sorted(lengths)}")
    return lengths.pop() if lengths else 0


def insert_columns(model: type[models.Model], columns: Columns) -> int:
    """Insert the rows given column-wise into the model's table; returns the row count.

    Joins the caller's transaction (or opens one). No model validation, no signals, no
    auto_now: the caller supplies every NOT NULL column, ids included when it wants
    them deterministic (then reset sequences afterwards on PostgreSQL).
    """
    count = _check_columns(model, columns)
    if count == 0:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    rows = zip(*columns.values(), strict=True)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than executemany for large loads.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            # An iterator streams the rows: no list copy of a large load in memory.
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", cast(Any, rows))
    return count


def reset_sequences(models_to_reset: Sequence[type[models.Model]]) -> None:
    """After inserting explicit ids, move PostgreSQL sequences past the highest id."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(models_to_reset))
    if not statements:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _secondary_indexes(tables: Sequence[str], keep: Sequence[str]) -> list[tuple[str, str]]:
    """(name, CREATE statement) of droppable indexes: not primary keys or constraints."""
    marks = ", ".join(["%s"] * len(tables))
    if connection.vendor == "sqlite":
        sql = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY name"
        )
    else:
        sql = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            f"AND tablename IN ({marks}) AND indexname NOT IN (SELECT conname FROM pg_constraint) "
            "ORDER BY indexname"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(tables))
        return [
            (name, statement)
            for name, statement in cursor.fetchall()
            if _leading_column(statement) not in keep
        ]


def _leading_column(statement: str) -> str:
    """The first indexed column of a CREATE INDEX statement (SQLite or PostgreSQL)."""
    columns = statement[statement.index("(") + 1 :]
    return columns.split(",")[0].split(")")[0].strip().strip('"')


@contextmanager
def indexes_deferred(
    models_to_load: Sequence[type[models.Model]], keep_leading: Sequence[str] = ()
) -> Iterator[None]:
    """Drop the tables' secondary indexes for a large load and rebuild them afterwards.

    Building an index once is cheaper than updating it row by row in random key order.
    Indexes led by a column in `keep_leading` stay: when rows arrive in that column's
    order, updating them is an append. Unique indexes rebuilt are re-checked. Must run
    outside a transaction; the tables should be private to the loader meanwhile.
    """
    tables = [model._meta.db_table for model in models_to_load]
    saved = _secondary_indexes(tables, keep_leading)
    with connection.cursor() as cursor:
        for name, _statement in saved:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, statement in saved:
                cursor.execute(statement)
            if connection.vendor == "postgresql":
                # Fresh statistics: until autovacuum gets to a freshly loaded table the
                # planner guesses (630 assignments per customer on the 100k demo book),
                # and those guesses priced My book's gap queries high enough for JIT
                # compilation: 8 s instead of 0.9 s.
                for table in tables:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
