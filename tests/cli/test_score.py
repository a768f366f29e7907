"""`accord score` through the CLI: bad flags give one clear line, and a run killed with
kill -9 after its first chunk committed, then re-run, ends with exactly the scores of an
uninterrupted single-worker run on a copy of the same database."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import copy_migrated

ACCORD = str(Path(sys.executable).with_name("accord"))
AS_OF = "2026-11-01T12:00:00+00:00"


def environment(database: Path, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{database}", ACCORD_VAR_DIR=str(var_dir))
    return env


def checkpoint(database: Path) -> tuple[int, int, str] | None:
    """(chunks committed, chunks in the run, status) of the latest run, if any."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as db:
        try:
            row = db.execute(
                "SELECT (SELECT COUNT(*) FROM scoring_run_chunk WHERE run_id = r.id),"
                " (r.max_customer_id + r.chunk_size - 1) / r.chunk_size, r.status"
                " FROM scoring_run r ORDER BY r.id DESC"
            ).fetchone()
        except sqlite3.OperationalError:  # table not created yet
            return None
    return row


def scores(database: Path) -> list[tuple]:
    """Every stored score column except scored_at, and every snapshot, in id order."""
    with sqlite3.connect(database) as db:
        columns = [
            row[1]
            for row in db.execute("PRAGMA table_info(scoring_customer_score)")
            if row[1] != "scored_at"
        ]
        rows = db.execute(
            f"SELECT {', '.join(columns)} FROM scoring_customer_score ORDER BY customer_id"
        ).fetchall()
        snapshots = db.execute(
            "SELECT customer_id, taken_on_date, health, clv, segment FROM scoring_score_snapshot"
            " ORDER BY customer_id"
        ).fetchall()
    return rows + snapshots


def score_indexes(database: Path) -> set[str]:
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'scoring_customer_score' AND sql IS NOT NULL"
        ).fetchall()
    return {row[0] for row in rows}


def copy_database(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def test_kill_9_then_rerun_gives_the_scores_of_an_uninterrupted_run(tmp_path: Path) -> None:
    killed_db, clean_db = tmp_path / "killed.sqlite3", tmp_path / "clean.sqlite3"
    env = environment(killed_db, tmp_path)
    subprocess.run(
        [ACCORD, "demo", "--customers", "400", "--as-of", AS_OF, "--no-score"],
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
    )
    copy_database(killed_db, clean_db)
    # Two workers: chunks commit out of order, and the killed parent takes its workers along.
    command = [
        ACCORD,
        "score",
        "--as-of",
        "demo",
        "--chunk-size",
        "10",
        "--workers",
        "2",
        "--quiet",
    ]

    run = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Waiting for the first committed chunk is readiness polling, not a timing assertion.
    while (state := checkpoint(killed_db)) is None or state[0] == 0:
        assert run.poll() is None, run.stderr.read() if run.stderr else ""
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    done, chunks, status = checkpoint(killed_db)  # type: ignore[misc]
    assert status == "running" and 0 < done < chunks
    assert "score_health" not in score_indexes(killed_db)  # set aside while writing

    resumed = subprocess.run(
        command, env=env, check=True, timeout=300, capture_output=True, text=True
    )
    one_worker = [*command[:-2], "1", "--quiet"]  # and chunk order does not matter
    subprocess.run(
        one_worker,
        env=environment(clean_db, tmp_path),
        check=True,
        timeout=300,
        capture_output=True,
    )

    assert "scored 400 customers" in resumed.stdout
    assert checkpoint(killed_db)[2] == "done"  # type: ignore[index]
    killed_scores = scores(killed_db)
    assert len(killed_scores) == 800
    assert killed_scores == scores(clean_db)
    # The batch sets the score indexes aside while it writes; the kill left them dropped
    # and the re-run put them back.
    assert score_indexes(killed_db) == score_indexes(clean_db)
    assert {"score_health", "score_segment_health", "score_hostages"} <= score_indexes(killed_db)


def test_bad_flags_give_one_line_and_a_non_zero_exit(tmp_path: Path, migrated_sqlite: Path) -> None:
    copy_migrated(migrated_sqlite, tmp_path)
    env = environment(tmp_path / "accord.sqlite3", tmp_path)
    for flags, message in (
        (["--as-of", "yesterday"], "--as-of: 'yesterday' is not an ISO date or datetime"),
        (["--chunk-size", "0"], "--chunk-size: must be at least 1, got 0"),
        (["--workers", "0"], "--workers: must be at least 1, got 0"),
        (["--as-of", "demo"], "--as-of demo: there is no demo book in this database"),
    ):
        result = subprocess.run(
            [ACCORD, "score", *flags], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode != 0
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
