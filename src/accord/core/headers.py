"""Response headers every dynamic answer carries (docs/security.md).

Pages and API answers show personal data (names, emails, health, promises), so no
browser or proxy cache may keep them: `Cache-Control: no-store` unless the view chose its
own caching. Static files are served by WhiteNoise above this middleware and keep theirs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
