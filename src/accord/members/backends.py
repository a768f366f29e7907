"""Django's password check behind the sign-in lock (accord.members.signin_guard).

Every password sign-in goes through here: the staff login page, the admin site and
`client.login` in tests. A locked account or client is refused before the password is
even hashed; a wrong password is counted; a right one clears the account's count.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accord.core.clients import client_address
from accord.members.models import FailureKind
from accord.members.signin_guard import clear_failures, lock_message, record_failure


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not username or password is None:
            return super().authenticate(request, username, password, **kwargs)
        client = client_address(request)
        if lock_message(FailureKind.PASSWORD, username, client) is not None:
            # PermissionDenied stops Django trying further backends; the login form
            # shows the lock message itself (accord.staff.forms).
            raise PermissionDenied("locked")
        user = super().authenticate(request, username, password, **kwargs)
        if user is None:
            record_failure(FailureKind.PASSWORD, username, client)
        else:
            clear_failures(FailureKind.PASSWORD, username)
        return user
