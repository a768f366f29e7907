"""Constant-arrival-rate load on `accord serve`: staff pages, portal pages and API calls.

The demo company (`accord demo`, scored by `accord score`) on SQLite, built once into
--var-dir and reused. `accord serve` runs exactly as users start it (plus --serve-args).
Requests are sent on loopback at a fixed rate whatever the answers' speed (open loop):
each one's latency is counted from the moment it was due, so a server that falls behind
shows its queue in the figures instead of slowing the client down.

The mix, one request in six each: the staff customer list (manager), a customer 360 and
My book (the owner oliver), the portal home (a signed-in customer), the API customer list
and a customer through the API (oliver's token). Each of oliver's customers is opened in
turn. Printed: p50/p95/p99 and errors per request kind and overall, the rate achieved,
the load average before and after, and the server's CPU milliseconds per request (all
gunicorn processes, from /proc; the steadier figure on a shared machine). Before the
load, one client measures each kind alone for --profile-seconds: its latency and CPU
cost per request beside /healthz, the baseline.

Target (issue 14): 150 requests/s for 2 minutes, p99 <= 250 ms, 0 errors, quiet machine.

    .venv/bin/python bench/load.py --rate 150 --seconds 120
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from base64 import b32decode
from collections.abc import Callable
from dataclasses import dataclass, field

from web import (  # bench/ is on sys.path
    ACCORD,
    free_port,
    server_cpu_seconds,
    staff_sign_in,
    start_server,
)

DEMO_PASSWORD = "accord-demo"  # every demo staff member's (docs/demo.md)
# The demo managers' published authenticator secret (docs/security.md).
DEMO_TOTP_SECRET = "MFRWG33SMQWWIZLNN4WXI33UOAWWWZLZ"
MANAGER, OWNER, PORTAL_EMAIL = "maria", "oliver", "ada@example.com"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=150, help="requests per second")
    parser.add_argument("--seconds", type=float, default=120, help="length of the load")
    parser.add_argument("--customers", type=int, default=2000, help="demo company size")
    parser.add_argument("--var-dir", help="default: /tmp/accord-bench-load-<customers>")
    parser.add_argument("--connections", type=int, default=64, help="client connections")
    parser.add_argument("--profile-seconds", type=float, default=5, help="per kind, alone")
    parser.add_argument("--serve-args", default="", help='extra args, e.g. "--workers 3"')
    return parser.parse_args()


def environment(var_dir: str) -> dict[str, str]:
    env = {**os.environ, "ACCORD_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "accord.settings"}
    env.pop("DATABASE_URL", None)  # the figure is SQLite
    return env


def build(env: dict[str, str], customers: int) -> str:
    """The demo company, scored; built once into the var dir."""
    os.makedirs(env["ACCORD_VAR_DIR"], exist_ok=True)
    subprocess.run([ACCORD, "migrate", "-v0"], env=env, check=True)
    count = int(run_django(env, _COUNT))
    if count:
        return f"reused ({count:,} customers)"
    started = time.perf_counter()
    subprocess.run([ACCORD, "demo", "--customers", str(customers)], env=env, check=True)
    subprocess.run([ACCORD, "score", "--quiet"], env=env, check=True)
    return f"built by accord demo + score in {time.perf_counter() - started:.0f} s"


def run_django(env: dict[str, str], code: str, extra: dict[str, str] | None = None) -> str:
    prelude = "import django; django.setup()\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code],
        env={**env, **(extra or {})},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


_COUNT = "from accord.customers.models import Customer; print(Customer.objects.count())"
# A token for the owner, the ids of their customers, and a portal session made through
# the real magic-link flow (the mail stays in memory in this process).
_IDENTITIES = """
import json, re
from django.core import mail
from django.test import Client
from accord.members.models import StaffMember
from accord.members.services import issue_api_token
from accord.portal.models import SignInAttempt
from accord.relationships.models import Relationship
owner = StaffMember.objects.get(username="{owner}")
token = issue_api_token(staff=owner, name="bench/load.py").plaintext
ids = list(
    Relationship.objects.filter(owner=owner).exclude(stage="departed")
    .order_by("customer_id").values_list("customer_id", flat=True)[:200]
)
# Earlier runs asked for links too: the bench's own book, so their attempts may go.
SignInAttempt.objects.filter(email="{email}").delete()
SignInAttempt.objects.filter(ip="127.0.0.1").delete()
client = Client()
client.get("/portal/sign-in/")
client.post("/portal/sign-in/", {{"email": "{email}"}})
link = re.search(r"/portal/sign-in/([\\w-]+)/", mail.outbox[-1].body)
done = client.post(f"/portal/sign-in/{{link.group(1)}}/")
assert done.status_code == 302, done.status_code
print(json.dumps({{"token": token, "ids": ids, "portal": client.cookies["sessionid"].value}}))
"""


@dataclass
class Identities:
    manager_cookie: str
    owner_cookie: str
    portal_cookie: str
    token: str
    customer_ids: list[int]


def identities(env: dict[str, str], port: int) -> Identities:
    code = _IDENTITIES.format(owner=OWNER, email=PORTAL_EMAIL)
    found = json.loads(run_django(env, code, {"ACCORD_EMAIL_BACKEND": "memory"}).splitlines()[-1])
    assert found["ids"], f"{OWNER} owns no customer"
    return Identities(
        manager_cookie=staff_sign_in(port, MANAGER, DEMO_PASSWORD, b32decode(DEMO_TOTP_SECRET)),
        owner_cookie=staff_sign_in(port, OWNER, DEMO_PASSWORD),
        portal_cookie=f"sessionid={found['portal']}",
        token=found["token"],
        customer_ids=found["ids"],
    )


@dataclass(frozen=True)
class Kind:
    """One kind of request: builds (path, headers) for the n-th request of its kind and
    says whether an answer is right (status 200 and a marker in the body)."""

    name: str
    build: Callable[[int], tuple[str, dict[str, str]]]
    marker: bytes


def kinds(who: Identities) -> list[Kind]:
    ids = who.customer_ids
    bearer = {"Authorization": f"Bearer {who.token}"}
    return [
        Kind("staff: customer list", lambda n: ("/", {"Cookie": who.manager_cookie}), b"</html>"),
        Kind(
            "staff: customer 360",
            lambda n: (f"/customers/{ids[n % len(ids)]}/", {"Cookie": who.owner_cookie}),
            b"</html>",
        ),
        Kind("staff: My book", lambda n: ("/book/", {"Cookie": who.owner_cookie}), b"</html>"),
        Kind("portal: home", lambda n: ("/portal/", {"Cookie": who.portal_cookie}), b"</html>"),
        Kind("API: customer list", lambda n: ("/api/v1/customers?owner=me", bearer), b'"items"'),
        Kind(
            "API: a customer",
            lambda n: (f"/api/v1/customers/{ids[n % len(ids)]}", bearer),
            b'"id"',
        ),
    ]


def send(connection: http.client.HTTPConnection, kind: Kind, n: int) -> str:
    """One request; returns "" when the answer is right, else what was wrong."""
    path, headers = kind.build(n)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200 or kind.marker not in body:
        return f"{kind.name}: {response.status} {body[:120]!r}"
    return ""


@dataclass
class Profile:
    name: str
    p50_ms: float
    p95_ms: float
    cpu_ms: float


def profile(port: int, pid: int, name: str, call: Callable[[http.client.HTTPConnection], str],
            seconds: float) -> Profile:  # fmt: skip
    """One client, one kind, back to back: latency and server CPU per request alone."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    for _ in range(10):  # warm-up: imports, templates, page cache
        problem = call(connection)
        assert not problem, problem
    samples = []
    cpu = server_cpu_seconds(pid)
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        started = time.perf_counter()
        problem = call(connection)
        samples.append((time.perf_counter() - started) * 1000)
        assert not problem, problem
    cpu_ms = (server_cpu_seconds(pid) - cpu) * 1000 / len(samples)
    return Profile(name, statistics.median(samples), quantile(samples, 0.95), cpu_ms)


