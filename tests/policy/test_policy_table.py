"""The policy table (accord.core.policy) against the running code: every staff page,
portal page and API operation has a row, and every actor gets exactly its row's outcome.

Walks the URL configuration and the OpenAPI document, so a route added without a row
fails here. Each probe runs in a savepoint that is rolled back, so one actor's allowed
change (a promise kept, a member removed) never alters what the next actor meets.
POSTs carry an empty body: an allowed actor gets the route's answer about the input
(400, 409, 422 or a redirect), a refused one its refusal, and nothing is half-done.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accord.api.app import api
from accord.core.policy import API, PAGES, PORTAL, Actor, Outcome, policy_rows
from tests.policy.world import World, build_world

pytestmark = pytest.mark.django_db
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
PURPOSE_FORM = re.compile(rb'action="/customers/\d+/purpose/')


def _walk(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = _walk(pattern, prefix + str(pattern.pattern))
            found += [(path, namespace or pattern.namespace) for path, namespace in inner]
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), None))
    return found


def url_paths() -> set[str]:
    """Every path of the URL configuration, converters written {name}; the Django admin
    site counts as its front page (it keeps its own permission system)."""
    paths = set()
    for raw, namespace in _walk(get_resolver()):
        path = "/" + CONVERTER.sub(r"{\1}", raw).lstrip("^").rstrip("$")
        paths.add("/admin/" if namespace == "admin" or path.startswith("/admin/") else path)
    return paths


def openapi_operations() -> set[str]:
    document = api.get_openapi_schema(path_params={})
    return {f"{method.upper()} {path}" for path, ops in document["paths"].items() for method in ops}


def declared() -> dict[str, str]:
    return {**PAGES, **API, **PORTAL}


def test_every_route_and_operation_has_a_row() -> None:
    rows = declared()
    paths_with_rows = {route.split(" ", 1)[1] for route in rows}
    assert sorted(url_paths() - paths_with_rows) == []
    assert sorted(openapi_operations() - set(rows)) == []
    assert sorted(paths_with_rows - url_paths()) == []  # no row for a route that is gone


def test_methods_without_a_row_escape_nothing(world: World) -> None:
    """A page method the table does not name (a list view answering POST too) must
    answer 405 or exactly what its named sibling answers, actor by actor."""
    rows = policy_rows()
    pages = {route: rows[route] for route in {**PAGES, **PORTAL}}
    problems = []
    for route, outcomes in pages.items():
        method, path = route.split(" ", 1)
        other = f"{'POST' if method == 'GET' else 'GET'} {path}"
        if other in pages or path == "/admin/":
            continue
        for actor, wanted in outcomes.items():
            got = probe(world, other, actor)
            if got not in ("405", wanted.value):
                problems.append(f"{other} {actor.value}: {got} (405 or {wanted.value} wanted)")
    assert problems == [], "\n" + "\n".join(problems)


def outcome_of(response: HttpResponse) -> str:
    status = response.status_code
    if status in (401, 403, 404, 405):
        return str(status)
    if status >= 500:
        return f"server error {status}"
    if status in (301, 302, 303):
        location = response["Location"]
        for prefix, outcome in (
            ("/login/", Outcome.STAFF_LOGIN),
            ("/portal/sign-in/", Outcome.PORTAL_SIGN_IN),
            ("/admin/login/", Outcome.ADMIN_LOGIN),
        ):
            if location.startswith(prefix):
                return outcome.value
    if status == 200 and not response.streaming and PURPOSE_FORM.search(response.content):
        return Outcome.PURPOSE.value
    return Outcome.ALLOWED.value


DUE = "2030-01-02T09:00:00Z"
# Bodies that pass the API's input validation, so a refused actor meets the refusal and
# not a 422 about the body ({name} is a path parameter of the world).
PAYLOADS: dict[str, dict[str, object]] = {
    "POST /api/v1/customers": {"name": "Newco"},
    "POST /api/v1/customers/{customer_id}/contacts": {"name": "N", "email": "n@example.com"},
    "POST /api/v1/customers/{customer_id}/identities": {"kind": "phone", "value": "+4412345"},
    "POST /api/v1/interactions": {
        "customer_id": "{customer_id}",
        "channel": "phone",
        "direction": "inbound",
        "kind": "call",
    },
    "POST /api/v1/conversations/{conversation_id}/reply": {"body": "Thanks"},
    "POST /api/v1/conversations/{conversation_id}/resolve": {"outcome": "Fixed"},
    "POST /api/v1/conversations/{conversation_id}/reassign": {"to_id": "{staff_id}"},
    "POST /api/v1/conversations/{conversation_id}/notes": {"body": "Note"},
    "POST /api/v1/orders": {"customer_id": "{customer_id}", "occurred_at": DUE, "amount": "5"},
    "POST /api/v1/subscriptions": {
        "customer_id": "{customer_id}",
        "product": "Mobile",
        "monthly_price": "9",
        "start_date": "2026-01-01",
        "term_end_date": "2027-01-01",
    },
    "POST /api/v1/surveys": {"customer_id": "{customer_id}"},
    "POST /api/v1/consents": {
        "customer_id": "{customer_id}",
        "purpose": "marketing",
        "is_granted": True,
        "method": "call",
    },
    "POST /api/v1/customers/{customer_id}/promises": {
        "kind": "callback",
        "description": "Ring",
        "due_at": DUE,
    },
    "POST /api/v1/promises/{promise_id}/renegotiate": {"due_at": DUE},
    "POST /api/v1/customers/{customer_id}/transfer": {
        "to_owner_id": "{staff_id}",
        "reason": "rebalance",
    },
    "POST /api/v1/customers/{customer_id}/team": {"staff_id": "{staff_id}", "function": "support"},
    "POST /api/v1/customers/{customer_id}/stage": {"stage": "at_risk", "reason": "quiet"},
    "POST /api/v1/requests": {
        "customer_id": "{customer_id}",
        "channel": "email",
        "received_by_function": "support",
        "kind": "request",
        "subject": "Help",
    },
    "POST /api/v1/webhooks": {"url": "https://hooks.example/new"},
    "POST /api/v1/incidents/{incident_id}/share": {"partner_id": "{partner_id}"},
}


def _body(route: str, params: dict[str, str]) -> dict[str, object]:
    body = {}
    for key, value in PAYLOADS.get(route, {}).items():
        if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
            value = int(params[value[1:-1]])
        body[key] = value
    return body


def probe(world: World, route: str, actor: Actor) -> str:
    method, template = route.split(" ", 1)
    path = template.format(**world.params)
    is_api = path.startswith("/api/")
    if is_api:
        client, headers = Client(), world.api[actor]
    else:
        # A copy of the actor's cookies: a probe that signs out must not sign the actor out.
        source = world.pages[actor]
        client, headers = Client(**source.defaults), {}
        client.cookies.update(source.cookies)
    send = getattr(client, method.lower())
    with transaction.atomic():
        if method == "GET":
            response = send(path, **headers)
        elif is_api:
            body = _body(route, world.params)
            response = send(path, body, content_type="application/json", **headers)
        else:
            response = send(path, {}, **headers)
        transaction.set_rollback(True)
    return outcome_of(response)


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    # Uploads live in files under VAR_DIR, outside the rolled-back transaction: a
    # directory of this test's own keeps them from later tests' import pages.
    settings.VAR_DIR = tmp_path
    return build_world()


def test_every_actor_gets_its_rows_outcome(world: World) -> None:
    mismatches = []
    for route, outcomes in policy_rows().items():
        for actor, wanted in outcomes.items():
            got = probe(world, route, actor)
            if got != wanted.value:
                mismatches.append(f"{route} {actor.value}: declared {wanted.value}, got {got}")
    assert mismatches == [], "\n" + "\n".join(mismatches)
