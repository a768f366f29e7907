"""Calling the API as a persona: tokens per staff member and a JSON call helper."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accord.members.models import StaffMember
from accord.members.services import issue_api_token

# Worlds of the domains whose API is tested here (partner API, webhooks API).
from tests.incidents.conftest import partners  # noqa: F401
from tests.webhooks.conftest import alice_token, bob_token, receiver  # noqa: F401


def token_for(staff: StaffMember, scope: str = "write") -> str:
    return issue_api_token(staff=staff, name="tests", scope=scope).plaintext


def call(
    client: Client, method: str, path: str, token: str, payload: dict[str, Any] | None = None
) -> Any:
    """One API call with a bearer token; JSON body for writes, query string for GET."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    url = path if path.startswith("http") else f"/api/v1{path}"
    if method == "get":
        return client.get(url, payload or {}, **headers)
    send = getattr(client, method)
    return send(url, payload or {}, content_type="application/json", **headers)


@pytest.fixture
def tokens(alice, bob, carol) -> dict[str, str]:
    """Write tokens: alice (manager), bob (owner of the test customers), carol (a member
    outside their relationships)."""
    return {"alice": token_for(alice), "bob": token_for(bob), "carol": token_for(carol)}
