"""The error report: one CSV line per problem: line, column, message, then the original
row's own columns (so the fixed rows can be imported again).

Cells a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return) are prefixed with a single quote, so opening the report executes nothing.
"""

from __future__ import annotations

import csv
from typing import IO

from accord.imports.models import ImportRowError, ImportRun

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = ["line", "column", "message"]


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_error_report(run: ImportRun, out: IO[str]) -> int:
    """Write the run's row errors as CSV in file order; returns the number of problems."""
    errors = ImportRowError.objects.filter(run=run).order_by("line", "id")
    columns: dict[str, None] = {}
    for original in errors.values_list("original", flat=True).iterator(chunk_size=2000):
        columns.update(dict.fromkeys(name for name, _value in original or []))
    # A source column named like ours ("message") must not hide the report's own.
    names = [name for name in columns if name not in HEADER]
    writer = csv.writer(out)
    writer.writerow([safe_cell(name) for name in HEADER + names])
    count = 0
    for error in errors.iterator(chunk_size=2000):
        original = dict(error.original or [])
        cells = [error.line, error.column, error.message, *(original.get(n, "") for n in names)]
        writer.writerow([safe_cell(cell) for cell in cells])
        count += 1
    return count
