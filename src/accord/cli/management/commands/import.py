"""`accord import KIND FILE`: load a CSV, JSON Lines or XLSX file with a progress bar,
print the counts, write the error report. `accord import all EXPORT` takes a whole export
(a Salesforce Data Export ZIP or folder, a folder of HubSpot files) object by object in
dependency order. Exit status 0: every row landed; 1: some rows failed (or nothing landed
with --all-or-nothing); 2: the import could not start.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn
from rich.table import Table

from accord.imports.bundles import BundleError, plan, unpacked
from accord.imports.mapping import MappingError, load_mapping
from accord.imports.models import ImportRun, ImportStatus
from accord.imports.preview import preview_file
from accord.imports.report import write_error_report
from accord.imports.services import FORMATS, ImportSetupError, create_run, execute_run
from accord.imports.specs import all_specs


class Command(BaseCommand):
    help = "Import customers, interactions, orders... from a CSV or JSON Lines file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            choices=[*all_specs(), "all"],
            help="what the file holds; all: every object of an export ZIP or folder",
        )
        parser.add_argument("file")
        parser.add_argument("--format", choices=FORMATS, default="generic")
        parser.add_argument("--mapping", help="TOML file renaming columns to generic fields")
        parser.add_argument("--source", help="system the ids come from (default: the format)")
        parser.add_argument("--dry-run", action="store_true", help="validate, write nothing")
        parser.add_argument(
            "--all-or-nothing", action="store_true", help="land nothing if any row fails"
        )
        parser.add_argument("--errors", help="where to write the error report CSV")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if options["kind"] == "all":
            self._import_export(path, options)
            return
        try:
            mapping = load_mapping(options["mapping"]) if options["mapping"] else None
        except MappingError as error:
            raise CommandError(str(error), returncode=2) from None
        run = self._import_file(path, options["kind"], options["format"], options, mapping)
        if run.status == ImportStatus.FAILED or run.failed:
            raise CommandError(run.message or f"{run.failed:,} rows failed", returncode=1)

    def _import_export(self, path: Path, options: dict[str, Any]) -> None:
        """Every object of an export, in the order their references need."""
        console = Console(file=cast(IO[str], self.stdout), highlight=False)
        wanted = "" if options["format"] == "generic" else options["format"]
        try:
            with unpacked(path) as folder:
                found = plan(folder, wanted)
                for name, why in found.ignored.items():
                    console.print(f"not imported: {name}: {why}")
                failed = []
                for step in found.steps:
                    report = f"{path}.{step.path.stem}-{step.kind}.errors.csv"
                    run = self._import_file(
                        step.path,
                        step.kind,
                        step.format,
                        {**options, "errors": report, "announce_failure": True},
                        None,
                    )
                    if run.status == ImportStatus.FAILED or run.failed:
                        failed.append(f"{step.path.name} as {step.kind}")
        except (BundleError, OSError) as error:
            raise CommandError(str(error), returncode=2) from None
        if failed:
            raise CommandError(f"rows failed in {', '.join(failed)}", returncode=1)

    def _import_file(
        self, path: Path, kind: str, format: str, options: dict[str, Any], mapping: Any
    ) -> ImportRun:
        try:
            run = create_run(
                path,
                kind,
                format=format,
                source=options["source"],
                dry_run=options["dry_run"],
                all_or_nothing=options["all_or_nothing"],
            )
        except ImportSetupError as error:
            raise CommandError(str(error), returncode=2) from None
        console = Console(file=cast(IO[str], self.stdout), highlight=False)
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            TaskProgressColumn(),
            "{task.fields[rows]} rows",
            TimeElapsedColumn(),
            console=console,
            disable=not self.stdout.isatty(),
        ) as bar:
            task = bar.add_task(f"Importing {run.kind}", total=max(run.total_lines, 1), rows=0)

            def advance(current: ImportRun) -> None:
                bar.update(task, completed=current.checkpoint_line, rows=f"{current.read:,}")

            try:
                run = execute_run(run, path, mapping=mapping, progress=advance)
            except ImportSetupError as error:
                raise CommandError(str(error), returncode=2) from None
        console.print(_summary(run))
        if run.dry_run:
            _print_ignored_columns(console, path, run)
        if run.message and not (run.failed or run.status == ImportStatus.FAILED):
            console.print(run.message)
        if run.status == ImportStatus.FAILED and options.get("announce_failure"):
            console.print(run.message)
        if run.failed:
            self._write_report(run, options["errors"] or f"{path}.errors.csv", console)
        return run

    def _write_report(self, run: ImportRun, target: str, console: Console) -> None:
        with open(target, "w", encoding="utf-8", newline="") as out:
            count = write_error_report(run, out)
        console.print(f"{count:,} problems in {run.failed:,} rows: error report {target}")


def _summary(run: ImportRun) -> Table:
    title = f"Import {run.pk}: {run.kind} from {run.file_name} (source {run.source})"
    if run.dry_run:
        title += " - dry run, nothing written"
    table = Table(title=title)
    for name in ("read", "created", "updated", "unchanged", "failed"):
        table.add_column(name, justify="right")
    table.add_row(
        *(f"{getattr(run, n):,}" for n in ("read", "created", "updated", "unchanged", "failed"))
    )
    if run.orphaned:
        table.caption = (
            f"{run.orphaned:,} relationships have no accountable owner: see `accord gaps`"
        )
    return table


def _print_ignored_columns(console: Console, path: Path, run: ImportRun) -> None:
    """What a dry run shows besides the counts: the file's columns nobody reads (never an
    error: exports carry hundreds of properties Accord has no place for)."""
    try:
        columns = preview_file(path, format=run.format, kind=run.kind, limit=0).columns
    except (OSError, ValueError):
        return
    ignored = [name for name, feeds in columns if not feeds]
    if ignored:
        console.print(
            f"{len(ignored)} of {len(columns)} columns not imported: {', '.join(ignored)}"
        )
