"""Export everything held about one customer: a zip of JSON files and CSV files, streamed.

The JSON files are described by docs/export-schema.json (an object whose properties are
the file names). Rows are read in chunks and written as they come, so memory stays flat
and the first bytes leave before the last row is read.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from accord.portal.export_sections import list_sections

EXPORT_FORMAT_VERSION = "1.0"
_CHUNK = 2000


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    # Money stays a string: exact, as the company booked it.
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"cannot export {type(value).__name__}")


def _dumps(value: Any) -> bytes:
    return json.dumps(value, default=_encode, ensure_ascii=False).encode()


class _Sink(io.RawIOBase):
    """A write-only, non-seekable buffer the generator drains after each write."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        out = b"".join(self._chunks)
        self._chunks.clear()
        return out


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Datetimes, dates, money and UUIDs as strings, once, for both JSON and CSV."""
    return {
        key: _encode(value) if isinstance(value, datetime | date | Decimal | UUID) else value
        for key, value in row.items()
    }


def _write_rows(
    handle: Any, rows: Iterable[dict[str, Any]], csv_out: Any, columns: list[str]
) -> Iterator[None]:
    """Write a JSON array to `handle` and, when columns are given, CSV rows to `csv_out`
    in the same pass: one database read serves both files. Writes go out in chunks."""
    writer = csv.writer(csv_out) if columns else None
    if writer is not None:
        writer.writerow(columns)
    pending: list[bytes] = []
    started = False
    for row in rows:
        plain = _plain(row)
        pending.append(json.dumps(plain, ensure_ascii=False).encode())
        if writer is not None:
            writer.writerow(["" if plain[c] is None else plain[c] for c in columns])
        if len(pending) == _CHUNK:
            handle.write((b"," if started else b"[") + b",".join(pending))
            started = True
            pending.clear()
            yield
    if pending:
        handle.write((b"," if started else b"[") + b",".join(pending))
        started = True
    handle.write(b"]" if started else b"[]")


def _rows(source: QuerySet[Any] | list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    if isinstance(source, list):
        return source
    return source.iterator(chunk_size=_CHUNK)


def stream_export(customer_id: int) -> Iterator[bytes]:
    """Yield the zip's bytes. Reads live data; call inside the request that serves it."""
    sink = _Sink()
    names: list[str] = []
    # Level 1: exports are mostly repetitive text; higher levels cost time, not much size.
    with zipfile.ZipFile(
        sink, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
    ) as archive:
        for section in list_sections(customer_id):
            names.append(f"{section.name}.json")
            csv_out = io.StringIO(newline="")
            with archive.open(f"{section.name}.json", mode="w") as handle:
                if section.is_object:
                    handle.write(_dumps(section.source))
                else:
                    rows = _rows(section.source)
                    for _ in _write_rows(handle, rows, csv_out, section.csv_columns):
                        yield sink.drain()
            yield sink.drain()
            if section.csv_columns:
                names.append(f"{section.name}.csv")
                archive.writestr(f"{section.name}.csv", csv_out.getvalue().encode())
                yield sink.drain()
        manifest = {
            "format_version": EXPORT_FORMAT_VERSION,
            "customer_id": customer_id,
            "generated_at": timezone.now(),
            "files": [*names, "manifest.json"],
            "schema": "docs/export-schema.json",
        }
        archive.writestr("manifest.json", _dumps(manifest))
    yield sink.drain()
