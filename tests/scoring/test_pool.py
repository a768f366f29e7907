"""The batch's worker pool: tasks run in forked processes when that is safe, in-process
otherwise, and a failing task reaches the caller."""

from __future__ import annotations

import os

import pytest

from accord.scoring import pool
from accord.scoring.pool import run_tasks


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool's mechanics with tasks that never touch the database (the SQLite test
    database lives in memory, where the real check refuses to fork; tests/cli/test_score.py
    forks real workers against a database file)."""
    monkeypatch.setattr(pool, "can_fork", lambda: True)


def square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError(f"task {n} failed")
    return n


def test_tasks_run_in_worker_processes_and_every_result_comes_back(forking) -> None:
    results = list(run_tasks(square_and_pid, [(n,) for n in range(10)], workers=2))
    assert sorted(value for value, _ in results) == [n * n for n in range(10)]
    assert os.getpid() not in {pid for _, pid in results}


def test_ordered_results_follow_the_tasks(forking) -> None:
    results = run_tasks(square_and_pid, [(n,) for n in range(10)], workers=2, ordered=True)
    assert [value for value, _ in results] == [n * n for n in range(10)]


def test_a_failing_task_raises_in_the_caller(forking) -> None:
    with pytest.raises(ValueError, match="task 3 failed"):
        list(run_tasks(fail_on_three, [(n,) for n in range(6)], workers=2))


def test_inside_a_transaction_tasks_run_in_process(db) -> None:
    # Forked workers could not see the test's uncommitted rows.
    results = list(run_tasks(square_and_pid, [(n,) for n in range(4)], workers=2))
    assert {pid for _, pid in results} == {os.getpid()}
