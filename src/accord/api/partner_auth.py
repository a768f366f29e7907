"""Who is calling the partner API: a partner token (`Authorization: Bearer ptk_...`).

Unknown, revoked and expired tokens, and tokens of a deactivated partner, get 401. A read
token only GETs (403 otherwise). Calls from a partner's own Accord also carry the webhook
signature headers, keyed with the SHA-256 of the token's secret (see
webhooks/partner_delivery.py); the inbox requires them, other endpoints check them when
sent.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthorizationError, HttpError
from ninja.security import HttpBearer

from accord.partners.models import Partner, PartnerToken, PartnerTokenScope
from accord.partners.services import find_partner_token
from accord.webhooks.signing import verify

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class PartnerTokenAuth(HttpBearer):
    """Bearer partner token issued by a manager on the Partners page (shown once)."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = find_partner_token(token)
        if found is None:
            return None
        if found.scope == PartnerTokenScope.READ and request.method not in SAFE_METHODS:
            raise AuthorizationError(message="this token's scope is read: it cannot change data")
        return found


partner_auth = PartnerTokenAuth()


def current_token(request: HttpRequest) -> PartnerToken:
    token = getattr(request, "auth", None)
    if not isinstance(token, PartnerToken):
        # Only a route mounted without partner authentication gets here: a bug, not a 401.
        raise TypeError("this route does not authenticate partners")
    return token


def current_partner(request: HttpRequest) -> Partner:
    return current_token(request).partner


def check_signature(request: HttpRequest, *, required: bool) -> None:
    """401 when the signature headers are missing (if required), stale or wrong."""
    timestamp = request.headers.get("X-Accord-Timestamp", "")
    signature = request.headers.get("X-Accord-Signature", "")
    if not timestamp and not signature and not required:
        return
    key = current_token(request).secret_hash
    if not verify(key, timestamp, request.body, signature, now=time.time()):
        raise HttpError(401, "X-Accord-Signature: missing, stale or not made with this token")
