"""`accord token create USERNAME --name N [--scope read|write|admin] [--expires-days N]` and
`accord token revoke PREFIX` for the REST API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accord.members.models import StaffMember, TokenScope
from accord.members.services import TokenError, issue_api_token, revoke_api_token


class Command(BaseCommand):
    help = "Create or revoke API tokens for staff members."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="create a token and print it once")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for")
        create.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.WRITE,
            help="read: GET only; write: also changes; admin: also webhooks, staff, imports",
        )
        create.add_argument(
            "--expires-days",
            type=int,
            default=90,
            help="days until the token stops working (default 90; 0 = never)",
        )
        revoke = actions.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "create":
                self._create(
                    options["username"], options["name"], options["scope"], options["expires_days"]
                )
            else:
                token = revoke_api_token(prefix=options["prefix"])
                self.stdout.write(f"revoked token {token.prefix} ({token.name})")
        except TokenError as error:
            raise CommandError(str(error)) from None

    def _create(self, username: str, name: str, scope: str, expires_days: int) -> None:
        staff = StaffMember.objects.filter(username=username).first()
        if staff is None:
            raise CommandError(f"USERNAME: no staff member named {username!r}")
        if not name.strip():
            raise CommandError("--name: must not be empty")
        if expires_days < 0:
            raise CommandError("--expires-days: must be 0 (never) or more")
        expires_at = timezone.now() + timedelta(days=expires_days) if expires_days else None
        issued = issue_api_token(staff=staff, name=name.strip(), scope=scope, expires_at=expires_at)
        until = f"until {expires_at:%Y-%m-%d %H:%M} UTC" if expires_at else "without expiry"
        self.stdout.write(f"{scope} token for {staff.username} ({issued.token.name}), {until}:")
        self.stdout.write(issued.plaintext)
        self.stdout.write("Store it now: it is shown only once. Use: Authorization: Bearer <token>")
