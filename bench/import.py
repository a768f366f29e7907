"""How fast `accord import interactions` loads a CSV, next to the floor of the same rows.

For each database (SQLite, PostgreSQL): a fresh database, migrated, with --customers
customers imported first (not timed); then the timed `accord import interactions FILE`
with every validation on (domain validators, references, duplicate ids, upsert lookups),
and an idempotent re-run of the same file (every row unchanged). The floor, measured in
the same run: the same rows as tuples, a plain executemany into an unindexed SQLite
table, and COPY into an unindexed PostgreSQL table. Medians of --repeats.

--kills N: instead, kill -9 the import N times at random points (each followed by the
next start), then let it finish, and count lost and duplicated rows.

    .venv/bin/python bench/import.py --rows 1000000
    .venv/bin/python bench/import.py --rows 1000000 --kills 20 --databases sqlite
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACCORD = str(Path(sys.executable).with_name("accord"))
PG_URL = "postgresql://postgres@127.0.0.1:5432/accord_importer_bench"
CHANNELS = ["email", "call", "chat", "meeting"]
KINDS = ["support", "request", "complaint", "praise", "pricing", "other"]
HEADER = [
    "external_id", "customer_external_id", "occurred_at", "channel", "direction", "kind",
    "function", "subject", "body", "staff_email",
]  # fmt: skip


def write_files(directory: Path, rows: int, customers: int) -> tuple[Path, Path]:
    rng = random.Random(7)
    customer_file = directory / "customers.csv"
    with customer_file.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["external_id", "name", "email", "owner_email", "stage"])
        for i in range(customers):
            writer.writerow(
                [f"C{i}", f"Customer {i}", f"c{i}@example.com", "owner@example.com", "active"]
            )
    interaction_file = directory / "interactions.csv"
    start = 1_700_000_000
    with interaction_file.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            moment = time.gmtime(start + i * 29)
            writer.writerow([
                f"I{i}", f"C{rng.randrange(customers)}",
                time.strftime("%Y-%m-%dT%H:%M:%S+00:00", moment), rng.choice(CHANNELS),
                rng.choice(("inbound", "outbound")), rng.choice(KINDS), "support",
                f"Subject {i % 97}", "A short message body about an order.",
                "owner@example.com" if i % 2 else "",
            ])  # fmt: skip
    return customer_file, interaction_file


def floor_rows(path: Path) -> list[tuple]:
    with path.open(newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [tuple(row) for row in reader]


def sqlite_floor(rows: list[tuple], directory: Path) -> float:
    database = directory / "floor.sqlite3"
    database.unlink(missing_ok=True)
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(f"CREATE TABLE interaction ({', '.join(HEADER)})")
        started = time.perf_counter()
        marks = ", ".join(["?"] * len(HEADER))
        connection.executemany(f"INSERT INTO interaction VALUES ({marks})", rows)
        connection.commit()
        return time.perf_counter() - started


def postgres_floor(rows: list[tuple]) -> float:
    import psycopg

    with psycopg.connect(PG_URL) as connection:
        connection.execute("DROP TABLE IF EXISTS bench_floor")
        connection.execute(f"CREATE TABLE bench_floor ({', '.join(c + ' text' for c in HEADER)})")
        started = time.perf_counter()
        with connection.cursor().copy(f"COPY bench_floor ({', '.join(HEADER)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        connection.commit()
        seconds = time.perf_counter() - started
        connection.execute("DROP TABLE bench_floor")
        return seconds


def fresh_database(kind: str, directory: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{directory}/bench.sqlite3{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{directory}/bench.sqlite3"
    else:
        import psycopg

        with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS accord_importer_bench WITH (FORCE)")
            admin.execute("CREATE DATABASE accord_importer_bench")
        url = PG_URL
    env.update(DATABASE_URL=url, ACCORD_VAR_DIR=str(directory))
    accord(env, "migrate", "-v0")
    accord(env, "createstaff", "owner", "--email", "owner@example.com", "--function", "success",
           "--password", "correct horse battery")  # fmt: skip
    return env


def accord(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([ACCORD, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"accord {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def timed_import(env: dict[str, str], path: Path) -> tuple[float, list[int]]:
    started = time.perf_counter()
    output = accord(env, "import", "interactions", str(path))
    seconds = time.perf_counter() - started
    for line in output.splitlines():
        cells = [c.strip().replace(",", "") for c in line.strip("│ ").split("│")]
        if len(cells) == 5 and all(c.isdigit() for c in cells):
            return seconds, [int(c) for c in cells]
    raise SystemExit(f"no counts in the output:\n{output}")


def speed(args: argparse.Namespace, directory: Path, files: tuple[Path, Path]) -> None:
    customers, interactions = files
    rows = floor_rows(interactions)
    print(f"{'database':<11}{'rows':>11}{'import s':>10}{'rows/s':>10}{'re-run s':>10}"
          f"{'floor s':>9}{'floor rows/s':>14}{'import/floor':>14}")  # fmt: skip
    for kind in args.databases.split(","):
        loads, reruns, floors = [], [], []
        for _ in range(args.repeats):
            env = fresh_database(kind, directory)
            accord(env, "import", "customers", str(customers))
            seconds, counts = timed_import(env, interactions)
            assert counts == [args.rows, args.rows, 0, 0, 0], counts
            again, counts = timed_import(env, interactions)
            assert counts == [args.rows, 0, 0, args.rows, 0], counts
            loads.append(seconds)
            reruns.append(again)
            floors.append(
                sqlite_floor(rows, directory) if kind == "sqlite" else postgres_floor(rows)
            )
        load, rerun, floor = (statistics.median(x) for x in (loads, reruns, floors))
        print(f"{kind:<11}{args.rows:>11,}{load:>10.1f}{args.rows / load:>10,.0f}{rerun:>10.1f}"
              f"{floor:>9.2f}{args.rows / floor:>14,.0f}{load / floor:>13.1f}x")  # fmt: skip


def kills(args: argparse.Namespace, directory: Path, files: tuple[Path, Path]) -> None:
    customers, interactions = files
    rng = random.Random(3)
    for kind in args.databases.split(","):
        env = fresh_database(kind, directory)
        accord(env, "import", "customers", str(customers))
        started = time.perf_counter()
        # Rough duration of one import, to draw kill times from.
        expected = max(2.0, args.rows / 50_000)
        for _ in range(args.kills):
            process = subprocess.Popen([ACCORD, "import", "interactions", str(interactions)],
                                       env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)  # fmt: skip
            time.sleep(rng.uniform(0.5, expected))
            process.send_signal(signal.SIGKILL)
            process.wait()
        _seconds, counts = timed_import(env, interactions)
        total, distinct = count_rows(kind, env)
        print(f"{kind}: {args.kills} kills at random points, then a full run "
              f"({time.perf_counter() - started:.0f} s in all); final run counts "
              f"read/created/updated/unchanged/failed = {counts}; rows {total:,} of {args.rows:,}: "
              f"lost {args.rows - distinct:,}, duplicated {total - distinct:,}")  # fmt: skip


def count_rows(kind: str, env: dict[str, str]) -> tuple[int, int]:
    sql = "SELECT COUNT(*), COUNT(DISTINCT external_id) FROM interactions_interaction"
    if kind == "sqlite":
        path = env["DATABASE_URL"].removeprefix("sqlite:///")
        with sqlite3.connect(path) as connection:
            return connection.execute(sql).fetchone()
    import psycopg

    with psycopg.connect(PG_URL) as connection:
        return connection.execute(sql).fetchone()  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--kills", type=int, default=0, help="crash test: kill -9 N times")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="accord-import-bench-") as name:
        directory = Path(name)
        files = write_files(directory, args.rows, args.customers)
        (kills if args.kills else speed)(args, directory, files)


if __name__ == "__main__":
    main()
