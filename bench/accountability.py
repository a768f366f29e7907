"""Benchmark: the whole accountability board and the customer 360 page at scale.

    .venv/bin/python bench/accountability.py --customers 100000 --interactions-per-customer 20 \
        --databases sqlite,postgres

For each database it builds a fresh book (bulk inserts, fixed seed), then times
list_gaps() over the whole book (median of --runs), a floor measured in the same run
(one bare full scan of the same tables: COUNT and SUMs over every row), and the staff
customer 360 page for a customer with --timeline interactions (p95 over --requests
requests through Django's test client, so no network). Targets: board <= 5 s, 360 p95
<= 100 ms. Each database runs in its own process so settings stay independent.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from accountability_data import AS_OF, build_book, insert_rows, stamp

ROOT = Path(__file__).resolve().parents[1]
BOARD_TARGET_S = 5.0
PAGE_TARGET_MS = 100.0
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


# --- measurements --------------------------------------------------------------------------

FLOOR_SQL = [
    "SELECT COUNT(*), SUM(customer_id), SUM(COALESCE(staff_id, 0)), SUM(LENGTH(direction)) "
    "FROM interactions_interaction",
    "SELECT COUNT(*), SUM(customer_id), SUM(COALESCE(owner_id, 0)) FROM relationships_relationship",
    "SELECT COUNT(*), SUM(customer_id), SUM(owner_id) FROM relationships_owner_assignment",
    "SELECT COUNT(*), SUM(customer_id) FROM relationships_handoff",
    "SELECT COUNT(*), SUM(customer_id) FROM interactions_request",
]


def time_floor(runs: int) -> float:
    from django.db import connection

    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in FLOOR_SQL:
                cursor.execute(sql)
                cursor.fetchall()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def time_board(runs: int) -> tuple[float, dict[str, int]]:
    from accord.relationships.gaps import count_gaps_by_kind, list_gaps

    timings, gaps = [], []
    for _ in range(runs):
        started = time.perf_counter()
        gaps = list_gaps(as_of=AS_OF)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), count_gaps_by_kind(gaps)


def time_360(timeline: int, requests: int, vendor: str) -> tuple[float, float, float]:
    from django.db import connection
    from django.test import Client

    from accord.members.models import StaffMember

    customer_id = 1
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM interactions_interaction WHERE customer_id = %s", [customer_id])
    rng = np.random.default_rng(2)
    at = stamp(rng.integers(0, 1000 * 86_400, timeline), vendor)
    insert_rows(
        "interactions_interaction",
        [
            "customer_id",
            "channel",
            "direction",
            "function",
            "staff_id",
            "occurred_at",
            "kind",
            "subject",
            "body",
            "source",
        ],
        [
            (
                customer_id,
                "email",
                "outbound",
                "sales",
                1,
                at[i],
                "other",
                f"Touch {i}",
                "A short note about the call.",
                "bench",
            )
            for i in range(timeline)
        ],
        vendor,
    )
    client = Client()
    client.force_login(StaffMember.objects.get(pk=1))
    for _ in range(10):
        assert client.get(f"/customers/{customer_id}/").status_code == 200
    timings = []
    cpu_started = time.process_time()
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(f"/customers/{customer_id}/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    cpu_ms = (time.process_time() - cpu_started) * 1000 / requests
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))], cpu_ms


def worker(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import get_resolver

    # Import every URL module now: the tree is shared and edited while a long run goes on.
    assert get_resolver().url_patterns
    vendor = connection.vendor
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    sizes = build_book(args.customers, args.interactions_per_customer, vendor)
    with connection.cursor() as cursor:
        # Fresh statistics, and on PostgreSQL the visibility map that index-only scans
        # need: what autovacuum provides on a live database.
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
    load_s = time.perf_counter() - started
    time_board(1)  # warm the cache: both measurements then read from memory
    floor = time_floor(args.runs)
    board, counts = time_board(args.runs)
    page_median, page_p95, page_cpu = time_360(args.timeline, args.requests, vendor)
    result = {
        "database": vendor,
        "load_s": load_s,
        "floor_s": floor,
        "board_s": board,
        "counts": counts,
        "page_median_ms": page_median,
        "page_p95_ms": page_p95,
        "page_cpu_ms": page_cpu,
        **sizes,
    }
    print("RESULT " + json.dumps(result))


# --- orchestration ---------------------------------------------------------------------------


def run_database(name: str, args: argparse.Namespace) -> dict | None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="accord.settings", ACCORD_LOG_LEVEL="ERROR")
    scratch = tempfile.mkdtemp(prefix="accord-bench-")
    env["ACCORD_VAR_DIR"] = scratch
    if name == "postgres":
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {args.pg_name}")
            admin.execute(f"CREATE DATABASE {args.pg_name}")
        env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{args.pg_name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    command = [sys.executable, __file__, "--worker", *sys.argv[1:]]
    output = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    shutil.rmtree(scratch, ignore_errors=True)
    if output.returncode != 0:
        print(f"{name}: benchmark failed\n{output.stderr[-3000:]}", file=sys.stderr)
        return None
    line = next(x for x in output.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    print("RESULT " + json.dumps(result), flush=True)  # kept even if a later database fails
    return result


def report(results: list[dict], args: argparse.Namespace) -> None:
    print(
        f"\nAccountability board and customer 360 - {args.customers:,} customers, "
        f"{args.customers * args.interactions_per_customer:,} interactions; "
        f"board median of {args.runs} runs, 360 over {args.requests} requests "
        f"({args.timeline:,} interactions on the customer). Machine shared with other work.\n"
    )
    header = (
        f"{'database':<11}{'measure':<26}{'value':>11}{'floor':>11}{'ratio':>8}{'target':>10}  ok"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        db = r["database"]
        board_ok = "yes" if r["board_s"] <= BOARD_TARGET_S else "NO"
        page_ok = "yes" if r["page_p95_ms"] <= PAGE_TARGET_MS else "NO"
        ratio = r["board_s"] / r["floor_s"]
        print(f"{db:<11}{'floor: full scan':<26}{r['floor_s']:>10.3f}s")
        print(
            f"{db:<11}{'board: list_gaps()':<26}{r['board_s']:>10.3f}s{r['floor_s']:>10.3f}s"
            f"{ratio:>7.2f}x{BOARD_TARGET_S:>9.1f}s  {board_ok}"
        )
        print(f"{db:<11}{'360 page median':<26}{r['page_median_ms']:>9.1f}ms")
        if "page_cpu_ms" in r:  # this process's CPU per request: independent of others' load
            print(f"{db:<11}{'360 page CPU per request':<26}{r['page_cpu_ms']:>9.1f}ms")
        print(
            f"{db:<11}{'360 page p95':<26}{r['page_p95_ms']:>9.1f}ms"
            f"{PAGE_TARGET_MS:>27.0f}ms  {page_ok}"
        )
        print(f"{db:<11}{'(load, not timed)':<26}{r['load_s']:>10.1f}s   gaps: {r['counts']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--interactions-per-customer", type=int, default=20)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=5, help="board and floor repetitions")
    parser.add_argument(
        "--timeline", type=int, default=1000, help="interactions on the 360 customer"
    )
    parser.add_argument("--requests", type=int, default=200, help="360 page requests timed")
    parser.add_argument("--pg-name", default="accord_acct_bench")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--report", help="print the table from a saved run's RESULT lines")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.worker:
        worker(args)
        return
    names = [name.strip() for name in args.databases.split(",") if name.strip()]
    unknown = set(names) - {"sqlite", "postgres"}
    if unknown:
        raise SystemExit(f"--databases: unknown {', '.join(sorted(unknown))}; use sqlite,postgres")
    if args.report:
        lines = Path(args.report).read_text().splitlines()
        report([json.loads(x[len("RESULT ") :]) for x in lines if x.startswith("RESULT ")], args)
        return
    results = [run_database(name, args) for name in names]
    report([result for result in results if result is not None], args)
    if None in results:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
