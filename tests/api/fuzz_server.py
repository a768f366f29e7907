"""A live `accord serve` on its own database, for schemathesis (tests/api/test_fuzz.py and
the deeper bench/fuzz.py).

The server runs as users run it (gunicorn in a subprocess, a free port), on a fresh
SQLite file or a fresh PostgreSQL database named after the test database, seeded with a
manager, an admin-scope token and a few customers so that ids in the fuzzed paths exist.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ACCORD = str(Path(sys.executable).with_name("accord"))
SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))
CONFIG = Path(__file__).with_name("schemathesis.toml")

SEED = """
import django
django.setup()
from accord.customers.services import create_customer
from accord.members.models import Role
from accord.members.services import issue_api_token
from tests.conftest import make_staff

fuzz = make_staff("fuzz", role=Role.MANAGER)
for number in range(1, 4):
    create_customer(name=f"Seed {number}", owner=fuzz, email=f"seed{number}@example.com")
print(issue_api_token(staff=fuzz, name="fuzz", scope="admin", expires_at=None).plaintext)
"""


@dataclass
class LiveServer:
    url: str
    token: str
    log: Path

    def server_errors(self) -> str:
        """The tracebacks the server logged (empty when no request failed inside)."""
        text = self.log.read_text(errors="replace")
        return text if "Traceback" in text else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fresh_postgres(url: str) -> str:
    """A new empty database beside the one in `url` (its name + "_fuzz"); its URL."""
    import psycopg

    from accord.core.env import parse_database_url

    parsed = parse_database_url(url)
    name = f"{parsed.name}_fuzz"
    connection = psycopg.connect(
        dbname="postgres",
        user=parsed.user or None,
        password=parsed.password or None,
        host=parsed.host or None,
        port=parsed.port or None,
        autocommit=True,
    )
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name


def _wait_for(url: str, server: subprocess.Popen, deadline_seconds: float = 60) -> None:
    deadline = time.monotonic() + deadline_seconds
    while True:  # polling until the server is up is readiness, not a timing assertion
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def live_server(
    var_dir: Path, postgres_url: str | None = None, migrated: Path | None = None
) -> Iterator[LiveServer]:
    """`migrated`: an already migrated SQLite file to copy (tests/conftest.py)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        ACCORD_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="accord.settings",
        # Scoring inline on every write is not what is fuzzed; the worker does it later.
        ACCORD_RESCORE_INLINE="0",
        # The fuzzer is one loopback client sending thousands of bad tokens on purpose:
        # the sign-in lock (docs/security.md) would rightly answer it 429 instead of the
        # 401 the invalid-auth check looks for. tests/members tests the lock itself.
        ACCORD_SIGNIN_FAILURES_PER_CLIENT="1000000",
        ACCORD_SIGNIN_FAILURES_PER_ACCOUNT="1000000",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    if postgres_url:
        env["DATABASE_URL"] = _fresh_postgres(postgres_url)
    if migrated and not postgres_url:
        shutil.copy(migrated, var_dir / "accord.sqlite3")
    else:
        subprocess.run([ACCORD, "migrate", "-v0"], env=env, check=True, timeout=300)
    seeded = subprocess.run(
        [sys.executable, "-c", SEED], env=env, check=True, timeout=120, capture_output=True
    )
    token = seeded.stdout.decode().strip().splitlines()[-1]
    port = free_port()
    log = var_dir / "server.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [ACCORD, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(f"http://127.0.0.1:{port}/healthz", server)
            yield LiveServer(f"http://127.0.0.1:{port}", token, log)
        finally:
            server.terminate()
            server.wait(timeout=30)


def run_schemathesis(
    server: LiveServer, *, max_examples: int, seed: int, report_dir: Path, extra: list[str]
) -> subprocess.CompletedProcess[str]:
    """schemathesis with every check against the server's own OpenAPI document."""
    return subprocess.run(
        [
            SCHEMATHESIS,
            "--config-file",
            str(CONFIG),
            "run",
            f"{server.url}/api/v1/openapi.json",
            "--checks",
            "all",
            "--seed",
            str(seed),
            "--max-examples",
            str(max_examples),
            # One worker: hypothesis describing filters from two threads at once trips a
            # CPython 3.11 ast bug ("AST constructor recursion depth mismatch").
            "--workers",
            "1",
            "--header",
            f"Authorization: Bearer {server.token}",
            "--report",
            "junit",
            "--report-dir",
            str(report_dir),
            "--no-color",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
        cwd=report_dir.parent,  # schemathesis keeps a .schemathesis/ cache where it runs
    )
