"""Writing generic-format files and running `accord import` in the test process."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.management import CommandError, call_command


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_import(*args: str) -> tuple[int, str]:
    """(exit status, output) of `accord import ARGS`."""
    out = io.StringIO()
    try:
        call_command("import", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def counts_line(output: str) -> list[int]:
    """The numbers of the summary table's data row: read, created, updated, unchanged, failed."""
    for line in output.splitlines():
        cells = [cell.strip().replace(",", "") for cell in line.strip("│ ").split("│")]
        if len(cells) == 5 and all(cell.isdigit() for cell in cells):
            return [int(cell) for cell in cells]
    raise AssertionError(f"no counts in {output!r}")
