"""Portal benchmark: export of a customer with 10,000 interactions, and the home page p95.

    .venv/bin/python bench/portal.py [--interactions 10000] [--requests 300]

Builds its own SQLite book in a temporary ACCORD_VAR_DIR (or uses DATABASE_URL), signs in
through the real magic-link flow and drives the views in-process with Django's test client
(no network: the figure is the server's own time). Baselines from the same run: for the
export, reading the same rows from the database without writing them; for the home page,
the /healthz view. Targets: export <= 2 s, home p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("ACCORD_VAR_DIR", tempfile.mkdtemp(prefix="accord-bench-portal-"))
os.environ["ACCORD_EMAIL_BACKEND"] = "memory"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")

import django

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accord.customers.models import Customer  # noqa: E402
from accord.customers.services import create_customer  # noqa: E402
from accord.interactions.models import Interaction  # noqa: E402
from accord.members.models import StaffMember  # noqa: E402
from accord.promises.models import Promise  # noqa: E402

EMAIL = "bench.customer@example.com"


def build(interactions: int) -> Customer:
    owner = StaffMember.objects.create_user(username="bench-owner", first_name="Olivia")
    customer = create_customer(name="Bench Customer", owner=owner, email=EMAIL, stage="active")
    start = timezone.now() - timedelta(days=3 * 365)
    rows = [
        Interaction(
            customer=customer, channel=("email", "call", "chat")[i % 3],
            direction=("inbound", "outbound")[i % 2], function="support", staff=owner,
            occurred_at=start + timedelta(minutes=150 * i), kind="support",
            subject=f"Question {i} about the router", body="It reboots at night. " * 8,
        )
        for i in range(interactions)
    ]  # fmt: skip
    Interaction.objects.bulk_create(rows, batch_size=2000)
    now = timezone.now()
    Promise.objects.bulk_create(
        Promise(customer=customer, made_by_side="company", staff=owner, kind="callback",
                description=f"Call back {i}", made_at=now, due_at=now + timedelta(days=i + 1))
        for i in range(20)
    )  # fmt: skip
    return customer


def signed_in_client() -> Client:
    client = Client()
    client.post("/portal/sign-in/", {"email": EMAIL})
    token = re.search(r"/portal/sign-in/([\w-]+)/", mail.outbox[-1].body)
    assert token, "no sign-in link was sent"
    response = client.post(f"/portal/sign-in/{token.group(1)}/")
    assert response.status_code == 302, response.status_code
    return client


def timed(action: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per run. CPU time leaves out waiting for a core, which
    matters on a machine shared with other work; wall-clock is the figure that counts."""
    action()  # warm-up: templates, connections, caches
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return wall, cpu


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--export-runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if Customer.objects.filter(email=EMAIL).exists():
        sys.exit("the database already has the bench customer; use an empty ACCORD_VAR_DIR")
    customer = build(args.interactions)
    client = signed_in_client()
    export_url = client.post("/portal/export/")["Location"]

    def export() -> int:
        response = client.get(export_url)
        return sum(len(chunk) for chunk in response.streaming_content)

    def read_rows() -> int:
        return len(list(Interaction.objects.filter(customer=customer).values()))

    size = export()
    rows = [
        ("export zip", timed(export, args.export_runs), "read the rows",
         timed(read_rows, args.export_runs), "median <= 2000 ms"),
        ("portal home", timed(lambda: client.get("/portal/"), args.requests), "/healthz",
         timed(lambda: client.get("/healthz"), args.requests), "p95 <= 100 ms"),
    ]  # fmt: skip
    print(f"\n{args.interactions} interactions, export {size / 1e3:.0f} kB, "
          f"{args.export_runs} export runs, {args.requests} home requests, "
          f"database {django.db.connection.vendor}, load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")  # fmt: skip
    print_table(rows)


Timings = tuple[list[float], list[float]]


def print_table(rows: list[tuple[str, Timings, str, Timings, str]]) -> None:
    header = ("measure", "clock", "p50 ms", "p95 ms", "baseline", "p50 ms", "ratio", "target")
    line = "{:<12} {:<5} {:>8} {:>8}  {:<14} {:>8} {:>6}  {}"
    print(line.format(*header))
    for name, (wall, cpu), base_name, (base_wall, base_cpu), target in rows:
        for clock, samples, base in (("wall", wall, base_wall), ("cpu", cpu, base_cpu)):
            median, base_median = statistics.median(samples), statistics.median(base)
            print(line.format(
                name, clock, f"{median * 1000:.1f}", f"{p95(samples) * 1000:.1f}", base_name,
                f"{base_median * 1000:.2f}", f"{median / base_median:.1f}", target,
            ))  # fmt: skip
    print("with few export runs the p95 is interpolated near the slowest run")


if __name__ == "__main__":
    main()
