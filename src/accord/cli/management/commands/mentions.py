"""`accord mentions import FILE`: social mentions from a CSV or JSON Lines file.

Each post is stored once (platform and post id): importing the same file again changes
nothing. Bad lines are listed with their line number and written to FILE.errors.csv;
the good lines land. Exit code 1 when any line failed.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn
from rich.table import Table

from accord.imports.mentions import IngestResult, ingest_file

SHOWN_PROBLEMS = 20


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


class Command(BaseCommand):
    help = "Import social mentions (CSV or JSON Lines); matched to customers, read, escalated."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        take = actions.add_parser("import", help="import mentions from a CSV or JSON Lines file")
        take.add_argument("file")
        take.add_argument("--errors", default="", help="error report path (FILE.errors.csv)")
        take.add_argument(
            "--platform", default="", help="platform of records that do not name one (x, ...)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=2)
        console = Console(file=cast(IO[str], self.stdout), highlight=False)
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not self.stdout.isatty(),
        ) as bar:
            task = bar.add_task("Importing mentions", total=max(_count_lines(path), 1))
            result = ingest_file(
                path,
                progress=lambda line: bar.update(task, completed=line),
                platform=options["platform"].strip().lower(),
            )
        console.print(_summary(result, path))
        if result.problems:
            target = options["errors"] or f"{path}.errors.csv"
            _write_report(result, target)
            for problem in result.problems[:SHOWN_PROBLEMS]:
                where = f" ({problem.column})" if problem.column else ""
                console.print(f"line {problem.line}{where}: {problem.message}")
            more = len(result.problems) - SHOWN_PROBLEMS
            if more > 0:
                console.print(f"... and {more:,} more")
            console.print(f"error report: {target}")
            raise CommandError(f"{result.failed:,} lines failed", returncode=1)


def _summary(result: IngestResult, path: Path) -> Table:
    table = Table(title=f"Mentions from {path.name}")
    names = ("read", "created", "repeated", "matched", "unmatched", "escalations", "failed")
    for name in names:
        table.add_column(name, justify="right")
    table.add_row(*(f"{getattr(result, name):,}" for name in names))
    table.caption = "repeated: already stored, unchanged; unmatched: waiting in the mentions inbox"
    return table


def _write_report(result: IngestResult, target: str) -> None:
    with open(target, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["line", "column", "message"])
        for problem in result.problems:
            writer.writerow([problem.line, problem.column, problem.message])
