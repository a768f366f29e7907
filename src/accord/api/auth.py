"""Who is calling the API: a staff bearer token, or a logged-in staff session (with CSRF).

Unauthenticated calls (and expired or revoked tokens) get 401. A token's scope caps what
it may do: read tokens only GET (403 on anything else), admin endpoints need an admin
token (routers built with `admin_auth`). Session calls carry the person's full powers and must pass
Django's CSRF check on unsafe methods; bearer calls need none (a browser never attaches
the header by itself).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthorizationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer

from accord.core.clients import client_address
from accord.members.models import SCOPE_RANK, FailureKind, StaffMember, TokenScope
from accord.members.second_factor import second_factor_satisfied
from accord.members.services import find_api_token
from accord.members.signin_guard import lock_message, record_failure

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class StaffTokenAuth(HttpBearer):
    """`Authorization: Bearer <prefix>.<secret>` issued by `accord token create`; a router
    for administration passes minimum_scope=admin."""

    def __init__(self, minimum_scope: str = TokenScope.READ) -> None:
        super().__init__()
        self.minimum_scope = minimum_scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # Guessing is throttled per token prefix and per client (accord.members.signin_guard):
        # a locked caller gets 429 with the reason before the token is even looked up.
        prefix = token.strip().partition(".")[0][:12] or "-"
        client = client_address(request)
        locked = lock_message(FailureKind.TOKEN, prefix, client)
        if locked is not None:
            raise HttpError(429, locked)
        found = find_api_token(token)
        if found is None:
            record_failure(FailureKind.TOKEN, prefix, client)
            return None
        if found.scope == TokenScope.READ and request.method not in SAFE_METHODS:
            raise AuthorizationError(message="this token's scope is read: it cannot change data")
        # Role before scope: a member learns nothing about manager-only endpoints (their
        # own check answers 404), a manager with a lesser token is told what is missing.
        if SCOPE_RANK[found.scope] < SCOPE_RANK[self.minimum_scope] and found.staff.is_manager:
            raise AuthorizationError(
                message=f"this endpoint needs a token with the {self.minimum_scope} scope"
            )
        return found.staff


class StaffSessionAuth(APIKeyCookie):
    """The staff UI's session cookie; CSRF is enforced on POST/PUT/PATCH/DELETE."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a session cookie there is nothing to protect: answer 401, not a
        # confusing CSRF 403, to a client that simply forgot its token.
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if key and user.is_authenticated and getattr(user, "is_working", False):
            # A session that has not passed its second factor yet is not signed in.
            return user if second_factor_satisfied(user, request.session) else None
        return None


staff_auth = [StaffTokenAuth(), StaffSessionAuth()]
# Webhooks, staff departures, imports: manager-only endpoints whose views answer members
# 404 themselves; every router using this must keep such a role check.
admin_auth = [StaffTokenAuth(minimum_scope=TokenScope.ADMIN), StaffSessionAuth()]


def current_staff(request: HttpRequest) -> StaffMember:
    """The staff member the request authenticated as (every staff router sets it)."""
    staff = getattr(request, "auth", None)
    if not isinstance(staff, StaffMember):
        # Only a route mounted without staff authentication gets here: a bug, not a 401.
        raise TypeError("this route does not authenticate staff")
    return staff
