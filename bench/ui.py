"""Latency of the staff UI's dashboards, lists and search, beside /healthz in the same run.

Part 1, a 100,000-customer book (`accord demo --customers 100000`, built once into
--var-dir and reused; scored on two days a week apart so trends have points): every
dashboard and list page as a manager, My book as its busiest owner, and search.
Targets: each page p95 <= 300 ms, search p95 <= 100 ms.

Part 2 (--million-url), a 1,000,000-customer PostgreSQL book loaded by bench/score.py's
loader (`bench/score.py --customers 1000000 ... --keep DIR --databases postgres`, or its
`--mode load`) and scored by `accord score`: the manager dashboard, target p95 <= 500 ms.

`accord serve` runs exactly as users start it; one keep-alive client on the same machine
measures wall time, and `cpu ms` is the server's CPU per request (steadier on a shared
machine). Medians and p95 per page.

    .venv/bin/python bench/ui.py --seconds 15 \
        --million-url postgresql://postgres@127.0.0.1:5432/bench_score_1000000_3000000_1000000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from web import (  # bench/ is the script's folder, so on sys.path
    ACCORD,
    Request,
    Result,
    expect,
    free_port,
    measure,
    staff_sign_in,
    start_server,
)

PASSWORD = "bench-password-1"
MANAGER = "bench-manager"
# The bench manager's authenticator key (hex, as django_otp stores it): managers must
# pass a second factor, so the bench signs in with codes from this key.
TOTP_KEY = "3132333435363738393031323334353637383930"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=15, help="per page")
    parser.add_argument("--var-dir", help="default: /tmp/accord-bench-ui-<customers>")
    parser.add_argument("--database-url", help="PostgreSQL for part 1 (default: SQLite)")
    parser.add_argument("--million-url", help="PostgreSQL URL of a scored 1M book (part 2)")
    parser.add_argument("--skip-100k", action="store_true", help="only part 2")
    parser.add_argument("--serve-args", default="", help='extra args, e.g. "--workers 3"')
    parser.add_argument(
        "--only", action="append", default=[], help="pages whose name contains this (repeatable)"
    )
    return parser.parse_args()


def environment(var_dir: str, database_url: str | None) -> dict[str, str]:
    env = {**os.environ, "ACCORD_VAR_DIR": var_dir}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env["DJANGO_SETTINGS_MODULE"] = "accord.settings"
    return env


def run_django(env: dict[str, str], code: str) -> str:
    """Run Python with Django set up against `env`'s database; returns its stdout."""
    prelude = "import django; django.setup()\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def build_100k(args: argparse.Namespace, env: dict[str, str]) -> str:
    """The demo book, scored today and a week ago (a batch per day feeds the trends)."""
    subprocess.run([ACCORD, "migrate", "-v0"], env=env, check=True)
    count = int(run_django(env, _COUNT))
    how = f"reused ({count:,} customers)"
    if count < args.customers:
        if count:
            raise SystemExit(f"{env['ACCORD_VAR_DIR']} holds {count} customers; remove it")
        started = time.perf_counter()
        subprocess.run([ACCORD, "demo", "--customers", str(args.customers)], env=env, check=True)
        how = f"built by accord demo in {time.perf_counter() - started:.0f} s"
    days = int(run_django(env, _DAYS))
    if days < 2:
        week_ago = datetime.now(UTC) - timedelta(days=7)
        subprocess.run(
            [ACCORD, "score", "--quiet", "--as-of", week_ago.isoformat()], env=env, check=True
        )
    return how


_COUNT = "from accord.customers.models import Customer; print(Customer.objects.count())"
_DAYS = (
    "from accord.scoring.models import ScoringRun\n"
    "print(len({r.as_of.date() for r in ScoringRun.objects.filter(status='done')}))"
)
_IDENTITIES = """
from django.db.models import Count
from accord.members.models import StaffMember
from accord.members.services import create_staff
from accord.relationships.models import Relationship
from accord.customers.models import Customer
from django_otp.plugins.otp_totp.models import TOTPDevice
busiest = (
    Relationship.objects.values("owner_id").annotate(n=Count("customer_id")).order_by("-n").first()
)
owner = StaffMember.objects.get(pk=busiest["owner_id"])
owner.set_password("{password}")
owner.save(update_fields=["password"])
if not StaffMember.objects.filter(username="{manager}").exists():
    create_staff(username="{manager}", password="{password}", function="management", role="admin")
TOTPDevice.objects.get_or_create(
    user=StaffMember.objects.get(username="{manager}"),
    name="bench",
    defaults={{"key": "{totp_key}", "confirmed": True}},
)
name = Customer.objects.order_by("id").values_list("name", flat=True)[Customer.objects.count() // 2]
print(owner.username, owner.function, name, sep="\\t")
"""


def identities(env: dict[str, str]) -> tuple[str, str, str]:
    """(busiest owner's username, their function, a customer name to search for)."""
    out = run_django(env, _IDENTITIES.format(password=PASSWORD, manager=MANAGER, totp_key=TOTP_KEY))
    owner, function, name = out.splitlines()[-1].split("\t")
    return owner, function, name


