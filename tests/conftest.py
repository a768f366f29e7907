"""Shared fixtures: personas (alice the manager, bob and carol members) and a customer."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from accord.core.models import Function
from accord.members.models import Role, StaffMember

# Production hashing (PBKDF2, ~0.3 s per password) dominated test setup; tests only need
# a hash that checks. Test-only: settings.py never names a hasher (tests/core says so).
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True, scope="session")
def second_factor_passed_on_test_logins():
    """`client.login` and `client.force_login` sign in as if the second factor was
    passed too: a confirmed device is attached to people who must use one (managers,
    admins, anyone enrolled) and its id is put in the session as django_otp.login does.
    Tests of the second factor itself set `client.password_only = True` first (or sign
    in through the pages)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accord.members.second_factor import must_use_second_factor

    original = Client._login

    def _login(self: Client, user: StaffMember, backend: str | None = None) -> None:
        original(self, user, backend)
        if getattr(self, "password_only", False) or not must_use_second_factor(user):
            return
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="tests", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # what django_otp.login does
        session.save()

    Client._login = _login  # type: ignore[method-assign]
    yield
    Client._login = original  # type: ignore[method-assign]


def make_staff(
    username: str,
    *,
    function: str = Function.SUCCESS,
    role: str = Role.MEMBER,
    is_active: bool = True,
) -> StaffMember:
    return StaffMember.objects.create_user(
        username=username,
        password="correct horse battery",
        first_name=username.capitalize(),
        email=f"{username}@example.com",
        function=function,
        role=role,
        is_active=is_active,
    )


@pytest.fixture
def alice(db) -> StaffMember:
    """A manager."""
    return make_staff("alice", function=Function.MANAGEMENT, role=Role.MANAGER)


@pytest.fixture
def bob(db) -> StaffMember:
    """A success member who owns customers."""
    return make_staff("bob", function=Function.SUCCESS)


@pytest.fixture
def carol(db) -> StaffMember:
    """A support member who owns nothing by default."""
    return make_staff("carol", function=Function.SUPPORT)


ACCORD = str(Path(sys.executable).with_name("accord"))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite file with every migration applied, made once per run by `accord
    migrate`. Tests that run `accord` on a database file of their own copy it
    (copy_migrated): each migrate costs seconds of CPU. xdist workers share it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # this run's
    target = shared / "migrated" / "accord.sqlite3"
    with (shared / "migrated.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env["ACCORD_VAR_DIR"] = str(target.parent)
            subprocess.run([ACCORD, "migrate", "-v0"], env=env, check=True, timeout=600)
    return target


def copy_migrated(migrated: Path, var_dir: Path) -> None:
    """Put a copy of the migrated file where `accord` looks without DATABASE_URL."""
    var_dir.mkdir(parents=True, exist_ok=True)
    for part in migrated.parent.glob("accord.sqlite3*"):  # a -wal file too, if one was left
        shutil.copy(part, var_dir / part.name)


@pytest.fixture(autouse=True)
def fresh_gap_counts():
    """Every test counts gaps afresh (accord.relationships.gap_cache.forget_counts)."""
    from accord.relationships.gap_cache import forget_counts

    forget_counts()
    yield
    forget_counts()


# What a test asks for when it touches the test database; pytest-django refuses the
# database to any test that asks for none of these.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
    | {"django_db_setup", "live_server"}
)


def uses_test_database(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(DATABASE_FIXTURES & names)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Two things that save time without changing what any test checks.

    On the PostgreSQL pass, tests that use no test database (pure functions, commands run
    on their own SQLite file or on none) are left out: the SQLite pass ran them exactly
    the same way. `every_pass` keeps a test that reads the pass's engine some other way.

    Under xdist (`--dist loadgroup`), tests that share a module- or class-scoped fixture
    (a demo book) go to one worker, so the fixture is built once.
    """
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        ran_on_sqlite = [
            item
            for item in items
            if not uses_test_database(item) and item.get_closest_marker("every_pass") is None
        ]
        if ran_on_sqlite:
            config.hook.pytest_deselected(items=ran_on_sqlite)
            items[:] = [item for item in items if item not in set(ran_on_sqlite)]
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info else ()
        if any(chain[-1].scope in ("class", "module", "package") for chain in definitions):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip `postgres_only` tests on SQLite with the reason, instead of failing them."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if item.get_closest_marker("postgres_only") and not engine.endswith("postgresql"):
        pytest.skip("needs PostgreSQL (set DATABASE_URL); this run is on SQLite")
