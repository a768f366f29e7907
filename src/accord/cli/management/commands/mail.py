"""`accord mail add|list|remove|sync`: the IMAP mailboxes whose mail Accord captures.

Passwords are read from an environment variable, standard input or a prompt, never from
the command line (other users of the machine can read command lines in `ps`), and are
never printed back.
"""

from __future__ import annotations

import getpass
import os
import signal
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.core.validation import ValidationProblem
from accord.mail.models import Mailbox, Security
from accord.mail.services import add_mailbox, remove_mailbox
from accord.mail.sync import SYNC_ERRORS, list_mailboxes, sync_mailbox, watch_mailbox
from accord.members.models import StaffMember


class Command(BaseCommand):
    help = "Add, list and remove IMAP mailboxes; sync them once or keep watching (--idle)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="add a mailbox, or change the one with this name")
        add.add_argument("name")
        add.add_argument("--host", required=True)
        add.add_argument("--port", type=int, help="default 993 for tls, 143 otherwise")
        add.add_argument("--security", choices=Security.values, default=Security.TLS)
        add.add_argument("--user", required=True, help="IMAP login")
        secret = add.add_mutually_exclusive_group()
        secret.add_argument("--password-env", metavar="VAR", help="read the password from $VAR")
        secret.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        add.add_argument(
            "--folder", action="append", dest="folders", help="repeat for several (INBOX)"
        )
        add.add_argument("--address", default="", help="the mailbox's own email address")
        add.add_argument("--staff", default="", help="username of the staff member it belongs to")
        actions.add_parser("list", help="list mailboxes (never their passwords)")
        remove = actions.add_parser("remove", help="stop reading a mailbox")
        remove.add_argument("name")
        sync = actions.add_parser("sync", help="capture new mail from every active mailbox")
        sync.add_argument("--mailbox", action="append", dest="mailboxes", help="only this one")
        sync.add_argument("--idle", action="store_true", help="keep watching until stopped")
        sync.add_argument("--rounds", type=int, help="with --idle: stop after N more syncs")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "add":
                self._add(options)
            elif action == "list":
                self._list()
            elif action == "remove":
                remove_mailbox(name=options["name"])
                self.stdout.write(f"removed mailbox {options['name']}")
            elif options["idle"]:
                self._watch(options["mailboxes"], options["rounds"])
            else:
                self._sync(options["mailboxes"])
        except ValidationProblem as problem:
            raise CommandError(str(problem)) from None

    def _password(self, options: dict[str, Any]) -> str:
        if options["password_env"]:
            value = os.environ.get(options["password_env"])
            if value is None:
                raise CommandError(f"--password-env: ${options['password_env']} is not set")
            return value
        if options["password_stdin"] or not sys.stdin.isatty():
            return sys.stdin.readline().rstrip("\r\n")
        return getpass.getpass("IMAP password (an app password where the provider has them): ")

    def _add(self, options: dict[str, Any]) -> None:
        staff = None
        if options["staff"]:
            staff = StaffMember.objects.filter(username=options["staff"]).first()
            if staff is None:
                raise CommandError(f"--staff: no staff member named {options['staff']!r}")
        mailbox = add_mailbox(
            name=options["name"],
            host=options["host"],
            port=options["port"],
            security=options["security"],
            username=options["user"],
            password=self._password(options),
            folders=options["folders"] or ["INBOX"],
            address=options["address"],
            staff=staff,
        )
        self.stdout.write(
            f"mailbox {mailbox.name}: {mailbox.username} at {mailbox.host}:{mailbox.port} "
            f"({mailbox.security}), folders {', '.join(mailbox.folders)}"
        )

    def _list(self) -> None:
        for mailbox in Mailbox.objects.select_related("staff").order_by("name"):
            state = "active" if mailbox.is_active else "inactive"
            synced = mailbox.last_synced_at.isoformat() if mailbox.last_synced_at else "never"
            owner = mailbox.staff.username if mailbox.staff else "shared"
            self.stdout.write(
                f"{mailbox.name}\t{mailbox.username}@{mailbox.host}:{mailbox.port}\t"
                f"{mailbox.security}\t{','.join(mailbox.folders)}\t{mailbox.address or '-'}\t"
                f"{owner}\t{state}\tlast sync {synced}"
                + (f"\terror: {mailbox.last_error}" if mailbox.last_error else "")
            )

    def _selected(self, names: list[str] | None) -> list[Mailbox]:
        mailboxes = list_mailboxes(names)
        missing = sorted(set(names or []) - {mailbox.name for mailbox in mailboxes})
        if missing:
            raise CommandError(f"--mailbox: no active mailbox named {', '.join(missing)}")
        return mailboxes

    def _sync(self, names: list[str] | None) -> None:
        failed = []
        for mailbox in self._selected(names):
            result = sync_mailbox(mailbox)
            self.stdout.write(result.summary())
            if result.error:
                failed.append(mailbox.name)
        if failed:
            raise CommandError(f"sync failed for {', '.join(failed)} (see the errors above)")

    def _watch(self, names: list[str] | None, rounds: int | None) -> None:
        mailboxes = self._selected(names)
        if len(mailboxes) != 1:
            raise CommandError(
                "--idle watches one mailbox: name it with --mailbox (run one per mailbox)"
            )

        def stop_on_term(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        # SIGTERM (systemd, docker stop) ends the watch as cleanly as Ctrl-C does.
        previous = signal.signal(signal.SIGTERM, stop_on_term)
        try:
            watch_mailbox(mailboxes[0], self._report, rounds=rounds)
        except KeyboardInterrupt:
            self.stdout.write(f"{mailboxes[0].name}: stopped")
        except SYNC_ERRORS as error:
            raise CommandError(f"{mailboxes[0].name}: {type(error).__name__}: {error}") from None
        finally:
            signal.signal(signal.SIGTERM, previous)

    def _report(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
