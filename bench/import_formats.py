"""Benchmark: reading exports and turning them into the generic format, without the
database (the importer's bench/import.py times the writes).

    .venv/bin/python bench/import_formats.py --rows 1000000 --runs 3

Writes a HubSpot contacts export as a spreadsheet re-saves it (BOM, CRLF, M/D/YYYY
H:MM AM, owners as "Name (email)") and a Salesforce Task.csv as the Data Export writes it
(ISO-8859-1, every field quoted, 0/1, UTC times), then times (median of --runs) the
reader alone, the reader plus the adapter, and a floor measured in the same run: Python's
csv module over the same file with no decoding checks or conversion.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_hubspot(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(
            "Record ID,First Name,Last Name,Email,Phone Number,Contact owner,"
            "Primary Associated Company ID,Last Activity Date,Lead Status,Create Date,"
            "Associated Company,Lifecycle Stage\r\n"
        )
        for n in range(rows):
            company = "" if n % 3 else str(5_000_000 + n % 997)
            out.write(
                f"{n},Zoë,Müller {n},z{n}@example.org,+49 30 {n:07d},"
                f"Jana Novak (jana@example.com),{company},{n % 12 + 1}/{n % 28 + 1}/2024,"
                f"Open,{n % 12 + 1}/{n % 28 + 1}/2023 {n % 12 + 1}:{n % 60:02d} PM,"
                f"Acme,customer\r\n"
            )


def write_salesforce(path: Path, rows: int) -> None:
    with path.open("w", encoding="iso-8859-1", newline="") as out:
        out.write(
            '"Id","IsDeleted","WhoId","WhatId","AccountId","Subject","ActivityDate",'
            '"Status","OwnerId","Description","IsClosed","TaskSubtype","CreatedDate"\r\n'
        )
        for n in range(rows):
            out.write(
                f'"00T{n:015d}","0","003{n:015d}","","001{n % 5000:015d}",'
                f'"Appel {n}","2024-04-{n % 28 + 1:02d}","Completed","005000000000001AAA",'
                f'"Réunion n° {n}","1","Call","2024-04-{n % 28 + 1:02d} 13:10:00"\r\n'
            )


def timed(runs: int, work: Callable[[], int]) -> tuple[float, int]:
    seconds = []
    count = 0
    for _ in range(runs):
        start = time.perf_counter()
        count = work()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    os.environ.setdefault("ACCORD_VAR_DIR", tempfile.mkdtemp(prefix="accord-bench-"))
    import django

    django.setup()
    from accord.imports.formats import hubspot, salesforce
    from accord.imports.readers import open_rows

    folder = Path(tempfile.mkdtemp(prefix="accord-formats-"))
    cases = [
        (
            "HubSpot contacts",
            folder / "contacts.csv",
            write_hubspot,
            "utf-8-sig",
            lambda p: hubspot.to_generic("customers", open_rows(p)),
        ),
        (
            "Salesforce Task.csv",
            folder / "Task.csv",
            write_salesforce,
            "iso-8859-1",
            lambda p: salesforce.to_generic("interactions", open_rows(p), path=p),
        ),
    ]
    print(f"{args.rows:,} rows, median of {args.runs} runs")
    for name, path, write, encoding, adapt in cases:
        write(path, args.rows)

        def floor(path: Path = path, encoding: str = encoding) -> int:
            with path.open(encoding=encoding, newline="") as handle:
                return sum(1 for _ in csv.reader(handle)) - 1

        floor_s, _ = timed(args.runs, floor)
        read_s, read = timed(args.runs, lambda path=path: sum(1 for _ in open_rows(path)))
        adapt_s, adapted = timed(
            args.runs, lambda path=path, adapt=adapt: sum(1 for _ in adapt(path))
        )
        print(
            f"{name}: floor (csv.reader) {args.rows / floor_s:,.0f} rows/s; "
            f"open_rows {read / read_s:,.0f} rows/s ({floor_s / read_s:.2f} of floor); "
            f"open_rows + to_generic {args.rows / adapt_s:,.0f} rows/s "
            f"({adapted:,} generic rows)"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