def one_by_one(kind: Kind) -> Callable[[http.client.HTTPConnection], str]:
    """Send `kind`'s requests in turn (the n-th customer on the n-th call)."""
    counter = iter(range(10**9))
    return lambda connection: send(connection, kind, next(counter))


def healthz(connection: http.client.HTTPConnection) -> str:
    connection.request("GET", "/healthz")
    response = connection.getresponse()
    body = response.read()
    return "" if response.status == 200 and body == b"ok" else f"healthz: {response.status}"


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, latency_ms: float, problem: str) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(latency_ms)
            if problem:
                self.errors[kind] = self.errors.get(kind, 0) + 1
                if len(self.examples) < 5:
                    self.examples.append(problem)


def load(port: int, mix: list[Kind], rate: float, seconds: float, connections: int) -> Tally:
    """Send rate x seconds requests, the i-th due at start + i / rate, kinds in turn."""
    total = int(rate * seconds)
    due: queue.Queue[tuple[int, float] | None] = queue.Queue()
    tally = Tally()

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while (job := due.get()) is not None:
            i, at = job
            kind = mix[i % len(mix)]
            try:
                problem = send(connection, kind, i // len(mix))
            except (OSError, http.client.HTTPException) as error:
                problem = f"{kind.name}: {type(error).__name__} {error}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            tally.add(kind.name, (time.perf_counter() - at) * 1000, problem)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    start = time.perf_counter() + 0.1
    shown = start
    for i in range(total):
        at = start + i / rate
        pause = at - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        due.put((i, at))
        if at - shown >= 10:
            shown = at
            progress(tally, i + 1, total)
    for _ in threads:
        due.put(None)
    while any(thread.is_alive() for thread in threads):
        time.sleep(1)
        if time.perf_counter() - shown >= 10:
            shown = time.perf_counter()
            progress(tally, total, total)
    for thread in threads:
        thread.join()
    return tally


def progress(tally: Tally, sent: int, total: int) -> None:
    """A line on stderr every 10 s: a server that falls behind shows here at once."""
    with tally.lock:
        done = sum(len(samples) for samples in tally.latencies.values())
        errors = sum(tally.errors.values())
    print(f"  {sent}/{total} due, {done} answered, {errors} errors", file=sys.stderr)


def quantile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def print_report(
    context: str, profiles: list[Profile], tally: Tally, wall: float, cpu_ms: float
) -> None:
    print(f"\n{context}")
    base = profiles[0]
    print("\nEach kind alone (one client, back to back):")
    print(f"{'request':24} {'p50 ms':>8} {'p95 ms':>8} {'x base':>7} {'cpu ms':>7}")
    for row in profiles:
        print(
            f"{row.name:24} {row.p50_ms:8.1f} {row.p95_ms:8.1f} "
            f"{row.p50_ms / base.p50_ms:7.1f} {row.cpu_ms:7.2f}"
        )
    everything = [ms for samples in tally.latencies.values() for ms in samples]
    errors = sum(tally.errors.values())
    print(f"\nUnder load: {len(everything)} requests in {wall:.1f} s = "
          f"{len(everything) / wall:.1f}/s, server CPU {cpu_ms:.2f} ms per request")  # fmt: skip
    header = f"{'request':24} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    print(f"{header} {'max ms':>8}")
    rows = [*tally.latencies.items(), ("all", everything)]
    for name, samples in rows:
        wrong = errors if name == "all" else tally.errors.get(name, 0)
        print(
            f"{name:24} {len(samples):6d} {wrong:6d} {quantile(samples, 0.5):8.1f} "
            f"{quantile(samples, 0.95):8.1f} {quantile(samples, 0.99):8.1f} {max(samples):8.1f}"
        )
    p99 = quantile(everything, 0.99)
    verdict = "met" if p99 <= 250 and errors == 0 else "MISSED"
    print(f"target p99 <= 250 ms and 0 errors: {verdict} (p99 {p99:.1f} ms, {errors} errors)")
    for example in tally.examples:
        print(f"  error: {example}")
    sys.stdout.flush()


def main() -> None:
    args = parse_args()
    env = environment(args.var_dir or f"/tmp/accord-bench-load-{args.customers}")
    built = build(env, args.customers)
    port = free_port()
    server = start_server(env, port, args.serve_args)
    try:
        who = identities(env, port)
        mix = kinds(who)
        profiles = [profile(port, server.pid, "baseline: /healthz", healthz,
                            args.profile_seconds)]  # fmt: skip
        for kind in mix:
            profiles.append(
                profile(port, server.pid, kind.name, one_by_one(kind), args.profile_seconds)
            )
        load_before = os.getloadavg()
        cpu = server_cpu_seconds(server.pid)
        started = time.perf_counter()
        tally = load(port, mix, args.rate, args.seconds, args.connections)
        wall = time.perf_counter() - started
        count = sum(len(samples) for samples in tally.latencies.values())
        cpu_ms = (server_cpu_seconds(server.pid) - cpu) * 1000 / count
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print_report(
        f"demo company, {built}, SQLite, `accord serve {args.serve_args}`".rstrip()
        + f", {args.rate:.0f} requests/s for {args.seconds:.0f} s over {args.connections} "
        f"connections, {os.cpu_count()} cores; load average before "
        f"{'/'.join(f'{x:.1f}' for x in load_before)}, after "
        f"{'/'.join(f'{x:.1f}' for x in load_after)} (1/5/15 min)",
        profiles,
        tally,
        wall,
        cpu_ms,
    )


if __name__ == "__main__":
    main()
