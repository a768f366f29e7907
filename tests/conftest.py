"""Shared fixtures: personas (alice the manager, bob and carol members) and a customer."""

from __future__ import annotations

import pytest
from django.test import override_settings

from accord.core.models import Function
from accord.members.models import Role, StaffMember

# Production hashing (PBKDF2, ~0.3 s per password) dominated test setup; tests only need
# a hash that checks. Test-only: settings.py never names a hasher (tests/core says so).
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


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


@pytest.fixture(autouse=True)
def fresh_gap_counts():
    """Every test counts gaps afresh (accord.relationships.gap_cache.forget_counts)."""
    from accord.relationships.gap_cache import forget_counts

    forget_counts()
    yield
    forget_counts()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip `postgres_only` tests on SQLite with the reason, instead of failing them."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if item.get_closest_marker("postgres_only") and not engine.endswith("postgresql"):
        pytest.skip("needs PostgreSQL (set DATABASE_URL); this run is on SQLite")
