"""Small parsers for settings read from the environment.

Each parser rejects junk with a message that names the variable, so a typo in a
deployment stops start-up with one clear line instead of running misconfigured.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit


class ConfigurationError(Exception):
    """A setting from the environment is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool, environ: dict[str, str] | None = None) -> bool:
    raw = (environ if environ is not None else os.environ).get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{name}: unexpected value {raw!r}, use 'true' or 'false'")


def env_int(
    name: str, default: int, minimum: int = 0, environ: dict[str, str] | None = None
) -> int:
    raw = (environ if environ is not None else os.environ).get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigurationError(f"{name}: {raw!r} is not a whole number") from None
    if value < minimum:
        raise ConfigurationError(f"{name}: {value} is below the minimum {minimum}")
    return value


def env_list(name: str, default: list[str], environ: dict[str, str] | None = None) -> list[str]:
    raw = (environ if environ is not None else os.environ).get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item or " " in item for item in items):
        raise ConfigurationError(f"{name}: {raw!r} is not a comma-separated list of names")
    return items


@dataclass(frozen=True)
class DatabaseUrl:
    engine: str  # "sqlite" or "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    options: tuple[tuple[str, str], ...] = ()


def parse_database_url(raw: str, name: str = "DATABASE_URL") -> DatabaseUrl:
    """Parse sqlite:///relative/or//absolute/path and postgres(ql)://user:pw@host:port/db."""
    try:
        parts = urlsplit(raw.strip())
        port = str(parts.port or "")
    except ValueError as error:
        raise ConfigurationError(f"{name}: {raw!r} is not a URL ({error})") from None
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc or not path.strip("/"):
            raise ConfigurationError(
                f"{name}: {raw!r} needs a file path, e.g. sqlite:///var/accord.sqlite3"
            )
        # sqlite:///var/x.db is relative; sqlite:////abs/x.db is absolute.
        return DatabaseUrl(engine="sqlite", name=path[1:])
    if scheme in {"postgres", "postgresql", "pgsql"}:
        database = unquote(parts.path.lstrip("/"))
        if not database or "/" in database:
            raise ConfigurationError(f"{name}: {raw!r} has no database name after the host")
        return DatabaseUrl(
            engine="postgresql",
            name=database,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            host=parts.hostname or "",
            port=port,
            options=tuple(parse_qsl(parts.query)),
        )
    raise ConfigurationError(
        f"{name}: unsupported scheme {parts.scheme or '(none)'!r} in {raw!r}; "
        "use sqlite:///path or postgresql://user@host/db"
    )


def env_number_map(
    name: str,
    default: dict[str, int],
    allowed: set[str] | None = None,
    environ: dict[str, str] | None = None,
) -> dict[str, int]:
    """Parse "email=24,chat=1" into {"email": 24, "chat": 1} over the defaults.

    Keys missing from the variable keep their default; an unknown key, a missing `=`
    or a value that is not a positive whole number stops start-up naming the item.
    """
    raw = (environ if environ is not None else os.environ).get(name)
    result = dict(default)
    if raw is None or not raw.strip():
        return result
    known = allowed if allowed is not None else set(default)
    for item in raw.split(","):
        key, sep, value = (part.strip() for part in item.partition("="))
        if not sep or not key:
            raise ConfigurationError(f"{name}: {item.strip()!r} is not key=number")
        if key not in known:
            raise ConfigurationError(
                f"{name}: unknown key {key!r}, use one of {', '.join(sorted(known))}"
            )
        if not value.isdigit() or int(value) < 1:
            raise ConfigurationError(f"{name}: {key}={value!r} is not a whole number >= 1")
        result[key] = int(value)
    return result
