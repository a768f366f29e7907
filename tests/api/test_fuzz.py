"""schemathesis, every check, against `accord serve` on this run's database engine.

Bounded (a fixed seed, a few examples per operation) so it adds about two minutes per
database to `make test`; bench/fuzz.py runs the same harness deeper.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.api.fuzz_server import live_server, run_schemathesis

SEED = 20261203
EXAMPLES = 5


@pytest.mark.every_pass  # its server runs on a fresh database of this pass's engine
def test_schemathesis_all_checks_find_nothing(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    postgres_url = os.environ["DATABASE_URL"] if postgres else None
    migrated = None if postgres else request.getfixturevalue("migrated_sqlite")
    with live_server(tmp_path, postgres_url, migrated) as server:
        result = run_schemathesis(
            server, max_examples=EXAMPLES, seed=SEED, report_dir=tmp_path / "report", extra=[]
        )
        tracebacks = server.server_errors()
    summary = result.stdout[-6000:]
    assert result.returncode == 0, summary + result.stderr[-2000:]
    assert "Tested: " in summary and "failure" not in summary.lower(), summary
    assert tracebacks == ""
