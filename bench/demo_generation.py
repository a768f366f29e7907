"""How long `accord demo` takes to generate the default and the 100,000-customer book.

Each size runs `accord demo --reset --customers N` in a fresh ACCORD_VAR_DIR (SQLite),
then counts the rows written (all tables). The floor, measured in the same run: a bare
executemany of that many interaction-shaped rows into an empty, index-free SQLite table
(what writing the rows costs before any generating, indexing or checking).

    .venv/bin/python bench/demo_generation.py --customers 2000,100000
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = {2000: 30.0, 100_000: 600.0}
ACCORD = Path(sys.executable).with_name("accord")
ROW = (
    "email", "inbound", "support", 7, "2025-03-01 10:00:00", "complaint",
    "Charged twice this month",
    "My invoice for this month charges the subscription twice. Please refund the second charge.",
    "accord", None, None,
)  # fmt: skip


def generate(customers: int, seed: int, var_dir: Path) -> tuple[float, float]:
    """Run the command; returns (generation seconds it reports, wall seconds incl. migrate).

    Peak memory of the largest child so far is read afterwards with getrusage.
    """
    env = {**os.environ, "ACCORD_VAR_DIR": str(var_dir)}
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    result = subprocess.run(
        [str(ACCORD), "demo", "--reset", f"--customers={customers}", f"--seed={seed}"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    wall = time.perf_counter() - started
    reported = re.search(r"in ([0-9.]+) s", result.stdout)
    if reported is None:
        raise SystemExit(f"accord demo printed no timing:\n{result.stdout}{result.stderr}")
    return float(reported.group(1)), wall


def count_rows(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }


def floor_seconds(rows: int, directory: Path) -> float:
    """Bare executemany of `rows` interaction-shaped rows into an empty table (the floor)."""
    database = directory / "floor.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(
            "CREATE TABLE interaction (id INTEGER PRIMARY KEY, customer_id INT, channel TEXT,"
            " direction TEXT, function TEXT, staff_id INT, occurred_at TEXT, kind TEXT,"
            " subject TEXT, body TEXT, source TEXT, external_id TEXT, request_id INT)"
        )
        started = time.perf_counter()
        connection.executemany(
            "INSERT INTO interaction VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((i, i // 50, *ROW) for i in range(1, rows + 1)),
        )
        connection.commit()
        elapsed = time.perf_counter() - started
    database.unlink()
    return elapsed


def peak_mb() -> float:
    """Largest resident set of any finished child process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", default="2000,100000", help="comma-separated sizes")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (median shown)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.customers.split(",") if size.strip()]
    header = (
        f"{'customers':>10} {'interactions':>13} {'orders':>10} {'all rows':>11} "
        f"{'seconds':>8} {'wall s':>7} {'rows/s':>9} {'target s':>9} {'floor s':>8} "
        f"{'x floor':>8} {'peak MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for size in sizes:
        generated, walls = [], []
        with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
            var_dir = Path(tmp)
            for _ in range(args.repeat):
                seconds, wall = generate(size, args.seed, var_dir)
                generated.append(seconds)
                walls.append(wall)
            rows = count_rows(var_dir / "accord.sqlite3")
            floor = floor_seconds(sum(rows.values()), var_dir)
        seconds = statistics.median(generated)
        total = sum(rows.values())
        target = TARGET_SECONDS.get(size)
        print(
            f"{size:>10,} {rows['interactions_interaction']:>13,} {rows['commerce_order']:>10,} "
            f"{total:>11,} {seconds:>8.1f} {statistics.median(walls):>7.1f} "
            f"{total / seconds:>9,.0f} {target if target else '-':>9} {floor:>8.1f} "
            f"{seconds / floor:>8.1f} {peak_mb():>8,.0f}"
        )
    print(
        "\nseconds: generation as reported by `accord demo` (median of runs); wall s adds "
        "process start and migrate.\nfloor s: bare executemany of the same number of "
        "rows (all tables) into an empty SQLite table without indexes, same run.\n"
        "peak MB: largest resident memory of an `accord demo` process so far."
    )


if __name__ == "__main__":
    main()
