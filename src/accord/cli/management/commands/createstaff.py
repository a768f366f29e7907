"""`accord createstaff`: add a staff member from the command line (password generated if absent)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.core.models import Function
from accord.members.models import Role, StaffMember
from accord.members.services import create_staff


class Command(BaseCommand):
    help = "Create a staff member who can log in to the staff UI and the API."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--function", required=True, choices=Function.values)
        parser.add_argument("--role", default=Role.MEMBER, choices=Role.values)
        parser.add_argument("--password", help="default: a generated one, printed once")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--superuser", action="store_true", help="full access to /admin/ as well"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        if not username:
            raise CommandError("USERNAME: must not be empty")
        if StaffMember.objects.filter(username=username).exists():
            raise CommandError(f"USERNAME: a staff member named {username!r} already exists")
        password = options["password"] or secrets.token_urlsafe(12)
        staff = create_staff(
            username=username,
            password=password,
            function=options["function"],
            role=options["role"],
            first_name=options["first_name"],
            last_name=options["last_name"],
            email=options["email"],
            is_superuser=options["superuser"],
        )
        kind = "superuser" if staff.is_superuser else "staff member"
        self.stdout.write(f"created {kind} {staff.username} ({staff.function}, {staff.role})")
        if not options["password"]:
            self.stdout.write(f"password: {password}")
