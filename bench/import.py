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
import resource
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

ACCORD = str(Path(sys.executable).with_name("accord"))
PG_URL = "postgresql://postgres@127.0.0.1:5432/accord_ingest_bench"
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
            admin.execute("DROP DATABASE IF EXISTS accord_ingest_bench WITH (FORCE)")
            admin.execute("CREATE DATABASE accord_ingest_bench")
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


def child_cpu() -> float:
    """User + system CPU seconds of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# CPU seconds of each timed import (the importer process alone): the steady figure on a
# shared machine, where wall seconds follow the load average.
IMPORT_CPU: list[float] = []


def timed_import(env: dict[str, str], path: Path) -> tuple[float, list[int]]:
    started, used = time.perf_counter(), child_cpu()
    output = accord(env, "import", "interactions", str(path))
    seconds = time.perf_counter() - started
    IMPORT_CPU.append(child_cpu() - used)
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
        loads, reruns, floors, cpus = [], [], [], []
        for _ in range(args.repeats):
            env = fresh_database(kind, directory)
            accord(env, "import", "customers", str(customers))
            seconds, counts = timed_import(env, interactions)
            cpus.append(IMPORT_CPU[-1])
            assert counts == [args.rows, args.rows, 0, 0, 0], counts
            again, counts = timed_import(env, interactions)
            assert counts == [args.rows, 0, 0, args.rows, 0], counts
            loads.append(seconds)
            reruns.append(again)
            floors.append(
                sqlite_floor(rows, directory) if kind == "sqlite" else postgres_floor(rows)
            )
        load, rerun, floor = (statistics.median(x) for x in (loads, reruns, floors))
        each = ", ".join(f"{x:.1f}" for x in loads)
        bottoms = ", ".join(f"{x:.2f}" for x in floors)
        cpu = statistics.median(cpus)
        print(f"  ({kind}: imports {each} s; floors {bottoms} s; load {load_average()}; "
              f"importer CPU {cpu:.1f} s, {args.rows / cpu:,.0f} rows per CPU s)")  # fmt: skip
        print(f"{kind:<11}{args.rows:>11,}{load:>10.1f}{args.rows / load:>10,.0f}{rerun:>10.1f}"
              f"{floor:>9.2f}{args.rows / floor:>14,.0f}{load / floor:>13.1f}x")  # fmt: skip


def kills(args: argparse.Namespace, directory: Path, files: tuple[Path, Path]) -> None:
    """kill -9 at random points of the file (a random line committed, then a random
    moment of the next chunk) and, one kill in five, at a random moment of start-up or
    of the index rebuild; each next start resumes the job. Then one full run."""
    customers, interactions = files
    rng = random.Random(3)
    for kind in args.databases.split(","):
        env = fresh_database(kind, directory)
        accord(env, "import", "customers", str(customers))
        indexes_before = count_indexes(kind, env)
        started = time.perf_counter()
        where = []
        for _ in range(args.kills):
            before = query(kind, env, "SELECT COALESCE(MAX(id), 0) FROM imports_import_run")
            process = subprocess.Popen([ACCORD, "import", "interactions", str(interactions)],
                                       env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)  # fmt: skip
            if rng.random() < 0.2:
                time.sleep(rng.uniform(0.2, 4.0))
            else:
                target = rng.randint(1, args.rows)
                sql = f"SELECT MAX(checkpoint_line) FROM imports_import_run WHERE id > {before}"
                while process.poll() is None and (query(kind, env, sql) or 0) < target:
                    time.sleep(0.05)
                time.sleep(rng.uniform(0, 1.0))
            process.send_signal(signal.SIGKILL)
            process.wait()
            sql = f"SELECT MAX(checkpoint_line) FROM imports_import_run WHERE id > {before}"
            where.append(query(kind, env, sql) or 0)
            elapsed = time.perf_counter() - started
            print(f"  {kind}: kill {len(where)} with line {where[-1]:,} committed "
                  f"({elapsed:.0f} s, load {load_average()})", flush=True)  # fmt: skip
        _seconds, counts = timed_import(env, interactions)
        total, distinct = count_rows(kind, env)
        print(f"{kind}: {args.kills} kills (committed line at each kill: "
              f"{', '.join(f'{line:,}' for line in where)}), then a full run "
              f"({time.perf_counter() - started:.0f} s in all, load {load_average()})")  # fmt: skip
        print(f"  final run read/created/updated/unchanged/failed = {counts}; rows {total:,} "
              f"of {args.rows:,}: lost {args.rows - distinct:,}, duplicated {total - distinct:,}; "
              f"indexes {count_indexes(kind, env)} (before: {indexes_before})")  # fmt: skip


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def query(kind: str, env: dict[str, str], sql: str) -> Any:
    """The first value of a query, on the bench database (None when there is none)."""
    if kind == "sqlite":
        path = env["DATABASE_URL"].removeprefix("sqlite:///")
        with closing(sqlite3.connect(path, timeout=30)) as connection:
            row = connection.execute(sql).fetchone()
    else:
        import psycopg

        with psycopg.connect(PG_URL) as connection:
            row = connection.execute(sql).fetchone()
    return row[0] if row else None


def count_indexes(kind: str, env: dict[str, str]) -> int:
    if kind == "sqlite":
        sql = (
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'interactions_interaction'"
        )
    else:
        sql = "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'interactions_interaction'"
    return int(query(kind, env, sql))


def count_rows(kind: str, env: dict[str, str]) -> tuple[int, int]:
    total = query(kind, env, "SELECT COUNT(*) FROM interactions_interaction")
    distinct = query(kind, env, "SELECT COUNT(DISTINCT external_id) FROM interactions_interaction")
    return int(total), int(distinct)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--kills", type=int, default=0, help="crash test: kill -9 N times")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ingest-import-bench-") as name:
        directory = Path(name)
        files = write_files(directory, args.rows, args.customers)
        (kills if args.kills else speed)(args, directory, files)


if __name__ == "__main__":
    main()
