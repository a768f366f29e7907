"""Benchmark of `accord score` (full-book batch) and incremental rescoring of one customer.

    .venv/bin/python bench/score.py --customers 100000 --interactions 2000000 \
        --orders 300000 --databases sqlite,postgres

For each database: a fresh book is bulk-loaded (or, with --keep, reused), then measured
in the same run:
- floor: one bare full scan of the same tables (count and sums over every row, no
  grouping), the least any full-book scoring could cost;
- batch: `accord score` as a child process (its default workers unless --workers): wall
  time, and peak memory summed over it and its worker processes (sampled every 50 ms;
  shared pages count once per process, so this over-states). Each timed run is the
  daily steady state: a book already scored the day before (an untimed run scores it
  first if it has no scores), rescored as of a new day, so every score row is updated
  and every snapshot row is new. PostgreSQL gets VACUUM ANALYZE first, as autovacuum
  would have done overnight;
- incremental: rescore_customer() of one customer with 1,000 events, 200 runs.
Medians over --repeat runs; ratios are batch / floor. Targets: batch <= 60 s and <= 5x
the floor, peak <= 2 GB, incremental p99 <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

ACCORD = str(Path(sys.executable).with_name("accord"))
AS_OF = "2026-11-01T12:00:00+00:00"
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"

from score_data import (  # noqa: E402  (bench/ is the script's folder on sys.path)
    AS_OF_EPOCH,
    YEAR,
    interaction_columns,
    load,
    order_columns,
    setup_django,
)


def floor(url: str) -> float:
    """One bare full scan of every table the batch reads: count and sums, no grouping."""
    setup_django(url)
    from django.db import connection

    scans = [
        "SELECT COUNT(*), SUM(id) FROM customers_customer",
        "SELECT COUNT(*), SUM(customer_id) FROM relationships_relationship",
        "SELECT COUNT(*), SUM(customer_id), SUM(LENGTH(kind)) FROM interactions_interaction",
        "SELECT COUNT(*), SUM(amount), SUM(list_amount) FROM commerce_order",
        "SELECT COUNT(*), SUM(nps), SUM(comment_sentiment) FROM voice_survey_response",
        "SELECT COUNT(*), SUM(monthly_price) FROM commerce_subscription",
        "SELECT COUNT(*), SUM(value) FROM commerce_loyalty_balance",
        "SELECT COUNT(*), SUM(customer_id) FROM promises_promise",
    ]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in scans:
            cursor.execute(sql)
            cursor.fetchall()
    return time.perf_counter() - started


def incremental(url: str, runs: int) -> list[float]:
    """Give one customer 1,000 events, then time rescore_customer `runs` times (seconds)."""
    setup_django(url)
    from datetime import datetime

    import numpy as np
    from django.db import connection

    from accord.commerce.models import Order
    from accord.core.bulk import insert_columns
    from accord.interactions.models import Interaction
    from accord.scoring.incremental import rescore_customer

    vendor, rng = connection.vendor, np.random.default_rng(3)
    customer = np.full(1000, 42)
    at = np.sort(AS_OF_EPOCH - rng.integers(86400, 2 * YEAR, 1000))
    base = 900_000_000
    if not Interaction.objects.filter(pk=base).exists():  # a --keep book has them already
        insert_columns(
            Interaction,
            interaction_columns(
                rng, vendor, np.arange(base, base + 800), customer[:800], at[:800], 800
            ),
        )
        insert_columns(
            Order,
            order_columns(rng, vendor, np.arange(base, base + 200), customer[800:], at[800:], 200),
        )
    as_of = datetime.fromisoformat(AS_OF)
    rescore_customer(42, as_of)  # warm caches and the connection
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        rescore_customer(42, as_of)
        timings.append(time.perf_counter() - started)
    return timings


# ---------------------------------------------------------------- parent: orchestration


def _child(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run a child; (wall seconds, peak RSS bytes of that child alone, stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    out, err = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"child failed: {' '.join(args)}\n{err.strip()}")
    return wall, 0, out


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (0 once it is gone)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(child) for child in (task / "children").read_text().split())
        except (FileNotFoundError, IndexError, ProcessLookupError):
            continue
    return total


def _run_measured(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run a child; (wall seconds, peak RSS summed over its process tree, stdout)."""
    peak, done = [0], threading.Event()
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(args, env=env, stdout=out, stderr=err, text=True)

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], _tree_rss(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        process.wait()
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"child failed: {' '.join(args)}\n{err.read().strip()}")
        return wall, peak[0], out.read()


def _prepare(url: str) -> dict[str, object]:
    """VACUUM ANALYZE on PostgreSQL (what autovacuum does between daily runs); whether
    the book has scores, and the next day to score: one past the latest day scored, in
    days after AS_OF, so every timed run writes a new day's snapshots."""
    setup_django(url)
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT EXISTS (SELECT 1 FROM scoring_customer_score)")
        scored = bool(cursor.fetchone()[0])
        cursor.execute("SELECT MAX(as_of) FROM scoring_run")
        latest = cursor.fetchone()[0]
    if latest is None:
        return {"scored": scored, "next_day": 0}
    if isinstance(latest, str):
        latest = datetime.fromisoformat(latest)
    return {"scored": scored, "next_day": (latest.date() - _as_of().date()).days + 1}


def _as_of() -> datetime:
    return datetime.fromisoformat(AS_OF)


def _day(offset: int) -> str:
    """AS_OF moved by whole days (events after an as_of are ignored, as in production)."""
    return (_as_of() + timedelta(days=offset)).isoformat()


