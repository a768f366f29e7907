"""`accord createstaff` and `accord token create/revoke`, checked through what they enable."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accord.members.models import ApiToken, StaffMember


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_createstaff_with_password_can_log_in(client: Client) -> None:
    output = run("createstaff", "dora", "--function", "billing", "--password", "s3cret-pass-42")
    assert output.strip() == "created staff member dora (billing, member)"
    assert (
        client.post("/login/", {"username": "dora", "password": "s3cret-pass-42"}).status_code
        == 302
    )


@pytest.mark.django_db
def test_createstaff_generates_and_prints_a_password_once(client: Client) -> None:
    output = run("createstaff", "max", "--function", "sales", "--role", "manager")
    password = re.search(r"^password: (\S+)$", output, re.M).group(1)
    assert len(password) >= 12
    assert client.login(username="max", password=password)
    assert StaffMember.objects.get(username="max").role == "manager"


@pytest.mark.django_db
def test_createstaff_superuser_gets_admin(client: Client) -> None:
    run(
        "createstaff",
        "root",
        "--function",
        "management",
        "--password",
        "pw-for-root-1",
        "--superuser",
    )
    client.login(username="root", password="pw-for-root-1")
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_createstaff_refuses_a_taken_username_and_changes_nothing(bob) -> None:
    with pytest.raises(CommandError, match="USERNAME: a staff member named 'bob' already exists"):
        run("createstaff", "bob", "--function", "sales")
    assert StaffMember.objects.get(username="bob").function == "success"


@pytest.mark.django_db
def test_createstaff_refuses_an_unknown_function() -> None:
    with pytest.raises(CommandError, match="argument --function: invalid choice: 'wizard'"):
        run("createstaff", "zed", "--function", "wizard")
    assert not StaffMember.objects.filter(username="zed").exists()


@pytest.mark.django_db
def test_token_create_prints_a_working_token_and_revoke_stops_it(client: Client, bob) -> None:
    output = run("token", "create", "bob", "--name", "crm sync")
    token = re.search(r"^([0-9a-f]{8}\.\S+)$", output, re.M).group(1)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/customers", **headers).status_code == 200
    assert ApiToken.objects.get().name == "crm sync"
    assert token.split(".")[1] not in ApiToken.objects.get().secret_hash  # only a hash kept

    prefix = token.split(".")[0]
    assert run("token", "revoke", prefix).strip() == f"revoked token {prefix} (crm sync)"
    assert client.get("/api/v1/customers", **headers).status_code == 401


@pytest.mark.django_db
def test_token_errors_are_one_line() -> None:
    with pytest.raises(CommandError, match="USERNAME: no staff member named 'nobody'"):
        run("token", "create", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="no API token with prefix 'deadbeef'"):
        run("token", "revoke", "deadbeef")
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_token_for_inactive_staff_is_refused() -> None:
    from tests.conftest import make_staff

    make_staff("gone", is_active=False)
    with pytest.raises(CommandError, match="gone is not active"):
        run("token", "create", "gone", "--name", "x")
    assert ApiToken.objects.count() == 0
