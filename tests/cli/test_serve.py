"""`accord serve` starts gunicorn on a fresh database and answers over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import copy_migrated

ACCORD = str(Path(sys.executable).with_name("accord"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, server: subprocess.Popen, deadline_seconds: float = 30) -> bytes:
    # Polling until the server is up is readiness, not a timing assertion.
    deadline = time.monotonic() + deadline_seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_health_and_static_files(tmp_path: Path, migrated_sqlite: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ACCORD_VAR_DIR"] = str(tmp_path)
    copy_migrated(migrated_sqlite, tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [ACCORD, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", server) == b"ok"
        assert b".badge" in wait_for(f"http://127.0.0.1:{port}/static/accord/app.css", server)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"Accord is serving at http://127.0.0.1:{port}/" in output


def test_serve_refuses_zero_workers(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ACCORD_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [ACCORD, "serve", "--workers", "0"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "--workers and --threads must be at least 1" in result.stderr
