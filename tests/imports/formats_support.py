"""Shared by the format tests: the fixture folder, the staff the fixtures name as owners,
and `accord import` run in the test process."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import CommandError, call_command

from accord.core.models import Function
from accord.members.models import StaffMember

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"


def make_owners() -> dict[str, StaffMember]:
    """Jana Novak and Tom Berger, the owners the HubSpot and Salesforce fixtures name."""
    owners = {}
    for first, last in (("Jana", "Novak"), ("Tom", "Berger")):
        owners[first.lower()] = StaffMember.objects.create_user(
            username=first.lower(),
            password="correct horse battery",
            first_name=first,
            last_name=last,
            email=f"{first.lower()}@example.com",
            function=Function.SALES,
        )
    return owners


def accord_import(*args: str | Path) -> tuple[int, str]:
    """(exit status, output) of `accord import ARGS`."""
    out = io.StringIO()
    try:
        call_command("import", *map(str, args), stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()
