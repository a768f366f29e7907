"""`accord export [--customers FILTER] DIR`: everything as JSON Lines and CSV in the generic
import format (docs/imports.md), so `accord import` of the files round-trips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.imports.export import ExportError, export_all


class Command(BaseCommand):
    help = "Export every entity as JSON Lines and CSV in the generic import format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")
        parser.add_argument(
            "--customers",
            help="only these customers: ids:1,2,3 | owner:EMAIL | stage:STAGE | name:TEXT",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        try:
            summary = export_all(directory, options["customers"])
        except ExportError as error:
            raise CommandError(str(error), returncode=2) from None
        except OSError as error:
            raise CommandError(f"{directory}: {error.strerror or error}", returncode=2) from None
        for kind, count in summary.counts.items():
            self.stdout.write(f"{kind:<14} {count:>10,}  {directory / kind}.jsonl, .csv")
