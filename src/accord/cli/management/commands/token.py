"""`accord token create USERNAME --name N` and `accord token revoke PREFIX` for the REST API."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.members.models import StaffMember
from accord.members.services import TokenError, issue_api_token, revoke_api_token


class Command(BaseCommand):
    help = "Create or revoke API tokens for staff members."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="create a token and print it once")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for")
        revoke = actions.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "create":
                self._create(options["username"], options["name"])
            else:
                token = revoke_api_token(prefix=options["prefix"])
                self.stdout.write(f"revoked token {token.prefix} ({token.name})")
        except TokenError as error:
            raise CommandError(str(error)) from None

    def _create(self, username: str, name: str) -> None:
        staff = StaffMember.objects.filter(username=username).first()
        if staff is None:
            raise CommandError(f"USERNAME: no staff member named {username!r}")
        if not name.strip():
            raise CommandError("--name: must not be empty")
        issued = issue_api_token(staff=staff, name=name.strip())
        self.stdout.write(f"token for {staff.username} ({issued.token.name}):")
        self.stdout.write(issued.plaintext)
        self.stdout.write("Store it now: it is shown only once. Use: Authorization: Bearer <token>")
