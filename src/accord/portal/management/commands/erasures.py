"""`accord erasures`: list pending erasure requests with their deadline, and process them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accord.members.models import StaffMember
from accord.portal.erasure import ErasureError, list_pending_erasures, process_erasure


class Command(BaseCommand):
    help = "List pending erasure requests; --process ID or --process-all erases them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--process", type=int, metavar="ID", help="erase request ID")
        parser.add_argument("--process-all", action="store_true", help="erase every pending")
        parser.add_argument("--by", metavar="USERNAME", help="staff member doing it (audit)")

    def handle(self, *args: Any, **options: Any) -> None:
        by = self._staff(options["by"])
        if options["process"] is not None:
            ids = [options["process"]]
        elif options["process_all"]:
            ids = list(list_pending_erasures().values_list("pk", flat=True))
        else:
            self._list()
            return
        for erasure_id in ids:
            try:
                erasure = process_erasure(erasure_id, by=by)
            except ErasureError as error:
                raise CommandError(str(error)) from None
            except Exception as error:
                if type(error).__name__ == "DoesNotExist":
                    raise CommandError(f"--process: no erasure request {erasure_id}") from None
                raise
            notified = erasure.partner_notifications.count()
            self.stdout.write(
                f"erased customer {erasure.customer_id} (request {erasure.pk}); "
                f"{notified} partner(s) notified"
            )

    def _list(self) -> None:
        now = timezone.now()
        pending = list(list_pending_erasures())
        if not pending:
            self.stdout.write("no pending erasure requests")
        for erasure in pending:
            late = " OVERDUE" if erasure.due_at < now else ""
            self.stdout.write(
                f"{erasure.pk}\tcustomer {erasure.customer_id}\t"
                f"requested {erasure.requested_at:%Y-%m-%d}\tdue {erasure.due_at:%Y-%m-%d}{late}"
            )

    def _staff(self, username: str | None) -> StaffMember | None:
        if not username:
            return None
        staff = StaffMember.objects.filter(username=username).first()
        if staff is None:
            raise CommandError(f"--by: no staff member {username!r}")
        return staff
