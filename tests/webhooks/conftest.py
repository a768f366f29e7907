"""Fixtures for webhook tests: a live receiver on 127.0.0.1 and API tokens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accord.members.services import issue_api_token
from tests.webhooks.helpers import Receiver, start_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found, server = start_receiver()
    yield found
    if found.hold is not None:
        found.hold.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def alice_token(alice) -> str:
    return issue_api_token(staff=alice, name="tests", scope="admin").plaintext


@pytest.fixture
def bob_token(bob) -> str:
    return issue_api_token(staff=bob, name="tests").plaintext