def _kept_database(kind: str, options: argparse.Namespace, workdir: Path) -> str | None:
    """With --keep: the URL of a book of these sizes loaded by an earlier run, if any."""
    name = f"bench-score-{options.customers}-{options.interactions}-{options.orders}"
    if kind == "sqlite":
        path = workdir / f"{name}.sqlite3"
        return f"sqlite:///{path}" if path.exists() else None
    import psycopg

    database = name.replace("-", "_")
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if found.fetchone() is None:
            return None
    return f"postgresql://postgres@127.0.0.1:5432/{database}"


def _fresh_database(kind: str, workdir: Path, name: str = "bench-score") -> str:
    if kind == "sqlite":
        path = workdir / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        database = name.replace("-", "_")
        admin.execute(f"DROP DATABASE IF EXISTS {database}")
        admin.execute(f"CREATE DATABASE {database}")
    return f"postgresql://postgres@127.0.0.1:5432/{database}"


def measure(kind: str, options: argparse.Namespace, workdir: Path) -> dict[str, float]:
    name = f"bench-score-{options.customers}-{options.interactions}-{options.orders}"
    url = _kept_database(kind, options, workdir) if options.keep else None
    env = {**os.environ, "ACCORD_VAR_DIR": str(workdir)}
    me = [sys.executable, __file__]
    load_seconds = 0.0
    if url is None:
        url = _fresh_database(kind, workdir, name if options.keep else "bench-score")
        env["DATABASE_URL"] = url
        subprocess.run([ACCORD, "migrate", "-v0"], env=env, check=True)
        load_seconds, _, _ = _child(
            [
                *me,
                "--url",
                url,
                "--mode",
                "load",
                "--customers",
                str(options.customers),
                "--interactions",
                str(options.interactions),
                "--orders",
                str(options.orders),
            ],
            env,
        )
    env["DATABASE_URL"] = url
    me = [*me, "--url", url]
    score = [ACCORD, "score", "--quiet", "--chunk-size", str(options.chunk_size)]
    if options.workers:
        score += ["--workers", str(options.workers)]
    state = json.loads(_child([*me, "--mode", "prepare"], env)[2])
    if not state["scored"]:  # untimed: the day before's scores
        subprocess.run(
            [*score, "--as-of", _day(state["next_day"])], env=env, check=True, capture_output=True
        )
    floors, batches, peaks = [], [], []
    for _ in range(options.repeat):
        floors.append(float(_child([*me, "--mode", "floor"], env)[2]))
        state = json.loads(_child([*me, "--mode", "prepare"], env)[2])
        wall, peak, _ = _run_measured([*score, "--as-of", _day(state["next_day"])], env)
        batches.append(wall)
        peaks.append(peak)
    timings = json.loads(
        _child([*me, "--mode", "incremental", "--runs", str(options.runs)], env)[2]
    )
    timings.sort()
    return {
        "load": load_seconds,
        "floor": statistics.median(floors),
        "batch": statistics.median(batches),
        "peak": max(peaks),
        "p50": statistics.median(timings),
        "p99": timings[min(len(timings) - 1, round(0.99 * len(timings)) - 1)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--orders", type=int, default=30_000)
    parser.add_argument("--databases", default="sqlite", help="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=1, help="batch and floor runs (median)")
    parser.add_argument("--runs", type=int, default=200, help="incremental rescoring runs")
    parser.add_argument("--chunk-size", type=int, default=20_000)
    parser.add_argument("--workers", type=int, help="accord score --workers (default: its own)")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the loaded book (SQLite file in DIR, or a PostgreSQL database named "
        "after the sizes) and reuse it on later runs with the same sizes; load s is 0 then",
    )
    parser.add_argument(
        "--mode", choices=["load", "floor", "incremental", "prepare"], help=argparse.SUPPRESS
    )
    parser.add_argument("--url", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.mode == "load":
        load(options.url, options.customers, options.interactions, options.orders)
        return
    if options.mode == "floor":
        print(floor(options.url))
        return
    if options.mode == "prepare":
        print(json.dumps(_prepare(options.url)))
        return
    if options.mode == "incremental":
        print(json.dumps(incremental(options.url, options.runs)))
        return
    print(
        f"book: {options.customers:,} customers, {options.interactions:,} interactions, "
        f"{options.orders:,} orders; batch and floor medians of {options.repeat} run(s); "
        f"{options.runs} incremental runs; {os.cpu_count()} CPUs (machine may be shared)"
    )
    header = (
        "database",
        "load s",
        "floor s",
        "batch s",
        "batch/floor",
        "peak MB (all procs)",
        "incr p50 ms",
        "incr p99 ms",
    )
    print(" | ".join(header))
    with tempfile.TemporaryDirectory(prefix="bench-score-") as tmp:
        workdir = Path(options.keep) if options.keep else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for kind in options.databases.split(","):
            kind = "postgres" if kind.startswith("postgres") else kind
            r = measure(kind, options, workdir)
            print(
                " | ".join(
                    [
                        kind,
                        f"{r['load']:.1f}",
                        f"{r['floor']:.2f}",
                        f"{r['batch']:.2f}",
                        f"{r['batch'] / r['floor']:.1f}x",
                        f"{r['peak'] / 2**20:.0f}",
                        f"{r['p50'] * 1000:.1f}",
                        f"{r['p99'] * 1000:.1f}",
                    ]
                ),
                flush=True,
            )
    print("targets: batch <= 60 s and <= 5x floor, peak <= 2048 MB, incremental p99 <= 50 ms")


if __name__ == "__main__":
    main()
