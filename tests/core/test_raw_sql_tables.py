"""Every table a raw SQL string names exists: a renamed table fails here, not in a query.

Raw SQL takes its table names from `Model._meta.db_table` (accord.core.tables); this
catches a name still written out by hand that no model has any more.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.apps import apps

import accord

SOURCE = Path(accord.__file__).parent
# A table name after an SQL keyword, in upper case as the code writes SQL; a name built
# with a formatted part (a temporary `load_{table}`) is not one to look up.
NAMED = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z][a-z0-9_]*)(?![\w{])")
# The databases' own catalogs and functions that SQL here reads.
CATALOGS = {"sqlite_master", "pg_indexes", "pg_constraint", "pg_class", "generate_series"}


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """The constant text of every string and f-string (a formatted part reads as {})."""
    found = []
    parts = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    for node in ast.walk(tree):
        if id(node) in parts:
            continue  # read with its f-string
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
            )
            found.append((node.lineno, text))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
    return found


def unknown_tables(text: str, known: set[str]) -> set[str]:
    return {name for name in NAMED.findall(text) if name not in known | CATALOGS}


def _known() -> set[str]:
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return tables | {"django_migrations", "django_session", "django_content_type"}


def test_the_scan_finds_a_table_no_model_has() -> None:
    assert unknown_tables("SELECT id FROM interaction_gone WHERE x = 1", _known()) == {
        "interaction_gone"
    }


def test_raw_sql_names_only_tables_that_exist() -> None:
    known = _known()
    problems = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for line, text in _strings(ast.parse(path.read_text(), str(path))):
            for name in sorted(unknown_tables(text, known)):
                problems.append(f"{path.relative_to(SOURCE)}:{line} names table {name!r}")
    assert problems == []
