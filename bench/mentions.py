"""How fast mentions come in: `accord mentions import FILE` (clean, match, sentiment and
signals, store, escalation checks), the same file a second time (every post already
stored: nothing changes), next to baselines measured in the same run.

A fresh SQLite database (temporary ACCORD_VAR_DIR) with --customers customers, each with
a social handle and an email; a CSV of --rows mentions written first (not timed): a third
by known handles, a tenth by known emails, the rest strangers; varied texts (templates
with names, numbers and products, so that hardly two are equal and the analyzer's
de-duplication does not flatter the figure); 0.2 % bad lines. Baselines: the analyzer
alone on the same texts (read_texts), and the floor: the same rows as tuples through a
plain executemany into an unindexed SQLite table. Medians of --repeats (each import on an
emptied mentions table).

    .venv/bin/python bench/mentions.py --rows 100000
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

OPENERS = (
    "Thanks @AccordTelecom for {bad}",
    "@AccordTelecom {bad}, {n} days now",
    "Honestly @AccordTelecom, {bad}. {name} says the same",
    "Loving the {product} from @AccordTelecom, {good}",
    "@AccordTelecom {good} with my {product}, cheers {name}",
    "Anyone else on @AccordTelecom {product} in {city}?",
    "How do I cancel my {product} with @AccordTelecom? {bad}",
    "@AccordTelecom please send my PAC code, {n} calls and {bad}",
    "{name} from @AccordTelecom fixed my {product} in {n} minutes, {good}",
    "Still no refund from @AccordTelecom after {n} weeks, {bad}",
)
BAD = (
    "losing my order again", "2 hours on hold", "charged twice", "the line dropped",
    "nobody answers", "the app crashed", "billing is a mess", "the engineer never came",
)  # fmt: skip
GOOD = ("great service", "super fast", "really friendly", "top support", "works perfectly")
PRODUCTS = ("fibre", "mobile plan", "router", "TV box", "broadband", "SIM", "landline")
NAMES = ("Sam", "Priya", "Jonas", "Aiko", "Lena", "Omar", "Chloe", "Mateo", "Ines", "Kwame")
CITIES = ("Leeds", "Ghent", "Porto", "Lyon", "Graz", "Turku", "Cork", "Bilbao")
HEADER = ["platform", "post_id", "author_handle", "author_email", "author_name", "text",
          "url", "posted_at", "followers", "reshares"]  # fmt: skip


def write_file(path: Path, rows: int, customers: int) -> None:
    rng = random.Random(11)
    start = 1_790_000_000
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            kind = rng.random()
            who = rng.randrange(customers)
            handle_, email, name = f"stranger{rng.randrange(10**7)}", "", ""
            if kind < 0.33:
                handle_ = f"cust{who}"
            elif kind < 0.43:
                email = f"c{who}@example.com"
            text = rng.choice(OPENERS).format(
                bad=rng.choice(BAD),
                good=rng.choice(GOOD),
                product=rng.choice(PRODUCTS),
                name=rng.choice(NAMES),
                city=rng.choice(CITIES),
                n=rng.randrange(2, 400),
            )
            moment = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + i * 37))
            row = ["x", f"p{i}", handle_, email, name, text, "", moment,
                   rng.randrange(0, 5000), rng.randrange(0, 20)]  # fmt: skip
            if rng.random() < 0.002:
                row[7] = "not a date"
            writer.writerow(row)


def run_child(args: argparse.Namespace) -> None:
    """Inside the temporary installation: set up, then time each part."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from accord.core.bulk import insert_columns
    from accord.customers.models import Customer, Identity
    from accord.imports.mentions import ingest_file
    from accord.voice.models import Escalation, SocialMention, TextSignal
    from accord.voice.reading import read_texts

    call_command("migrate", verbosity=0)
    n = args.customers
    insert_columns(
        Customer,
        {
            "id": range(1, n + 1),
            "kind": ["person"] * n,
            "name": [f"Customer {i}" for i in range(n)],
            "email": [f"c{i}@example.com" for i in range(n)],
            "phone": [""] * n,
            "city": [""] * n,
            "country": [""] * n,
            "created_at": ["2026-01-01 00:00:00"] * n,
        },
    )
    insert_columns(
        Identity,
        {
            "customer_id": range(1, n + 1),
            "kind": ["social"] * n,
            "source": ["x"] * n,
            "value": [f"cust{i}" for i in range(n)],
            "created_at": ["2026-01-01 00:00:00"] * n,
        },
    )
    path = Path(args.file)
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    texts = [row[5] for row in rows]

    def state() -> tuple[int, int, int, float]:
        total = SocialMention.objects.count()
        checksum = sum(SocialMention.objects.values_list("reach", flat=True))
        return total, TextSignal.objects.count(), Escalation.objects.count(), checksum

    steps = ("first", "second", "analyzer", "floor")
    results: dict[str, list[float]] = {key: [] for key in steps}
    cpu: dict[str, list[float]] = {key: [] for key in steps}
    failed = 0
    same = True

    def timed(key: str, work: Callable[[], T]) -> T:
        started, used = time.perf_counter(), time.process_time()
        value = work()
        results[key].append(time.perf_counter() - started)
        cpu[key].append(time.process_time() - used)
        return value

    for _ in range(args.repeats):
        SocialMention.objects.all().delete()
        TextSignal.objects.all().delete()
        Escalation.objects.all().delete()
        first = timed("first", lambda: ingest_file(path))
        failed = first.failed
        before = state()
        second = timed("second", lambda: ingest_file(path))
        same = same and state() == before and second.created == 0
        timed("analyzer", lambda: read_texts(texts))
        timed("floor", lambda: _floor(rows))
    created = SocialMention.objects.count()
    print(f"vendor {connection.vendor}; {len(rows):,} lines, {failed:,} bad, {created:,} stored")
    print(f"second import changed nothing: {same}")
    # CPU seconds (user + sys of this process) are the steady figure on a shared machine;
    # wall seconds follow the load average.
    print(
        f"{'step':<44}{'median s':>10}{'rows/s':>10}{'CPU s':>8}{'rows/CPU s':>12}{'vs floor':>10}"
    )
    floor = statistics.median(results["floor"])
    labels = {
        "first": "import (clean, match, read, store, escalate)",
        "second": "same file again (all repeated)",
        "analyzer": "baseline: analyzer alone (read_texts)",
        "floor": "floor: executemany, unindexed table",
    }
    for key, label in labels.items():
        seconds = statistics.median(results[key])
        used = statistics.median(cpu[key])
        print(
            f"{label:<44}{seconds:>10.2f}{len(rows) / seconds:>10,.0f}{used:>8.2f}"
            f"{len(rows) / used:>12,.0f}{seconds / floor:>10.1f}"
        )


def _floor(rows: list[list[str]]) -> float:
    with tempfile.TemporaryDirectory() as scratch:
        db = sqlite3.connect(Path(scratch) / "floor.sqlite3")
        db.execute(f"CREATE TABLE m ({', '.join(HEADER)})")
        started = time.perf_counter()
        with db:
            db.executemany(f"INSERT INTO m VALUES ({', '.join('?' * len(HEADER))})", rows)
        seconds = time.perf_counter() - started
        db.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--file", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args)
        return
    with tempfile.TemporaryDirectory(prefix="ingest-mentions-") as var:
        path = Path(var) / "mentions.csv"
        write_file(path, args.rows, args.customers)
        env = {**os.environ, "ACCORD_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        subprocess.run(
            [sys.executable, __file__, "--child", "--file", str(path),
             "--rows", str(args.rows), "--customers", str(args.customers),
             "--repeats", str(args.repeats)],
            env=env,
            check=True,
        )  # fmt: skip
    print("load average: " + " ".join(f"{value:.2f}" for value in os.getloadavg()))


if __name__ == "__main__":
    main()
