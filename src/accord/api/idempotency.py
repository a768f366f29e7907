"""`Idempotency-Key` on API writes: a retried POST gets the first answer back.

A client that lost the answer to a create (a timeout, a dropped connection) sends the
same request again with the same key and receives the stored answer, with the header
`Idempotent-Replayed: true`, instead of a second record or a 409. Keys belong to one
caller (a bearer token); the same key with a different method, path or body
answers 422; while the first request still runs, 409. Only successful answers (2xx) are
kept, so a refused request can be corrected and sent again under its key; they are kept
for a day (docs/api.md).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from accord.api.errors import error_body
from accord.api.models import IdempotentRequest
from accord.members.services import find_api_token

HEADER = "Idempotency-Key"
KEEP = timedelta(hours=24)
# A first request that has not finished after this long died with its worker.
IN_FLIGHT = timedelta(minutes=5)
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # printable ASCII, as HTTP headers carry it
_LOC: list[str | int] = ["header", HEADER]


def _actor(request: HttpRequest) -> str | None:
    # Bearer tokens only: the programs that retry. A staff session writes through forms
    # (and a replay would have to repeat the CSRF check the API's session auth makes).
    raw = request.headers.get("Authorization", "")
    scheme, _, credentials = raw.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return "token:" + hashlib.sha256(credentials.strip().encode()).hexdigest()
    return None


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _still_authorised(request: HttpRequest) -> bool:
    # A replay answers without running the view (and its authentication): a token
    # revoked or expired since the first request gets the 401 the view would give.
    credentials = request.headers.get("Authorization", "").partition(" ")[2]
    return find_api_token(credentials) is not None


def _refusal(status: int, message: str) -> JsonResponse:
    return JsonResponse(error_body(status, message, _LOC), status=status)


def _replay(stored: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(
        bytes(stored.body), status=stored.status or 200, content_type=stored.content_type
    )
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not _KEY.match(key):
            return _refusal(422, f"{HEADER} must be 1 to 255 printable ASCII characters")
        actor = _actor(request)
        if actor is None:
            return self.get_response(request)  # the API answers 401 itself
        return self._once(request, actor, key)

    def _once(self, request: HttpRequest, actor: str, key: str) -> HttpResponse:
        now = timezone.now()
        fingerprint = _fingerprint(request)
        IdempotentRequest.objects.filter(created_at__lt=now - KEEP).delete()
        stored = IdempotentRequest.objects.filter(actor=actor, key=key).first()
        if stored is not None:
            if stored.fingerprint != fingerprint:
                return _refusal(422, f"this {HEADER} was used for a different request")
            if stored.status is None and stored.created_at > now - IN_FLIGHT:
                return _refusal(409, f"the first request with this {HEADER} is still running")
            if stored.status is not None:
                if not _still_authorised(request):
                    return self.get_response(request)
                return _replay(stored)
            stored.delete()  # its first request died
        try:
            with transaction.atomic():
                claim = IdempotentRequest.objects.create(
                    actor=actor, key=key, fingerprint=fingerprint, created_at=now
                )
        except IntegrityError:  # the same key arrived twice at once
            return _refusal(409, f"the first request with this {HEADER} is still running")
        response = self.get_response(request)
        if 200 <= response.status_code < 300 and not response.streaming:
            IdempotentRequest.objects.filter(pk=claim.pk).update(
                status=response.status_code,
                content_type=response.get("Content-Type", ""),
                body=response.content,
            )
        else:
            claim.delete()
        return response
