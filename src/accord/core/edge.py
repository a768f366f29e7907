"""Input checks every request passes before any view, for routes added later too.

Two kinds of input no view can store or look up, whatever its own validation:
- a number in the path past 64 bits (`/customers/99999999999999999999/`): the database
  driver would overflow looking it up, so it answers 404, as for any missing record;
- a NUL character in a query parameter: PostgreSQL refuses NUL in text even inside a
  search filter, so the request is refused (API: 422 naming the parameter, pages: 400).
  Form fields need no check here: Django's form fields refuse NUL with a message beside
  the field, and JSON bodies go through accord.core.validation.
API paths answer in the API's one error shape (docs/api.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    QueryDict,
)

from accord.core.validation import MAX_ID

_LONG_NUMBER = re.compile(r"\d{19,}")


def _nul_in(values: QueryDict) -> str | None:
    for name, items in values.lists():
        if "\x00" in name or any("\x00" in item for item in items):
            return name.replace("\x00", "\\0")
    return None


class InputEdgeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(int(number) > MAX_ID for number in _LONG_NUMBER.findall(request.path)):
            raise Http404("No such record")  # answered by the project's 404 handler
        name = _nul_in(request.GET)
        if name is not None:
            message = "contains a NUL character"
            if request.path.startswith("/api/"):
                problem = {"type": "value_error", "loc": ["query", name], "msg": message}
                return JsonResponse({"detail": [problem]}, status=422)
            return HttpResponseBadRequest(f"{name}: {message}", content_type="text/plain")
        return self.get_response(request)
