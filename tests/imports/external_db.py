"""A throw-away database of the same kind as the test run's, for `accord` subprocesses:
a SQLite file, or a PostgreSQL database created next to the test database and dropped."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

ACCORD = str(Path(sys.executable).with_name("accord"))


class ExternalDatabase:
    def __init__(self, url: str, var_dir: Path) -> None:
        self.url = url
        self.var_dir = var_dir

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(DATABASE_URL=self.url, ACCORD_VAR_DIR=str(self.var_dir))
        return env

    def accord(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [ACCORD, *args],
            env={**self.env, **extra_env},
            capture_output=True,
            text=True,
            timeout=600,
        )

    def popen(self, *args: str, **extra_env: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [ACCORD, *args],
            env={**self.env, **extra_env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.url.startswith("sqlite:///"):
            path = self.url.removeprefix("sqlite:///")
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(sql).fetchall()  # type: ignore[arg-type]


@contextmanager
def external_database(tmp_path: Path) -> Iterator[ExternalDatabase]:
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        yield ExternalDatabase(f"sqlite:///{tmp_path / 'external.sqlite3'}", tmp_path)
        return
    import psycopg

    base = urlsplit(os.environ["DATABASE_URL"])
    name = f"accord_ext_{uuid.uuid4().hex[:10]}"
    admin = urlunsplit(base._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    try:
        yield ExternalDatabase(urlunsplit(base._replace(path=f"/{name}")), tmp_path)
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
