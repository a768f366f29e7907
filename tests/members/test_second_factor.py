"""TOTP second factor with recovery codes: managers and admins must, members may
(issue 14, item 3). Through the pages and the API session, codes computed from the
secret the enrolment page shows."""

from __future__ import annotations

import re
import time
from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import TOTP

from accord.audit.models import AuditEvent

PASSWORD = "correct horse battery"
SECRET = re.compile(r'data-totp-secret="([A-Z2-7]+)"')
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle_wait(settings):
    """django-otp makes each wrong code double the wait before the next try (tested
    below); these journeys type a right code right after a wrong one."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_for(secret: str, steps_ahead: int = 0) -> str:
    totp = TOTP(b32decode(secret), step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def password_only(username: str) -> Client:
    client = Client()
    client.password_only = True  # type: ignore[attr-defined]  (tests/conftest.py)
    assert client.post("/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def enrol(client: Client) -> tuple[str, list[str]]:
    page = client.get("/account/second-factor/")
    assert page.status_code == 200 and b"<svg" in page.content
    secret = SECRET.search(page.content.decode())[1]
    wrong = client.post(
        "/account/second-factor/", {"code": "000000" if code_for(secret) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and b"not right" in wrong.content
    done = client.post("/account/second-factor/", {"code": code_for(secret), "next": "/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    return secret, codes


def test_a_manager_must_enrol_before_anything_then_passes_with_codes(alice) -> None:
    client = password_only("alice")
    response = client.get("/?q=x")
    assert response.status_code == 302
    assert response["Location"] == "/account/second-factor/?next=%2F%3Fq%3Dx"
    assert client.get("/api/v1/customers").status_code == 401  # the session is not enough
    secret, codes = enrol(client)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/customers").status_code == 200
    assert AuditEvent.objects.filter(action="staff.second_factor_enrolled").count() == 1

    # Next time: password, then the code (a later step: the first one is used up).
    later = password_only("alice")
    assert later.get("/board/")["Location"] == "/login/verify/?next=%2Fboard%2F"
    refused = later.post("/login/verify/", {"code": "12345", "next": "/board/"})
    assert refused.status_code == 400 and later.get("/board/").status_code == 302
    passed = later.post("/login/verify/", {"code": code_for(secret, 1), "next": "/board/"})
    assert passed.status_code == 302 and passed["Location"] == "/board/"
    assert later.get("/board/").status_code == 200

    # A recovery code works once.
    rescue = password_only("alice")
    assert rescue.post("/login/verify/", {"code": codes[0].upper()}).status_code == 302
    assert rescue.get("/").status_code == 200
    again = password_only("alice")
    assert again.post("/login/verify/", {"code": codes[0]}).status_code == 400
    assert AuditEvent.objects.filter(action="staff.second_factor_failed").count() == 2


def test_members_may_enrol_and_then_must_use_it(bob) -> None:
    client = password_only("bob")
    assert client.get("/").status_code == 200  # no second factor needed
    enrol(client)
    later = password_only("bob")
    assert later.get("/")["Location"].startswith("/login/verify/")


def test_new_recovery_codes_replace_the_old_ones(alice) -> None:
    client = password_only("alice")
    _, old = enrol(client)
    page = client.post("/account/second-factor/", {"action": "recovery-codes"})
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert password_only("alice").post("/login/verify/", {"code": old[1]}).status_code == 400
    assert password_only("alice").post("/login/verify/", {"code": new[1]}).status_code == 302


def test_the_admin_site_asks_for_the_second_factor_too(alice) -> None:
    alice.is_staff = True
    alice.save()
    client = password_only("alice")
    assert client.get("/admin/")["Location"].startswith("/account/second-factor/")


def test_a_right_code_right_after_a_wrong_one_waits(alice, settings) -> None:
    secret, _ = enrol(password_only("alice"))
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    client = password_only("alice")
    assert client.post("/login/verify/", {"code": "999999"}).status_code == 400
    response = client.post("/login/verify/", {"code": code_for(secret, 1)})
    assert response.status_code == 400 and b"too soon after a wrong one" in response.content
