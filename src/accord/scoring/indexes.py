"""The score table's secondary indexes, set aside while a full-book batch rewrites it.

A batch rewrites every row. Kept in place, each index costs an insert per row (on
PostgreSQL every updated row version gets a new entry in every index; on SQLite the
writes queue behind one lock): at a million customers about 12 s of CPU on PostgreSQL
and 6 s on SQLite's single writer, against about 1 s to build them again from the
finished table. Rebuilding is driven by the model's Meta, so a run killed in between
leaves nothing lost: the next batch (resumed or new) puts back whatever is missing.
Meanwhile the lists read by health or segment scan the table instead.
"""

from __future__ import annotations

from django.db import connection

from accord.scoring.models import CustomerScore


def _existing() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, CustomerScore._meta.db_table))


def _run(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _sql_renderer():
    """A schema editor used only to render SQL: entering one (which would run it) is
    refused inside a transaction on SQLite, and tests score inside one."""
    editor = connection.schema_editor(collect_sql=True)
    editor.deferred_sql = []  # normally set on entering
    return editor


def drop_score_indexes() -> None:
    """Drop the score table's Meta indexes that exist (never its key or constraints)."""
    present = _existing()
    editor = _sql_renderer()
    indexes = [index for index in CustomerScore._meta.indexes if index.name in present]
    _run([str(index.remove_sql(CustomerScore, editor)) for index in indexes])


def ensure_score_indexes() -> list[str]:
    """Create whichever Meta indexes are missing; returns their names."""
    present = _existing()
    editor = _sql_renderer()
    missing = [index for index in CustomerScore._meta.indexes if index.name not in present]
    _run([str(index.create_sql(CustomerScore, editor)) for index in missing])
    return [str(index.name) for index in missing]
