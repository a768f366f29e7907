"""Failed staff sign-ins are throttled per account and per client, with a message and
an audit event; client addresses come through trusted proxies only (issue 14, item 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.core.clients import client_address
from accord.members.models import SignInFailure
from accord.members.services import issue_api_token, revoke_api_token
from tests.conftest import make_staff
from tests.portal.conftest import ask_for_link

PASSWORD = "correct horse battery"
LOCKED = b"Too many failed sign-ins for this account"
pytestmark = pytest.mark.django_db


def log_in(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def test_ten_wrong_passwords_lock_the_account_and_the_right_one_is_refused(bob) -> None:
    client = Client()
    for _ in range(10):
        response = log_in(client, "bob", "wrong guess")
        assert response.status_code == 200 and LOCKED not in response.content
    events = AuditEvent.objects.filter(action="signin.locked_account")
    assert [(e.object_id, e.details["failures"]) for e in events] == [("bob", 10)]
    response = log_in(client, "bob", PASSWORD)
    assert response.status_code == 200
    assert LOCKED in response.content and b"locked for 15 more minute(s)" in response.content
    assert client.get("/").status_code == 302  # not signed in
    # From another address too: the lock is on the account.
    assert LOCKED in log_in(Client(REMOTE_ADDR="10.9.9.9"), "Bob", PASSWORD).content
    # Once the window has passed, the right password works (and clears the count).
    SignInFailure.objects.update(failed_at=timezone.now() - timedelta(minutes=16))
    assert log_in(client, "bob", PASSWORD).status_code == 302
    assert not SignInFailure.objects.filter(account="bob").exists()


def test_a_client_guessing_many_accounts_is_locked_out_but_others_are_not(settings) -> None:
    settings.ACCORD_SIGNIN_FAILURES_PER_CLIENT = 4
    make_staff("dave")
    guesser = Client(REMOTE_ADDR="203.0.113.5")
    for name in ("ann", "ben", "cy", "di"):
        assert b"your network" not in log_in(guesser, name, "x").content
    response = log_in(guesser, "dave", PASSWORD)
    assert b"Too many failed sign-ins from your network" in response.content
    assert AuditEvent.objects.filter(
        action="signin.locked_client", object_id="203.0.113.5"
    ).exists()
    assert log_in(Client(REMOTE_ADDR="198.51.100.7"), "dave", PASSWORD).status_code == 302


def _request(remote: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_client_address_believes_forwarded_for_only_from_trusted_proxies(settings) -> None:
    assert client_address(_request("198.51.100.1", "1.2.3.4")) == "198.51.100.1"
    settings.ACCORD_TRUSTED_PROXIES = ["10.0.0.0/24", "::1"]
    assert client_address(_request("198.51.100.1", "1.2.3.4")) == "198.51.100.1"
    assert client_address(_request("10.0.0.2", "1.2.3.4")) == "1.2.3.4"
    # The client may prepend anything; the right-most untrusted hop is who connected.
    assert client_address(_request("10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.3")) == "1.2.3.4"
    assert client_address(_request("::1", "2001:db8::5")) == "2001:db8::5"
    assert client_address(_request("10.0.0.2")) == "10.0.0.2"  # no header: the proxy
    assert client_address(None) == "unknown"


def test_behind_a_trusted_proxy_each_client_is_throttled_on_its_own(settings) -> None:
    settings.ACCORD_SIGNIN_FAILURES_PER_CLIENT = 3
    settings.ACCORD_TRUSTED_PROXIES = ["10.0.0.1"]
    make_staff("dave")

    def via_proxy(client_ip: str) -> Client:
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_ip)

    for name in ("ann", "ben", "cy"):
        log_in(via_proxy("1.1.1.1"), name, "x")
    assert b"your network" in log_in(via_proxy("1.1.1.1"), "dave", PASSWORD).content
    assert log_in(via_proxy("2.2.2.2"), "dave", PASSWORD).status_code == 302
    # An untrusted sender cannot escape its own lock by inventing a forwarded address.
    settings.ACCORD_TRUSTED_PROXIES = []
    for name in ("ann", "ben", "cy"):
        log_in(Client(REMOTE_ADDR="9.9.9.9", HTTP_X_FORWARDED_FOR=f"{name}.x"), name, "x")
    spoof = Client(REMOTE_ADDR="9.9.9.9", HTTP_X_FORWARDED_FOR="5.5.5.5")
    assert b"your network" in log_in(spoof, "dave", PASSWORD).content


def test_wrong_api_tokens_lock_the_token_and_then_the_client(bob, settings) -> None:
    token = issue_api_token(staff=bob, name="t").plaintext
    prefix = token.split(".")[0]
    client = Client()

    def call(bearer: str, address: str = "127.0.0.1"):
        return client.get(
            "/api/v1/customers", HTTP_AUTHORIZATION=f"Bearer {bearer}", REMOTE_ADDR=address
        )

    for attempt in range(10):
        assert call(f"{prefix}.wrong{attempt}").status_code == 401
    response = call(token, "10.1.1.1")
    assert response.status_code == 429
    (problem,) = response.json()["detail"]
    assert problem["type"] == "throttled"
    assert problem["msg"].startswith("Too many failed API tokens for this account")
    assert AuditEvent.objects.filter(action="signin.locked_account", object_id=prefix).exists()
    settings.ACCORD_SIGNIN_FAILURES_PER_CLIENT = 12
    call("nobody.x")
    call("nobody.y")
    other = issue_api_token(staff=bob, name="other").plaintext
    response = call(other)
    assert (
        response.status_code == 429 and "from your network" in response.json()["detail"][0]["msg"]
    )
    assert call(other, "10.2.2.2").status_code == 200


def test_a_revoked_token_counts_as_a_failure(bob) -> None:
    issued = issue_api_token(staff=bob, name="t")
    revoke_api_token(prefix=issued.token.prefix)
    response = Client().get("/api/v1/customers", HTTP_AUTHORIZATION=f"Bearer {issued.plaintext}")
    assert response.status_code == 401
    assert SignInFailure.objects.filter(kind="token", account=issued.token.prefix).count() == 1


def test_portal_link_limits_are_per_client_through_the_trusted_proxy(settings) -> None:
    settings.ACCORD_PORTAL_LINKS_PER_IP_HOUR = 2
    settings.ACCORD_TRUSTED_PROXIES = ["10.0.0.1"]

    def via_proxy(client_ip: str) -> Client:
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_ip)

    for _ in range(2):
        ask_for_link(via_proxy("1.1.1.1"), "nobody@example.com")
    refused = via_proxy("1.1.1.1").post("/portal/sign-in/", {"email": "x@example.com"})
    assert refused.status_code == 429 and b"your network" in refused.content
    # Another customer behind the same proxy is not locked out by the first one.
    assert (
        via_proxy("2.2.2.2").post("/portal/sign-in/", {"email": "y@example.com"}).status_code == 200
    )
