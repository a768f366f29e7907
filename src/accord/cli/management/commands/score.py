"""`accord score`: rescore the whole book in chunks with a progress bar; resumable.

A run killed part-way (even with kill -9) continues from its checkpoint when started
again with the same --as-of; --as-of demo uses the demo book's "now".
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from accord.scoring.batch import DEFAULT_CHUNK, run_batch


def parse_as_of(raw: str | None) -> datetime:
    """ISO date or datetime (UTC when no zone is given), "demo", or now when absent."""
    if not raw:
        return timezone.now()
    if raw == "demo":
        from accord.demo.models import DemoBook

        book = DemoBook.objects.order_by("-id").first()
        if book is None:
            raise CommandError("--as-of demo: there is no demo book in this database")
        return book.as_of
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            f"--as-of: {raw!r} is not an ISO date or datetime (e.g. 2026-11-01T00:00:00+00:00)"
        ) from None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = "Rescore every customer (health, equity, CLV, segment) in resumable chunks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help='score as of this ISO time, or "demo" (default: now)')
        parser.add_argument(
            "--chunk-size", type=int, default=DEFAULT_CHUNK, help="customers per chunk"
        )
        parser.add_argument(
            "--keep-clv-model",
            action="store_true",
            help="reuse the latest fitted CLV parameters instead of refitting on the book",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=(os.cpu_count() or 1) + 1,
            help="processes scoring chunks side by side (default: one per CPU, plus one "
            "to use the CPU while the others wait for the database)",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: object, **options: object) -> None:
        chunk = int(options["chunk_size"])  # type: ignore[call-overload]
        if chunk < 1:
            raise CommandError(f"--chunk-size: must be at least 1, got {chunk}")
        workers = int(options["workers"])  # type: ignore[call-overload]
        if workers < 1:
            raise CommandError(f"--workers: must be at least 1, got {workers}")
        as_of = parse_as_of(options["as_of"])  # type: ignore[arg-type]
        refit = not options["keep_clv_model"]
        if options["quiet"]:
            run = run_batch(as_of, chunk_size=chunk, refit=refit, workers=workers)
        else:
            columns = (
                TextColumn("scoring"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            with Progress(*columns) as bar:
                task = bar.add_task("score", total=None)

                def advance(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                run = run_batch(
                    as_of, chunk_size=chunk, refit=refit, workers=workers, progress=advance
                )
        self.stdout.write(
            f"scored {run.customers_scored} customers as of {as_of.isoformat()} (run {run.pk})"
        )
