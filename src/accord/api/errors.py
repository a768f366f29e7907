"""One error body for every 4xx answer of the API (docs/api.md shows it).

    {"detail": [{"type": "not_found", "loc": ["path", "customer_id"], "msg": "No such customer"}]}

It is Ninja's 422 shape, used for every status: `type` is a machine-readable kind
(pydantic's error types for 422s from schemas; value_error, conflict, not_found,
unauthorized, forbidden, bad_request otherwise), `loc` where the problem is (empty when it
is about the whole request), `msg` what is wrong in words.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from accord.core.validation import Conflict, ValidationProblem

# Older endpoints raise HttpError("field: what is wrong"); the prefix names the field.
_FIELD_PREFIX = re.compile(r"^([a-z][a-z0-9_]*): ")

KIND_OF_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "value_error",
    429: "throttled",
}


class ErrorItem(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ErrorOut(Schema):
    """Every 4xx body: a list of problems (usually one)."""

    detail: list[ErrorItem]


# Declared on every operation so the OpenAPI document shows the shape of each refusal
# (document_refusals adds them to an operation that does not list them itself).
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}
REFUSALS = {
    400: "The request cannot be read (not JSON, not UTF-8)",
    401: "No, unknown, revoked or expired token",
    403: "The token's scope is too small, or a session write without CSRF",
    404: "No such record, or not yours to see or change",
    409: "A duplicate or a state clash",
    413: "The request body is too large",
    422: "A value fails the schema or Accord's validators",
    429: "Too many attempts; wait and retry",
}


def error_body(status: int, message: str, loc: list[str | int] | None = None) -> dict[str, Any]:
    kind = KIND_OF_STATUS.get(status, "error")
    return {"detail": [{"type": kind, "loc": loc or [], "msg": message}]}


def field_loc(request: HttpRequest, field: str) -> list[str | int]:
    # Reads name query parameters; writes name a field of the JSON body (Ninja's own
    # locations for the same places, so one client-side mapping serves both).
    if request.method in ("GET", "HEAD"):
        return ["query", field]
    return ["body", "payload", field]


def install_error_handlers(api: NinjaAPI) -> None:
    """Make every refusal answer in the one shape."""

    def on_problem(request: HttpRequest, exc: ValidationProblem) -> HttpResponse:
        status = 409 if isinstance(exc, Conflict) else 422
        # loc names the field, so msg says only what is wrong (as Ninja's own 422s do).
        if exc.field:
            body = error_body(status, exc.message, field_loc(request, exc.field))
        else:
            body = error_body(status, str(exc))
        return api.create_response(request, body, status=status)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        loc: list[str | int] = []
        if exc.status_code == 401:
            loc = ["header", "Authorization"]
        elif named := _FIELD_PREFIX.match(message):
            loc = field_loc(request, named.group(1))
        body = error_body(exc.status_code, message, loc)
        return api.create_response(request, body, status=exc.status_code)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        message = str(exc) or "Not found"
        return api.create_response(request, error_body(404, message, ["path"]), status=404)

    def on_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The last net under the validators: a value the database refuses to store (a
        # number past 64 bits, text too long for a column) is the client's input, not a
        # server fault. Validators catch these first on every known field.
        message = "a value in the request is out of the range the database stores"
        return api.create_response(request, error_body(422, message), status=422)

    def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        items = [
            {"type": e.get("type", "value_error"), "loc": list(e.get("loc", [])), "msg": e["msg"]}
            for e in exc.errors
        ]
        return api.create_response(request, {"detail": items}, status=422)

    # Ninja annotates handlers as taking "the exception or its class"; they get instances.
    api.add_exception_handler(ValidationProblem, on_problem)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, on_http_error)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, on_not_found)  # type: ignore[arg-type]
    api.add_exception_handler(NinjaValidationError, on_schema_error)  # type: ignore[arg-type]
    api.add_exception_handler(OverflowError, on_out_of_range)  # type: ignore[arg-type]
    api.add_exception_handler(DataError, on_out_of_range)  # type: ignore[arg-type]


IDEMPOTENCY_HEADER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Send a retried create again with the same key to get the first "
    "answer back instead of a duplicate (kept a day per token; docs/api.md)",
    "schema": {"type": "string", "pattern": "^[!-~]{1,255}$"},
}


def document_refusals(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers every operation can give to each one that does not list them,
    so the document is true for routes whose author declared only the success."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorItem", ErrorItem.model_json_schema())
    components.setdefault("ErrorOut", _error_out_schema())
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if method == "post":
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("name") == IDEMPOTENCY_HEADER["name"] for p in parameters):
                    parameters.append(IDEMPOTENCY_HEADER)
            responses = operation.setdefault("responses", {})
            for status, description in REFUSALS.items():
                # Ninja keys responses by int status; JSON turns both into text.
                if status not in responses and str(status) not in responses:
                    responses[status] = {"description": description, "content": reference}
    return schema


def _error_out_schema() -> dict[str, Any]:
    body = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    body.pop("$defs", None)
    return body


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


# Django's handlers for requests no view answered: the API keeps its JSON shape (a
# negative id or a word where an id goes in a path matches no route), pages stay HTML.
def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body(404, "No such resource", ["path"]), status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body(400, "The request cannot be read"), status=400)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        body = {"detail": [{"type": "server_error", "loc": [], "msg": "Internal error"}]}
        return JsonResponse(body, status=500)
    return defaults.server_error(request)
