"""kill -9 of `accord import` at random points, each followed by a re-run, ends with every
row of the file imported exactly once (customers with their key identity, relationship
and owner; interactions), on the test run's database kind."""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

from tests.imports.external_db import ExternalDatabase, external_database
from tests.imports.helpers import write_csv

CUSTOMERS = 600
INTERACTIONS = 4000
KILLS = 4
CHUNK = "20"


def files(tmp_path: Path) -> tuple[Path, Path]:
    customers = write_csv(
        tmp_path / "customers.csv",
        [
            {
                "external_id": f"C{i}",
                "name": f"Customer {i}",
                "email": f"c{i}@example.com",
                "owner_email": "owner@example.com" if i % 3 else "",
                "stage": "active",
            }
            for i in range(CUSTOMERS)
        ],
    )
    interactions = write_csv(
        tmp_path / "interactions.csv",
        [
            {
                "external_id": f"I{i}",
                "customer_external_id": f"C{i % CUSTOMERS}",
                "occurred_at": f"2026-0{1 + i % 9}-1{i % 10}T0{i % 10}:00:00Z",
                "channel": "email",
                "direction": "inbound",
                "subject": f"Message {i}",
            }
            for i in range(INTERACTIONS)
        ],
    )
    return customers, interactions


def last_run(db: ExternalDatabase) -> int:
    return db.query("SELECT COALESCE(MAX(id), 0) FROM imports_import_run")[0][0]


def checkpoint_after(db: ExternalDatabase, run_id: int) -> int:
    """How far the first run started after `run_id` has committed (0 before it starts)."""
    rows = db.query(f"SELECT MAX(checkpoint_line) FROM imports_import_run WHERE id > {run_id}")
    return rows[0][0] or 0


def kill_at_random_points(db: ExternalDatabase, kind: str, path: Path, rng: random.Random):
    lines = sum(1 for _ in path.open())
    for _ in range(KILLS):
        target = rng.randint(1, lines)
        before = last_run(db)
        process = db.popen("import", kind, str(path), ACCORD_IMPORT_CHUNK_ROWS=CHUNK)
        # Readiness polling until the import has committed past a random line.
        while process.poll() is None and checkpoint_after(db, before) < target:
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    final = db.accord("import", kind, str(path), ACCORD_IMPORT_CHUNK_ROWS=CHUNK)
    assert final.returncode == 0, final.stdout + final.stderr


@pytest.mark.django_db
def test_repeated_kill_9_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    rng = random.Random(11)
    customers, interactions = files(tmp_path)
    with external_database(tmp_path) as db:
        assert db.accord("migrate", "-v0").returncode == 0
        made = db.accord(
            "createstaff",
            "owner",
            "--email",
            "owner@example.com",
            "--function",
            "success",
            "--password",
            "correct horse battery",
        )
        assert made.returncode == 0, made.stderr
        kill_at_random_points(db, "customers", customers, rng)
        kill_at_random_points(db, "interactions", interactions, rng)

        assert db.query("SELECT COUNT(*), COUNT(DISTINCT name) FROM customers_customer") == [
            (CUSTOMERS, CUSTOMERS)
        ]
        assert db.query(
            "SELECT COUNT(*), COUNT(DISTINCT value) FROM customers_identity WHERE kind = 'external'"
        ) == [(CUSTOMERS, CUSTOMERS)]
        assert db.query(
            "SELECT COUNT(*), COUNT(DISTINCT customer_id) FROM relationships_relationship"
        ) == [(CUSTOMERS, CUSTOMERS)]
        owned = CUSTOMERS - len(range(0, CUSTOMERS, 3))
        assert db.query(
            "SELECT COUNT(*) FROM relationships_owner_assignment a JOIN "
            "relationships_relationship r ON r.customer_id = a.customer_id "
            "AND r.owner_id = a.owner_id WHERE a.ended_at IS NULL"
        ) == [(owned,)]
        stored = db.query(
            "SELECT i.external_id, i.subject, x.value FROM interactions_interaction i "
            "JOIN customers_identity x ON x.customer_id = i.customer_id AND x.kind = 'external'"
        )
        assert len(stored) == INTERACTIONS
        assert set(stored) == {
            (f"I{i}", f"Message {i}", f"C{i % CUSTOMERS}") for i in range(INTERACTIONS)
        }
        last = db.query(
            "SELECT status, read, created + unchanged, failed FROM imports_import_run "
            "ORDER BY id DESC LIMIT 1"
        )
        assert last == [("succeeded", INTERACTIONS, INTERACTIONS, 0)]
        # The kills did land mid-file: the next run found those runs dead.
        statuses = db.query("SELECT kind, status, checkpoint_line FROM imports_import_run")
        killed = [c for _kind, s, c in statuses if s == "interrupted"]
        assert len(killed) >= KILLS and all(c > 0 for c in killed)
