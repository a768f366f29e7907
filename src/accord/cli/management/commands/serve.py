"""`accord serve`: run Accord under gunicorn (a production WSGI server, not runserver).

Static files come from the installed package through WhiteNoise, so no web server or
collectstatic step is needed in front of it on one machine.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    # gthread workers: requests mostly wait on the database, so threads overlap well, and
    # keep-alive works (sync workers close every connection). One process per core.
    return max(2, os.cpu_count() or 1)


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            # Skip settings this gunicorn version does not know (control_socket is new).
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from accord.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve Accord over HTTP with gunicorn."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=4, help="threads per worker")
        parser.add_argument(
            "--worker-class", default="gthread", choices=["gthread", "sync"], help="gunicorn kind"
        )
        parser.add_argument("--access-log", action="store_true", help="log every request")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1")
        # The database was checked by the `accord` entry point; close that connection so
        # forked workers do not share one socket or SQLite handle.
        connections.close_all()
        # WhiteNoise warns when STATIC_ROOT is missing even though it serves from finders.
        os.makedirs(settings.STATIC_ROOT, exist_ok=True)
        gunicorn_options = {
            "bind": options["bind"],
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": options["worker_class"],
            "accesslog": "-" if options["access_log"] else None,
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 10,
            "keepalive": 5,
            # gunicorn's longest request line (its default is 4094): an API list URL with
            # a cursor of non-ASCII text and filters percent-encodes past 4 KB.
            "limit_request_line": 8190,
            "proc_name": "accord",
            # One shared ~/.gunicorn/gunicorn.ctl would clash between several servers.
            "control_socket_disable": True,
        }
        host, _, port = options["bind"].rpartition(":")
        self.stdout.write(f"Accord is serving at http://{host or '127.0.0.1'}:{port}/")
        self.stdout.flush()
        _Gunicorn(gunicorn_options).run()
