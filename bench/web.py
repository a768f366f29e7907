"""Latency of the staff customer list and of creating a customer through the API.

Builds a book (with `accord demo` when available, else bench/web_book.py) in its own
ACCORD_VAR_DIR, starts `accord serve` exactly as users do, and measures from a
keep-alive client on the same machine. Prints medians against a /healthz baseline.

    .venv/bin/python bench/web.py --customers 100000 --seconds 30
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
ACCORD = str(Path(sys.executable).with_name("accord"))
PASSWORD = "bench-password-1"


@dataclass
class Result:
    name: str
    samples: list[float]
    target_ms: float | None
    server_cpu_ms: float  # per request, all server processes: robust to a busy machine

    def median(self) -> float:
        return statistics.median(self.samples)

    def p95(self) -> float:
        if len(self.samples) < 2:  # a page slower than the whole measuring time
            return max(self.samples)
        return statistics.quantiles(self.samples, n=20)[-1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30, help="per endpoint")
    parser.add_argument("--var-dir", help="default: /tmp/accord-bench-web-<customers>")
    parser.add_argument("--database-url", help="PostgreSQL URL (default: SQLite in var dir)")
    parser.add_argument("--generator", choices=["auto", "demo", "own"], default="auto")
    parser.add_argument("--build-only", action="store_true", help="build the book and stop")
    parser.add_argument("--serve-args", default="", help='extra args, e.g. "--workers 3"')
    return parser.parse_args()


def prepare_environment(args: argparse.Namespace) -> dict[str, str]:
    var_dir = args.var_dir or f"/tmp/accord-bench-web-{args.customers}"
    os.environ["ACCORD_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    return dict(os.environ)


def has_demo_command() -> bool:
    return (ROOT / "src/accord/cli/management/commands/demo.py").exists()


def build_if_empty(args: argparse.Namespace, env: dict[str, str]) -> str:
    """Make sure the book exists; returns how it was built."""
    import django

    django.setup()
    from django.core.management import call_command

    from accord.customers.models import Customer

    call_command("migrate", verbosity=0)
    existing = Customer.objects.count()
    if existing >= args.customers:
        return f"reused ({existing} customers)"
    if existing:
        raise SystemExit(f"{env['ACCORD_VAR_DIR']}: holds {existing} customers; remove it first")
    use_demo = args.generator == "demo" or (args.generator == "auto" and has_demo_command())
    started = time.perf_counter()
    if use_demo:
        subprocess.run([ACCORD, "demo", "--customers", str(args.customers)], env=env, check=True)
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        from web_book import build_book

        build_book(args.customers, PASSWORD)
    how = "accord demo" if use_demo else "bench/web_book.py"
    return f"built by {how} in {time.perf_counter() - started:.0f} s"


def bench_identities() -> tuple[int, str]:
    """The owner with the most customers, and a token for a bench staff member."""
    from django.db import connections
    from django.db.models import Count

    from accord.members.models import StaffMember
    from accord.members.services import create_staff, issue_api_token
    from accord.relationships.models import Relationship

    busiest = (
        Relationship.objects.values("owner_id")
        .annotate(customers=Count("id"))
        .order_by("-customers")
        .first()
    )
    assert busiest is not None, "the book has no relationships"
    bench = StaffMember.objects.filter(username="bench").first()
    if bench is None:
        bench = create_staff(username="bench", password=PASSWORD, function="success", role="member")
    token = issue_api_token(staff=bench, name="bench/web.py").plaintext
    connections.close_all()
    return int(busiest["owner_id"]), token


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(env: dict[str, str], port: int, extra: str) -> subprocess.Popen:
    command = [ACCORD, "serve", "--bind", f"127.0.0.1:{port}", *extra.split()]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("accord serve did not answer /healthz within 60 s")


def login(port: int) -> str:
    """Log in as the bench staff member through the real form; returns the Cookie header."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/login/")
    page = connection.getresponse()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie", "")).group(1)
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    body = urlencode(
        {"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": form_token.group(1)}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf_cookie}",
    }
    connection.request("POST", "/login/", body, headers)
    response = connection.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", ""))
    assert response.status == 302 and session, f"login failed: {response.status}"
    return f"sessionid={session.group(1)}; csrftoken={csrf_cookie}"


