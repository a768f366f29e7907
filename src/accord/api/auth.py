"""Who is calling the API: a staff bearer token, or a logged-in staff session (with CSRF).

Unauthenticated calls get 401. Session calls must pass Django's CSRF check on unsafe
methods; bearer calls need none (a browser never attaches the header by itself).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from accord.members.services import authenticate_api_token


class StaffTokenAuth(HttpBearer):
    """`Authorization: Bearer <prefix>.<secret>` issued by `accord token create`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return authenticate_api_token(token)


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
        if key and user.is_authenticated and getattr(user, "left_at", None) is None:
            return user
        return None


staff_auth = [StaffTokenAuth(), StaffSessionAuth()]
