"""Browser harness: Playwright drives Debian's Chromium against pytest-django's live server.

Never downloads a browser. Without Chromium or Playwright the browser tests skip with the
reason, except under CI=true, where a missing browser fails the run instead.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.db import connections

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous for a 2-core machine shared with other work; a failing locator still fails.
TIMEOUT_MS = 15_000


def chromium_path() -> str:
    return os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium")


def _missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    path = chromium_path()
    if not (os.access(path, os.X_OK) or shutil.which(path)):
        return f"no Chromium at {path} (apt-get install chromium, or set ACCORD_CHROMIUM)"
    return None


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    problem = _missing_browser()
    if problem and os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run under CI=true: {problem}", pytrace=False)
    if problem:
        pytest.skip(problem)
    return chromium_path()


@pytest.fixture
def open_page(
    chromium_executable: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str], Page]]:
    """Open pages in fresh headless Chromiums (own user data dir each); relative URLs go
    to the given base URL. Everything opened is closed after the test."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test still needs the
    # ORM (fixtures, assertions) here, which Django refuses unless told it is safe. Only
    # for browser tests, so async-safety bugs elsewhere still surface.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        contexts: list[BrowserContext] = []

        def launch(base_url: str) -> Page:
            context = playwright.chromium.launch_persistent_context(
                user_data_dir=str(tmp_path / f"chromium-profile-{len(contexts)}"),
                executable_path=chromium_executable,
                headless=True,
                args=CHROMIUM_ARGS,
                base_url=base_url,
            )
            contexts.append(context)
            context.set_default_timeout(TIMEOUT_MS)
            return context.pages[0] if context.pages else context.new_page()

        try:
            yield launch
        finally:
            for context in contexts:
                context.close()
            # Inside sync_playwright the ORM resolves to its own connection (Django keeps
            # connections in context variables, and Playwright's greenlets switch the
            # context); close it here, or PostgreSQL refuses to drop the test database.
            connections.close_all()


@pytest.fixture
def page(open_page: Callable[[str], Page], live_server) -> Page:
    """A fresh headless Chromium page whose relative URLs go to the live server."""
    return open_page(live_server.url)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ carries the `browser` mark (`-m "not browser"`)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


PASSWORD = "correct horse battery"  # make_staff's password


def totp_code(secret: bytes, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for this secret now (or a step later)."""
    from django_otp.oath import TOTP

    totp = TOTP(secret, step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def log_in(page: Page, username: str) -> None:
    """Sign a staff member in through the login form (tests import it from here). People
    who must use a second factor (managers, admins) get an authenticator made for them
    here and type its code, as they would from their phone."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect  # imported late: Playwright may be missing

    from accord.members.models import StaffMember
    from accord.members.second_factor import must_use_second_factor

    staff = StaffMember.objects.get(username=username)
    device = None
    if must_use_second_factor(staff):
        device = TOTPDevice.objects.filter(user=staff, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=staff, name="tests", confirmed=True)
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/login/$|/login/\?"))
    if device is not None:
        expect(page).to_have_url(re.compile(r"/login/verify/"))
        # A code is good once: a second sign-in within 30 s takes the next step's code
        # (django-otp accepts one step of clock drift).
        device.refresh_from_db()
        ahead = 1 if device.last_t >= int(time.time()) // 30 else 0
        page.fill("input[name=code]", totp_code(device.bin_key, steps_ahead=ahead))
        page.get_by_role("button", name="Continue").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


@pytest.fixture
def screens(request: pytest.FixtureRequest):
    """Save screenshots of a journey's pages (tests/browser/screens.py)."""
    from tests.browser.screens import Screens

    return Screens(request.node.nodeid.split("::", 1)[-1])
