"""`--mapping M.toml`: rename a file's columns to generic field names before the spec.

    [columns]
    "E-mail address" = "email"
    "Customer no" = "external_id"

Columns not named keep their own name; a generic field may also get a constant:

    [defaults]
    country = "DE"
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class MappingError(ValueError):
    """A mapping file that cannot be used; the message says where."""


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)


def load_mapping(path: str | Path) -> Mapping:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise MappingError(f"{path}: {error}") from None
    unknown = set(data) - {"columns", "defaults"}
    if unknown:
        raise MappingError(f"{path}: unknown tables {sorted(unknown)}; use [columns], [defaults]")
    for table in ("columns", "defaults"):
        for key, value in data.get(table, {}).items():
            if not isinstance(value, str):
                raise MappingError(f"{path}: [{table}] {key!r} must be a string")
    return Mapping(columns=dict(data.get("columns", {})), defaults=dict(data.get("defaults", {})))


def apply_mapping(mapping: Mapping, items: Iterable[Any]) -> Iterator[Any]:
    """Rows renamed; problems from the reader pass through untouched."""
    renames = mapping.columns
    defaults = mapping.defaults
    for item in items:
        if not isinstance(item, tuple):
            yield item
            continue
        line, raw = item
        row = {renames.get(key, key): value for key, value in raw.items()}
        for key, value in defaults.items():
            if not row.get(key):
                row[key] = value
        yield line, row
