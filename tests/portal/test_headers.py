"""Security headers on a staff page, a portal page and the API; `check --deploy` clean;
bidirectional overrides in text cannot reorder what is shown after them."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.test.utils import override_settings

from accord.promises.models import Promise
from tests.api.conftest import call, token_for
from tests.portal.conftest import World

ACCORD = str(Path(sys.executable).with_name("accord"))
RLO, PDF = "\u202e", "\u202c"


def assert_protective_headers(response) -> None:
    assert response["Cache-Control"] == "no-store"
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no other origin
    assert "unsafe" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_staff_portal_and_api_answers_carry_the_headers(
    client: Client, ada_client: Client, world: World, bob
) -> None:
    client.force_login(bob)
    staff_page = client.get(f"/customers/{world.ada.pk}/")
    assert staff_page.status_code == 200 and b"Ada" in staff_page.content
    portal_page = ada_client.get("/portal/promises/")
    assert portal_page.status_code == 200
    api = call(Client(), "get", f"/customers/{world.ada.pk}", token_for(bob))
    assert api.status_code == 200
    for response in (staff_page, portal_page, api):
        assert_protective_headers(response)


@pytest.mark.django_db
def test_static_files_stay_cacheable(client: Client) -> None:
    response = client.get("/static/accord/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_no_page_template_carries_inline_script_or_style() -> None:
    # The policy forbids inline script and style: one left in a template would be dead.
    import re

    import accord

    root = Path(accord.__file__).parent
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)|\son[a-z]+=|style=")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("templates/**/*.html")
        if inline.search(path.read_text())
    ]
    assert offenders == []


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_https_settings_redirect_and_send_hsts(client: Client) -> None:
    plain = client.get("/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/login/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    assert client.get("/healthz").status_code == 200  # load balancers probe over HTTP


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        ACCORD_VAR_DIR=str(tmp_path),
        ACCORD_DEBUG="0",
        ACCORD_SECRET_KEY=secrets.token_urlsafe(50),
        ACCORD_SECURE_COOKIES="1",
        ACCORD_ALLOWED_HOSTS="crm.example.com",
    )
    result = subprocess.run(
        [ACCORD, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.django_db
def test_a_right_to_left_override_is_closed_inside_the_text(
    client: Client, ada_client: Client, world: World, bob
) -> None:
    sent = f"Refund {RLO}fdp.exe"
    created = call(
        client,
        "post",
        f"/customers/{world.ada.pk}/promises",
        token_for(bob),
        {"kind": "refund", "description": sent, "due_at": "2030-01-01T00:00:00Z"},
    )
    assert created.status_code == 201, created.content
    stored = Promise.objects.get(pk=created.json()["id"]).description
    assert stored == sent + PDF  # kept whole, the override closed where the text ends

    client.force_login(bob)
    for page in (client.get(f"/customers/{world.ada.pk}/"), ada_client.get("/portal/promises/")):
        html = page.content.decode()
        assert f"{RLO}fdp.exe{PDF}" in html
        assert f"{RLO}fdp.exe<" not in html  # never an open override before the markup
