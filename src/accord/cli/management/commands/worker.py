"""`accord worker`: breaks overdue promises and drains the rescoring queue, in a loop.

No broker: the queue is a table with atomic claims, so several workers may run at once.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.promises.services import break_overdue_promises
from accord.scoring.incremental import drain_queue


class Command(BaseCommand):
    help = "Break overdue promises and rescore queued customers; --once to stop when idle."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one round, then exit")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between rounds")

    def handle(self, *args: object, **options: object) -> None:
        interval = float(options["interval"])  # type: ignore[arg-type]
        if interval <= 0:
            raise CommandError(f"--interval: must be above 0 seconds, got {interval}")
        while True:
            broken = break_overdue_promises()
            scored = drain_queue()
            if broken or scored or options["once"]:
                self.stdout.write(f"broke {broken} overdue promises, rescored {scored} customers")
            if options["once"]:
                return
            time.sleep(interval)
