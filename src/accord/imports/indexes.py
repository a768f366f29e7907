"""Secondary indexes set aside during a large import and rebuilt once at its end.

Updating four indexes row by row in random key order costs more than building them
once from sorted data. The unique indexes stay (they are the upsert keys). The index
definitions are committed on the run row before the drop, so if the import is killed the
next import (accord.imports.services.mark_dead_runs) rebuilds them.
"""

from __future__ import annotations

from django.db import connection, models

Saved = list[list[str]]  # [[name, CREATE INDEX statement], ...]


def droppable_indexes(model: type[models.Model]) -> Saved:
    """Non-unique secondary indexes of the model's table, with their definitions."""
    table = model._meta.db_table
    if connection.vendor == "sqlite":
        sql = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name = %s ORDER BY name"
        )
    else:
        sql = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint) "
            "ORDER BY indexname"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [table])
        found = cursor.fetchall()
    return [[name, statement] for name, statement in found if " UNIQUE " not in statement.upper()]


def drop_indexes(saved: Saved) -> None:
    with connection.cursor() as cursor:
        for name, _statement in saved:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")


def restore_indexes(saved: Saved) -> None:
    """Create the indexes again (those still there are left alone)."""
    with connection.cursor() as cursor:
        for _name, statement in saved:
            cursor.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
