"""What `make demo` does, end to end: `accord demo` prints a staff login, `accord serve`
serves the company, and that login in a real browser shows customers with their owners.

Runs the real commands in subprocesses on their own SQLite file, so it runs once, on the
SQLite pass of `make test`.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from base64 import b32decode
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import totp_code

pytestmark = pytest.mark.browser

ACCORD = Path(sys.executable).with_name("accord")
# "maria / accord-demo (manager)" in the demo command's closing lines.
DEMO_SECRET = re.compile(r"authenticator secret (?P<secret>[A-Z2-7]+) \(demo only")
STAFF_LOGIN = re.compile(r"(?P<username>[\w.@+-]+) / (?P<password>\S+) \(manager\)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_listening(port: int, server: subprocess.Popen[str], patience: float) -> None:
    """Poll until the port accepts connections; a start-up failure fails the test at once."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"accord serve exited with {server.returncode}", pytrace=False)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"accord serve did not listen on port {port}", pytrace=False)


@pytest.fixture
def demo_env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ACCORD_")}
    env.pop("DATABASE_URL", None)
    return {**env, "ACCORD_VAR_DIR": str(tmp_path / "var")}


@pytest.fixture
def served_demo(demo_env: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Run `accord demo` then `accord serve`; yield (base URL, demo command output)."""
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("runs once, on the SQLite pass: it uses its own SQLite file anyway")
    demo = subprocess.run(
        [str(ACCORD), "demo", "--customers", "40"],
        env=demo_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert demo.returncode == 0, demo.stderr
    port = free_port()
    server = subprocess.Popen(
        [str(ACCORD), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=demo_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group: gunicorn's workers stop with it
    )
    try:
        wait_until_listening(port, server, patience=120)
        yield f"http://127.0.0.1:{port}", demo.stdout
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_printed_demo_login_shows_customers_with_owners(
    served_demo: tuple[str, str], open_page: Callable[[str], Page]
):
    base_url, printed = served_demo
    login = STAFF_LOGIN.search(printed)
    assert login, f"no staff login in the demo output:\n{printed}"
    page = open_page(base_url)

    page.goto("/login/")
    page.fill("input[name=username]", login["username"])
    page.fill("input[name=password]", login["password"])
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    # The demo's managers share a published authenticator secret (printed by accord demo).
    secret = DEMO_SECRET.search(printed)
    assert secret, f"no demo second factor in the demo output:\n{printed}"
    expect(page).to_have_url(re.compile(r"/login/verify/"))
    page.fill("input[name=code]", totp_code(b32decode(secret["secret"])))
    page.get_by_role("button", name="Continue").click()

    rows = page.locator("table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 10
    headers = [text.strip() for text in page.locator("table thead th").all_text_contents()]
    column = headers.index("Owner") + 1
    owners = page.locator(f"table tbody tr td:nth-child({column})").all_inner_texts()
    assert all(owner.strip() and owner.strip() != "—" for owner in owners[:10]), owners
