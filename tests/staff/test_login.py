"""Staff login and logout at /login/ and /logout/, and the login wall around staff pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import make_staff

PASSWORD = "correct horse battery"


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    response = client.get("/?q=acme")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/%3Fq%3Dacme"


@pytest.mark.django_db
def test_staff_member_logs_in_and_lands_on_the_customer_list(client: Client, bob) -> None:
    page = client.get("/login/")
    assert page.status_code == 200
    assert b'name="username"' in page.content and b'name="password"' in page.content

    response = client.post("/login/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client: Client, bob) -> None:
    response = client.post("/login/", {"username": "bob", "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_inactive_staff_cannot_log_in(client: Client) -> None:
    make_staff("dora", is_active=False)
    response = client.post("/login/", {"username": "dora", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_who_left_cannot_log_in_even_if_still_flagged_active(client: Client) -> None:
    eve = make_staff("eve")
    eve.left_at = timezone.now()
    eve.save(update_fields=["left_at"])
    response = client.post("/login/", {"username": "eve", "password": PASSWORD})
    assert response.status_code == 200
    assert b"This account is inactive" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_deactivated_staff_loses_an_open_session(client: Client, bob) -> None:
    client.force_login(bob)
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(client: Client, bob) -> None:
    client.force_login(bob)
    assert client.get("/logout/").status_code == 405
    assert client.get("/").status_code == 200
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_logout_form_in_the_page_carries_a_csrf_token(bob) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    page = client.get("/")
    assert b'action="/logout/"' in page.content
    assert b"csrfmiddlewaretoken" in page.content
    assert client.post("/logout/").status_code == 403  # no token: refused, still logged in
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_health_check_needs_no_login_and_pings_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_stylesheet_is_served_from_the_package(client: Client) -> None:
    response = client.get("/static/accord/app.css")
    assert response.status_code == 200
    assert b".badge--won_back" in b"".join(response.streaming_content)


@pytest.mark.django_db
def test_health_check_says_503_when_the_database_fails(client: Client, monkeypatch) -> None:
    from django.db import DatabaseError
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable"
