"""Bulk row writer that domain services use for large loads (demo books, imports), and
the two ways a large write sets indexes aside.

Rows go in as columns of equal length, bypassing model instances: executemany on
SQLite, COPY on PostgreSQL. Callers pass database-ready values (ids, strings, numbers,
dates, JSON as text).

Indexes set aside, two ways for two kinds of write:
- `indexes_deferred`: a load in one process drops every secondary index it finds in
  the catalogue (migration-made ones too) and rebuilds them from the saved statements
  when the block ends, even on error. A killed loader leaves them missing.
- `drop_meta_indexes` / `ensure_meta_indexes`: a resumable, multi-process write (the
  scoring batch) drops only the model's Meta indexes and puts back whichever are
  missing from the model's Meta, so any later run repairs what a kill left.
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
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than executemany for large loads.
            copy_columns(cursor, model._meta.db_table, list(columns), list(columns.values()))
        else:
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(name) for name in columns)
            marks = ", ".join(["%s"] * len(columns))
            # An iterator streams the rows: no list copy of a large load in memory.
            rows = zip(*columns.values(), strict=True)
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", cast(Any, rows))
    return count


# Rows per piece of COPY text: bounds what a large load holds in memory at once.
COPY_ROWS = 50_000
# Not database-ready: JSON goes in as text, binary data not at all.
_REFUSED = (bytes, bytearray, memoryview, dict, list, tuple)


def copy_columns(
    cursor: Any, table: str, names: Sequence[str], values: Sequence[Sequence[Any]]
) -> None:
    """COPY rows given column-wise (one sequence per name) into a PostgreSQL table.

    The text format is built a column at a time with str() and str.replace running in C:
    psycopg's write_row adapts value by value, which cost a quarter of a scoring batch.
    """
    quoted = ", ".join(connection.ops.quote_name(name) for name in names)
    statement = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
    count = len(values[0]) if values else 0
    with cursor.cursor.copy(statement) as copy:
        for start in range(0, count, COPY_ROWS):
            texts = [
                _copy_text(table, name, column[start : start + COPY_ROWS])
                for name, column in zip(names, values, strict=True)
            ]
            copy.write("\n".join(map("\t".join, zip(*texts, strict=True))) + "\n")


def _copy_text(table: str, name: str, values: Sequence[Any]) -> list[str]:
    """One column as COPY text values: NULL as \\N; in text, backslash, tab, newline and
    carriage return escaped (COPY reads them as separators or escapes otherwise)."""
    kinds = set(map(type, values))
    refused = [kind.__name__ for kind in kinds if issubclass(kind, _REFUSED)]
    if refused:
        raise BulkWriteError(f"{table}: column {name!r} holds {refused[0]}, not database-ready")
    nulls = type(None) in kinds
    if not nulls and not any(issubclass(kind, str) for kind in kinds):
        return list(map(str, values))  # numbers, booleans, dates: str() is COPY text
    texts = values if kinds == {str} else ["" if v is None else str(v) for v in values]
    # Escaped all at once: one join, four replaces and a split, each a C loop. NUL
    # separates the values because PostgreSQL text cannot hold it anyway.
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:
        raise BulkWriteError(f"{table}: column {name!r} holds a NUL character")
    for raw, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        joined = joined.replace(raw, escaped)
    out = joined.split("\0")
    if nulls:
        for i, value in enumerate(values):
            if value is None:
                out[i] = "\\N"
    return out


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


def _constraint_names(model: type[models.Model]) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, model._meta.db_table))


def _run_sql(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _sql_renderer() -> Any:
    """A schema editor used only to render SQL: entering one (which would run it) is
    refused inside a transaction on SQLite, and tests write inside one."""
    editor = connection.schema_editor(collect_sql=True)
    editor.deferred_sql = []  # normally set on entering
    return editor


def drop_meta_indexes(model: type[models.Model]) -> None:
    """Drop the model's Meta indexes that exist (never its key or constraints)."""
    present = _constraint_names(model)
    editor = _sql_renderer()
    indexes = [index for index in model._meta.indexes if index.name in present]
    _run_sql([str(index.remove_sql(model, editor)) for index in indexes])


def ensure_meta_indexes(model: type[models.Model]) -> list[str]:
    """Create whichever of the model's Meta indexes are missing; returns their names."""
    present = _constraint_names(model)
    editor = _sql_renderer()
    missing = [index for index in model._meta.indexes if index.name not in present]
    _run_sql([str(index.create_sql(model, editor)) for index in missing])
    return [str(index.name) for index in missing]
