"""Settings from the environment: the parsers reject junk, and start-up through the real
`accord` command stops with one line on stderr that names the variable (exit status 2)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from accord.core.env import ConfigurationError, env_bool, env_int, env_list, parse_database_url

ACCORD = Path(sys.executable).with_name("accord")
SHOW_KEY = (
    "shell",
    "--no-imports",
    "-c",
    "from django.conf import settings; print(settings.SECRET_KEY)",
)


def run_accord(*args: str, var_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script with a clean Accord environment plus `env`."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ACCORD_") and key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [str(ACCORD), *args],
        env={**base, "ACCORD_VAR_DIR": str(var_dir), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please", "tru"])
def test_env_bool_rejects_junk_naming_the_variable(raw):
    with pytest.raises(ConfigurationError, match=r"^ACCORD_DEBUG: unexpected value"):
        env_bool("ACCORD_DEBUG", False, environ={"ACCORD_DEBUG": raw})


@pytest.mark.parametrize(("raw", "expected"), [("TRUE", True), (" on ", True), ("0", False)])
def test_env_bool_accepts_the_usual_spellings(raw, expected):
    assert env_bool("ACCORD_DEBUG", not expected, environ={"ACCORD_DEBUG": raw}) is expected


def test_env_bool_default_when_unset():
    assert env_bool("ACCORD_DEBUG", True, environ={}) is True


@pytest.mark.parametrize("raw", ["ten", "1.5", "0x10", "25 ports"])
def test_env_int_rejects_junk_naming_the_variable(raw):
    with pytest.raises(ConfigurationError, match=r"^ACCORD_EMAIL_PORT: .* is not a whole number"):
        env_int("ACCORD_EMAIL_PORT", 25, environ={"ACCORD_EMAIL_PORT": raw})


def test_env_int_enforces_the_minimum():
    with pytest.raises(ConfigurationError, match=r"^ACCORD_PAGE_SIZE: 0 is below the minimum 1"):
        env_int("ACCORD_PAGE_SIZE", 100, minimum=1, environ={"ACCORD_PAGE_SIZE": "0"})


def test_env_int_parses_and_defaults():
    assert env_int("N", 7, environ={"N": " 42 "}) == 42
    assert env_int("N", 7, environ={"N": ""}) == 7


def test_env_list_rejects_empty_items_and_spaces():
    with pytest.raises(ConfigurationError, match=r"^ACCORD_ALLOWED_HOSTS: "):
        env_list("ACCORD_ALLOWED_HOSTS", [], environ={"ACCORD_ALLOWED_HOSTS": "a.example,,b"})
    assert env_list("H", [], environ={"H": "a.example, b.example"}) == ["a.example", "b.example"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("foo", "unsupported scheme '(none)'"),
        ("mysql://u@h/db", "unsupported scheme 'mysql'"),
        ("sqlite://", "needs a file path"),
        ("sqlite://host/x.db", "needs a file path"),
        ("postgresql://postgres@127.0.0.1:5432/", "has no database name"),
        ("postgresql://postgres@127.0.0.1:5432/a/b", "has no database name"),
        ("postgresql://postgres@127.0.0.1:99999/db", "is not a URL"),
    ],
)
def test_parse_database_url_rejects_bad_urls(raw, message):
    with pytest.raises(ConfigurationError, match=r"^DATABASE_URL: ") as caught:
        parse_database_url(raw)
    assert message in str(caught.value)


def test_parse_database_url_reads_sqlite_paths_and_postgres_parts():
    assert parse_database_url("sqlite:///var/a.sqlite3").name == "var/a.sqlite3"
    assert parse_database_url("sqlite:////srv/a.sqlite3").name == "/srv/a.sqlite3"
    url = parse_database_url("postgres://u:p%40ss@db.example:6543/accord?sslmode=require")
    assert (url.engine, url.user, url.password, url.host, url.port, url.name) == (
        "postgresql",
        "u",
        "p@ss",
        "db.example",
        "6543",
        "accord",
    )
    assert url.options == (("sslmode", "require"),)


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DATABASE_URL": "foo"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/accord"}, "DATABASE_URL"),
        ({"ACCORD_DEBUG": "maybe"}, "ACCORD_DEBUG"),
        ({"ACCORD_EMAIL_PORT": "twenty-five"}, "ACCORD_EMAIL_PORT"),
        ({"ACCORD_SECRET_KEY": "short"}, "ACCORD_SECRET_KEY"),
    ],
    ids=["junk-url", "unreachable-postgres", "junk-bool", "junk-int", "short-secret"],
)
def test_startup_stops_with_one_line_naming_the_variable(tmp_path, env, variable):
    result = run_accord("migrate", var_dir=tmp_path, **env)

    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("accord: ")
    assert variable in lines[0]
    assert "Traceback" not in result.stderr
    # Nothing was migrated: the junk setting stopped start-up before any database work.
    assert not (tmp_path / "accord.sqlite3").exists()


def test_secret_key_is_generated_once_into_var_dir_and_reused(tmp_path):
    show_key = [*SHOW_KEY]

    first = run_accord(*show_key, var_dir=tmp_path)
    second = run_accord(*show_key, var_dir=tmp_path)

    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) >= 50
    assert first.stdout.strip() == key_file.read_text().strip()
    assert second.stdout.strip() == first.stdout.strip()


def test_configured_secret_key_wins_and_nothing_is_written(tmp_path):
    key = "k" * 40
    result = run_accord(*SHOW_KEY, var_dir=tmp_path, ACCORD_SECRET_KEY=key)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key
    assert not (tmp_path / "secret_key").exists()


def test_production_settings_keep_django_default_password_hashing(tmp_path):
    """The fast MD5 hasher is for tests only (tests/conftest.py); the real settings
    module names no hasher, so Django's strong default stays in force."""
    import accord.settings as production

    assert not hasattr(production, "PASSWORD_HASHERS")
    shown = run_accord(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])",
        var_dir=tmp_path,
    )
    assert shown.stdout.strip() == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
