"""`accord worker`: breaks overdue promises, drains the rescoring queue, sends due
webhooks and partner incident calls, and reads mailboxes every ACCORD_MAIL_POLL_SECONDS, in a loop.

No broker: the queue and the webhook outbox are tables with atomic claims, so several
workers may run at once.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.mail.sync import sync_due_mailboxes
from accord.promises.services import break_overdue_promises
from accord.scoring.incremental import drain_queue
from accord.webhooks.delivery import deliver_due
from accord.webhooks.partner_delivery import deliver_partner_due

# Webhooks sent per round: a bound, so receivers that time out cannot hold up rescoring
# for long; a full batch skips the pause so a backlog still drains quickly.
WEBHOOKS_PER_ROUND = 50


class Command(BaseCommand):
    help = (
        "Break overdue promises, rescore queued customers, send due webhooks, read due "
        "mailboxes; "
        "--once to stop when idle."
    )

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
            sent = deliver_due(WEBHOOKS_PER_ROUND)
            shared = deliver_partner_due(WEBHOOKS_PER_ROUND)
            for mailbox in sync_due_mailboxes():
                self.stdout.write(f"mail {mailbox.summary()}")
            if broken or scored or sent.claimed or shared.claimed or options["once"]:
                self.stdout.write(
                    f"broke {broken} overdue promises, rescored {scored} customers, "
                    f"webhooks: {sent.delivered} delivered, {sent.retrying} to retry, "
                    f"{sent.failed} failed"
                )
            if shared.claimed:
                self.stdout.write(
                    f"partner calls: {shared.delivered} delivered, {shared.retrying} to retry, "
                    f"{shared.failed} failed"
                )
            if options["once"]:
                return
            if max(sent.claimed, shared.claimed) < WEBHOOKS_PER_ROUND:
                time.sleep(interval)