def staff_sign_in(port: int, username: str, password: str, totp_key: bytes | None = None) -> str:
    """Sign in through the real forms: the password, then, where Accord asks for it (managers),
    a code from the authenticator key. Returns the Cookie header."""
    from django_otp.oath import totp  # only the benches that sign in managers need it

    connection = http.client.HTTPConnection("127.0.0.1", port)
    cookies: dict[str, str] = {}

    def ask(method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        body = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode({**form, "csrfmiddlewaretoken": cookies["csrftoken"]})
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key] = rest.split(";", 1)[0]
        response.read()
        return response.status, response.getheader("Location", "")

    ask("GET", "/login/")
    status, _ = ask("POST", "/login/", {"username": username, "password": password})
    assert status == 302, f"login as {username} failed: {status}"
    _, where = ask("GET", "/")
    if where.startswith("/login/verify/"):
        assert totp_key is not None, f"{username} needs a second factor and no key was given"
        for _attempt in range(2):
            ask("GET", where)  # the code page sets the CSRF cookie the login rotated
            status, _ = ask("POST", "/login/verify/", {"code": f"{totp(totp_key):06d}"})
            if status == 302:
                break
            time.sleep(31)  # a code is good once: the last run may have used this one
        assert status == 302, f"second factor for {username} failed: {status}"
    assert "sessionid" in cookies, f"login as {username}: no session"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


Request = Callable[[http.client.HTTPConnection], None]


def server_cpu_seconds(master_pid: int) -> float:
    """User + system CPU of the gunicorn master and its workers (Linux /proc)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        pid, parent = int(stat.parent.name), int(fields[1])
        if master_pid in (pid, parent):
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(
    port: int,
    pid: int,
    name: str,
    seconds: float,
    send: Request,
    target: float | None,
    warmup: int = 20,
    at_least: int = 5,
):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    for _ in range(warmup):  # imports, template cache, SQLite page cache
        send(connection)
    samples: list[float] = []
    cpu_before = server_cpu_seconds(pid)
    stop = time.monotonic() + seconds
    while time.monotonic() < stop or len(samples) < at_least:
        started = time.perf_counter()
        send(connection)
        samples.append((time.perf_counter() - started) * 1000)
    cpu_ms = (server_cpu_seconds(pid) - cpu_before) * 1000 / len(samples)
    return Result(name, samples, target, cpu_ms)


def expect(status: int, check: Callable[[bytes], bool] = lambda body: True):
    def decorator(build: Callable[[], tuple[str, str, str | None, dict[str, str]]]) -> Request:
        def send(connection: http.client.HTTPConnection) -> None:
            method, path, body, headers = build()
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            content = response.read()
            if response.status != status or not check(content):
                raise SystemExit(f"{method} {path}: unexpected {response.status} {content[:200]!r}")

        return send

    return decorator


def requests(owner_id: int, cookie: str, token: str) -> list[tuple[str, Request, float | None]]:
    counter = iter(range(10**9))

    @expect(200, lambda body: body == b"ok")
    def healthz():
        return "GET", "/healthz", None, {}

    @expect(200, lambda body: body.count(b'<a href="/customers/') == 100)
    def customer_list():
        return "GET", f"/?owner={owner_id}", None, {"Cookie": cookie}

    @expect(201)
    def create():
        body = (
            f'{{"name": "Bench Customer {next(counter)}", "email": "", '
            f'"owner_id": {owner_id}, "city": "Lyon", "country": "FR"}}'
        )
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return "POST", "/api/v1/customers", body, headers

    return [
        ("baseline: GET /healthz", healthz, None),
        ("staff list: 100 rows of one owner", customer_list, 50.0),
        ("API: create customer with owner", create, 10.0),
    ]


def print_table(results: list[Result], context: str) -> None:
    baseline = results[0].median()
    print(f"\n{context}")
    header = (
        f"{'endpoint':36} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'x base':>7} "
        f"{'cpu ms':>7} target"
    )
    print(header)
    print("-" * len(header) + "------")
    for result in results:
        p50, p95 = result.median(), result.p95()
        if result.target_ms is None:
            target = "(baseline)"
        else:
            verdict = "met" if p50 <= result.target_ms else "MISSED"
            target = f"p50 <= {result.target_ms:.0f} ms: {verdict}"
        print(
            f"{result.name:36} {len(result.samples):8d} {p50:8.2f} {p95:8.2f} "
            f"{p50 / baseline:7.1f} {result.server_cpu_ms:7.2f} {target}"
        )


def main() -> None:
    args = parse_args()
    env = prepare_environment(args)
    built = build_if_empty(args, env)
    if args.build_only:
        print(f"{env['ACCORD_VAR_DIR']}: {built}")
        return
    owner_id, token = bench_identities()
    port = free_port()
    server = start_server(env, port, args.serve_args)
    try:
        cookie = login(port)
        results = [
            measure(port, server.pid, name, args.seconds, send, target)
            for name, send, target in requests(owner_id, cookie, token)
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    from django.db import connection

    engine = connection.vendor
    load = os.getloadavg()[0]
    print_table(
        results,
        f"{args.customers} customers ({built}), {engine}, `accord serve {args.serve_args}`, "
        f"1 keep-alive client, {args.seconds:.0f} s per endpoint, {os.cpu_count()} cores "
        f"(shared machine, load {load:.1f} at the end); cpu ms = server CPU per request",
    )


if __name__ == "__main__":
    main()