def page(path: str, cookie: str, marker: bytes = b"</html>") -> Request:
    @expect(200, lambda body: marker in body)
    def send():
        return "GET", path, None, {"Cookie": cookie}

    return send


@expect(200, lambda body: body == b"ok")
def healthz():
    return "GET", "/healthz", None, {}


def pages_100k(
    manager: str, owner: str, team: str, search: str
) -> list[tuple[str, Request, float | None]]:
    q = urlencode({"q": search})
    return [
        ("baseline: GET /healthz", healthz, None),
        ("dashboard, manager, whole book", page("/dashboard/", manager), 300.0),
        ("dashboard, manager, one team", page(f"/dashboard/?team={team}", manager), 300.0),
        ("dashboard, owner's own book", page("/dashboard/", owner), 300.0),
        ("insight", page("/insight/", manager), 300.0),
        ("customer list", page("/", manager), 300.0),
        ("customer list by health desc", page("/?sort=-health", manager), 300.0),
        ("customer list: team+segment", page(f"/?team={team}&segment=hostage", manager), 300.0),
        ("customer list: health band 3", page("/?health_band=3&sort=owner", manager), 300.0),
        ("My book (busiest owner)", page("/book/", owner), 300.0),
        ("board", page("/board/", manager), 300.0),
        ("board, one team", page(f"/board/?team={team}", manager), 300.0),
        ("exit friction", page("/insight/exits/", manager), 300.0),
        ("staff", page("/staff/", manager), 300.0),
        ("search by name", page(f"/?{q}", manager, search.encode()), 100.0),
    ]


def run_part(
    env: dict[str, str],
    serve_args: str,
    seconds: float,
    users: tuple[str, ...],
    pages: Callable[..., list[tuple[str, Request, float | None]]],
    only: list[str],
) -> list[Result]:
    port = free_port()
    server = start_server(env, port, serve_args)
    try:
        cookies = [staff_sign_in(port, user, PASSWORD, bytes.fromhex(TOTP_KEY)) for user in users]
        plan = [
            (name, send, goal)
            for name, send, goal in pages(*cookies)
            if goal is None or not only or any(word in name for word in only)
        ]
        # Five warm-up requests: enough for imports and caches, affordable for a page
        # that takes seconds; at least 5 measured requests whatever --seconds says.
        return [
            measure(port, server.pid, name, seconds, send, goal, warmup=5)
            for name, send, goal in plan
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)


def print_table(results: list[Result], context: str) -> None:
    baseline = results[0].median()
    print(f"\n{context}")
    header = (
        f"{'page':34} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'x base':>7} "
        f"{'cpu ms':>7} target"
    )
    print(header)
    print("-" * (len(header) + 8))
    for result in results:
        p50, p95 = result.median(), result.p95()
        if result.target_ms is None:
            target = "(baseline)"
        else:
            verdict = "met" if p95 <= result.target_ms else "MISSED"
            target = f"p95 <= {result.target_ms:.0f} ms: {verdict}"
        print(
            f"{result.name:34} {len(result.samples):8d} {p50:8.2f} {p95:8.2f} "
            f"{p50 / baseline:7.1f} {result.server_cpu_ms:7.2f} {target}"
        )
    sys.stdout.flush()


def main() -> None:
    args = parse_args()
    cores = os.cpu_count()
    if not args.skip_100k:
        var_dir = args.var_dir or f"/tmp/accord-bench-ui-{args.customers}"
        env = environment(var_dir, args.database_url)
        built = build_100k(args, env)
        owner, function, search = identities(env)
        results = run_part(
            env,
            args.serve_args,
            args.seconds,
            (MANAGER, owner),
            lambda manager, mine: pages_100k(manager, mine, function, search),
            args.only,
        )
        engine = "PostgreSQL" if args.database_url else "SQLite"
        print_table(
            results,
            f"{args.customers:,} customers ({built}), {engine}, {args.seconds:.0f} s per page, "
            f"{cores} cores (shared; load {os.getloadavg()[0]:.1f} at the end)",
        )
    if args.million_url:
        env = environment(args.var_dir or "/tmp/accord-bench-ui-1m", args.million_url)
        subprocess.run([ACCORD, "migrate", "-v0"], env=env, check=True)
        if int(run_django(env, _DAYS)) == 0:
            subprocess.run([ACCORD, "score", "--quiet"], env=env, check=True)
        owner, function, _ = identities(env)
        results = run_part(
            env,
            args.serve_args,
            args.seconds,
            (MANAGER,),
            lambda manager: [
                ("baseline: GET /healthz", healthz, None),
                ("dashboard, manager, whole book", page("/dashboard/", manager), 500.0),
                (
                    "dashboard, manager, one team",
                    page(f"/dashboard/?team={function}", manager),
                    500.0,
                ),
                ("dashboard, hostages only", page("/dashboard/?segment=hostage", manager), 500.0),
            ],
            args.only,
        )
        print_table(
            results,
            f"1,000,000-customer book (PostgreSQL, bench/score.py loader), {args.seconds:.0f} s "
            f"per page, {cores} cores (shared; load {os.getloadavg()[0]:.1f} at the end)",
        )


if __name__ == "__main__":
    main()
