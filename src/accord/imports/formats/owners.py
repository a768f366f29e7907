"""Owners as exports name them ("Jane Doe (jane@acme.com)", "Jane Doe", "jane@acme.com")
turned into the staff email the generic format references."""

from __future__ import annotations

import re

from accord.imports.formats.labels import fold
from accord.members.models import StaffMember

_NAME_AND_EMAIL = re.compile(
    r"^(?P<name>.*?)\s*[(<\[](?P<email>[^()<>\[\]\s]+@[^()<>\[\]\s]+)[)>\]]$"
)


class OwnerNames:
    """Staff emails by folded full name, read once per import (staff lists are small)."""

    def __init__(self) -> None:
        self._by_name: dict[str, str] | None = None
        self._seen: dict[str, str] = {}

    def _names(self) -> dict[str, str]:
        if self._by_name is None:
            by_name: dict[str, str] = {}
            ambiguous: set[str] = set()
            staff = StaffMember.objects.exclude(email="").values_list(
                "first_name", "last_name", "username", "email"
            )
            for first, last, username, email in staff:
                for key in {fold(f"{first} {last}"), fold(f"{last} {first}"), fold(username)}:
                    if key in by_name and by_name[key] != email:
                        ambiguous.add(key)
                    by_name[key] = email
            # Two staff with one name: refuse to guess, the row reports the owner instead.
            self._by_name = {k: v for k, v in by_name.items() if k and k not in ambiguous}
        return self._by_name

    def email_for(self, owner: str) -> str:
        """The staff email for the owner cell; "" for an empty cell.

        An email is passed on as written (the importer checks the staff exists); a bare
        name is looked up among staff, and when nobody has it the name is passed on, so the
        importer reports the row's owner as unknown with the name in the message.
        """
        found = self._seen.get(owner)
        if found is None:
            found = self._seen[owner] = self._email_for(owner.strip())
        return found

    def _email_for(self, owner: str) -> str:
        if not owner:
            return ""
        match = _NAME_AND_EMAIL.match(owner)
        if match:
            return match.group("email")
        if "@" in owner:
            return owner
        return self._names().get(fold(owner), owner)
