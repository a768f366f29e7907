"""Stand-in reader until accord.imports.readers (encoding and delimiter detection) is on
main: UTF-8 CSV (BOM allowed) and JSON Lines, as (line, {column: text}) pairs."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

csv.field_size_limit(64 * 1024 * 1024)


def open_rows(path: str | Path) -> Iterator[tuple[int, dict[str, str]]]:
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            for number, text in enumerate(handle, start=1):
                if text.strip():
                    record = json.loads(text)
                    yield number, {key: _text(value) for key, value in record.items()}
            return
        reader = csv.reader(handle)
        header = next(reader, [])
        for fields in reader:
            if fields:
                yield reader.line_num, dict(zip(header, fields, strict=False))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
