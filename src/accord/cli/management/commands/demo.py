"""`accord demo`: migrate, then generate the deterministic demo company (once).

Re-running on a loaded database says so and changes nothing; --reset wipes the data
(deletes the SQLite file, or flushes the tables on PostgreSQL) and regenerates.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from accord.customers.models import Customer
from accord.demo.generate import DemoError, DemoSummary, current_book, generate_company
from accord.demo.staff import DEMO_TOTP_SECRET

LOGINS = (
    "Staff login:     http://127.0.0.1:8000/login/   maria / accord-demo (manager), "
    "oliver / accord-demo (owner)",
    f"Second factor:   managers' authenticator secret {DEMO_TOTP_SECRET} (demo only; "
    f"add it to an authenticator app, or: oathtool --totp -b {DEMO_TOTP_SECRET})",
    "Customer portal: http://127.0.0.1:8000/portal/  ada@example.com",
)


def _as_of(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            f"--as-of: {raw!r} is not an ISO date-time, e.g. 2026-11-01T12:00:00+00:00"
        ) from None
    if value.tzinfo is None:
        raise CommandError(f"--as-of: {raw!r} has no time zone; add +00:00")
    return value


class Command(BaseCommand):
    help = "Create the database, migrate and load the demo company (once; --reset to redo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--customers", type=int, default=2000, help="default 2000")
        parser.add_argument("--seed", type=int, default=42, help="default 42")
        parser.add_argument("--reset", action="store_true", help="wipe the data and regenerate")
        parser.add_argument(
            "--no-score", action="store_true", help="skip scoring the book after generating it"
        )
        parser.add_argument(
            "--as-of", type=_as_of, default=None, help="the book's 'now' (default: this minute)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["customers"] < 1:
            raise CommandError(f"--customers: must be at least 1, got {options['customers']}")
        if options["reset"]:
            self._wipe()
        call_command("migrate", verbosity=0, interactive=False)
        if not options["reset"] and self._already_loaded():
            return
        summary = self._generate(options)
        self.stdout.write(
            f"Generated {summary.customers:,} customers, {summary.interactions:,} interactions "
            f"and {summary.orders:,} orders in {summary.seconds:.1f} s "
            f"(seed {summary.seed}, as of {summary.as_of:%Y-%m-%d %H:%M} UTC)."
        )
        # Bulk loading skips the per-event rescoring, so score the whole book once here:
        # the demo should open with health, segments and hostages already filled in.
        if not options["no_score"]:
            call_command("score", "--as-of", "demo", "--quiet", stdout=self.stdout)
        for line in LOGINS:
            self.stdout.write(line)

    def _already_loaded(self) -> bool:
        book = current_book()
        if book is not None:
            self.stdout.write(
                f"The demo company is already loaded ({book.customers:,} customers, seed "
                f"{book.seed}); use --reset to regenerate."
            )
        elif Customer.objects.exists():
            self.stdout.write(
                f"The database already holds {Customer.objects.count():,} customers that are "
                "not a demo book; use --reset to replace them with the demo company."
            )
        else:
            return False
        for line in LOGINS:
            self.stdout.write(line)
        return True

    def _generate(self, options: dict[str, Any]) -> DemoSummary:
        total = options["customers"]
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=None,
            disable=not self.stdout.isatty(),
        ) as bar:
            task = bar.add_task("Generating customers", total=total)

            def advance(done: int, total: int) -> None:
                # After the last chunk the generator rebuilds indexes and checks keys.
                label = "Building indexes" if done == total else "Generating customers"
                bar.update(task, completed=done, description=label)

            try:
                return generate_company(
                    customers=total,
                    seed=options["seed"],
                    as_of=options["as_of"],
                    progress=advance,
                )
            except DemoError as error:
                raise CommandError(str(error)) from None

    def _wipe(self) -> None:
        """Delete the SQLite file (fast at any size) or flush every table elsewhere."""
        name = str(connection.settings_dict["NAME"])
        # The test runner's SQLite lives in memory ("file:memorydb_...?mode=memory").
        in_memory = name == ":memory:" or "mode=memory" in name
        if connection.vendor == "sqlite" and not in_memory:
            connections.close_all()
            for suffix in ("", "-wal", "-shm"):
                Path(name + suffix).unlink(missing_ok=True)
            return
        call_command("migrate", verbosity=0, interactive=False)
        call_command("flush", verbosity=0, interactive=False)
