"""`accord worker`: breaks overdue promises, drains the rescoring queue, sends due
webhooks and partner incident calls, and reads mailboxes every ACCORD_MAIL_POLL_SECONDS, in a loop.

No broker: the queue and the webhook outbox are tables with atomic claims, so several
workers may run at once. A customer whose scoring raises is reported and retried later
(back-off); SIGTERM or Ctrl-C lets the current customer finish, then the worker exits 0.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

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
        stop = threading.Event()
        previous = self._on_stop_signals(stop)
        try:
            self._loop(stop, interval, once=bool(options["once"]))
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def _on_stop_signals(self, stop: threading.Event) -> dict[int, Any]:
        def request_stop(number: int, frame: FrameType | None) -> None:
            self.stderr.write(f"{signal.Signals(number).name}: stopping after this customer")
            stop.set()

        if threading.current_thread() is not threading.main_thread():
            return {}  # signals can only be handled in the main thread (call_command in tests)
        return {
            number: signal.signal(number, request_stop)
            for number in (signal.SIGTERM, signal.SIGINT)
        }

    def _loop(self, stop: threading.Event, interval: float, *, once: bool) -> None:
        if not once:
            self.stdout.write("worker running (SIGTERM or Ctrl-C stops it cleanly)")
            self.stdout.flush()
        while not stop.is_set():
            broken = break_overdue_promises()
            drained = drain_queue(should_stop=stop.is_set)
            for failure in drained.failed:
                self.stderr.write(
                    f"scoring customer {failure.customer_id} failed ({failure.error}); "
                    f"skipped, retried after {failure.retry_at:%Y-%m-%d %H:%M:%S} UTC"
                )
            if stop.is_set():
                break
            sent = deliver_due(WEBHOOKS_PER_ROUND)
            shared = deliver_partner_due(WEBHOOKS_PER_ROUND)
            for mailbox in sync_due_mailboxes():
                self.stdout.write(f"mail {mailbox.summary()}")
            if broken or drained.scored or drained.failed or sent.claimed or once:
                failed = f", {len(drained.failed)} failed" if drained.failed else ""
                self.stdout.write(
                    f"broke {broken} overdue promises, rescored {drained.scored} customers"
                    f"{failed}, webhooks: {sent.delivered} delivered, {sent.retrying} to "
                    f"retry, {sent.failed} failed"
                )
            if shared.claimed:
                self.stdout.write(
                    f"partner calls: {shared.delivered} delivered, {shared.retrying} to retry, "
                    f"{shared.failed} failed"
                )
            if once:
                return
            if max(sent.claimed, shared.claimed) < WEBHOOKS_PER_ROUND:
                stop.wait(interval)  # wakes at once on SIGTERM
        self.stdout.write("worker stopped")
