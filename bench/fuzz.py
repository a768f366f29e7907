"""Deeper schemathesis run than `make test` does: every check, more examples per operation,
against `accord serve` on SQLite and/or PostgreSQL (tests/api/fuzz_server.py).

    .venv/bin/python bench/fuzz.py --examples 100 --seed 7 [--postgres URL] [--no-sqlite]

Prints one row per database: examples, test cases generated, failures, seconds, load.
Reports (JUnit) and the server log stay in the printed directory.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests package

from tests.api.fuzz_server import live_server, run_schemathesis


def one_run(label: str, postgres: str | None, examples: int, seed: int, out: Path) -> list[str]:
    var = out / label
    var.mkdir(parents=True)
    started = time.monotonic()
    with live_server(var, postgres) as server:
        result = run_schemathesis(
            server, max_examples=examples, seed=seed, report_dir=var / "report", extra=[]
        )
        crashed = bool(server.server_errors())
    (var / "schemathesis.txt").write_text(result.stdout + result.stderr)
    generated = re.search(r"(\d+) generated", result.stdout)
    failures = re.search(r"(\d+) unique failures?", result.stdout)
    return [
        label,
        str(examples),
        generated.group(1) if generated else "?",
        failures.group(1) if failures else "0",
        "yes" if crashed else "no",
        f"{time.monotonic() - started:.0f}",
        f"{os.getloadavg()[0]:.2f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100, help="per API operation")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", help="a PostgreSQL URL (its name + _fuzz is used)")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    out = Path(tempfile.mkdtemp(prefix="accord-fuzz-"))
    rows = []
    if not args.no_sqlite:
        rows.append(one_run("sqlite", None, args.examples, args.seed, out))
    if args.postgres:
        rows.append(one_run("postgresql", args.postgres, args.examples, args.seed, out))
    header = ["database", "examples", "cases", "failures", "tracebacks", "seconds", "load1"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"reports in {out}")


if __name__ == "__main__":
    main()
