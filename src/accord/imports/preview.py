"""What an import of a file would do, before it runs: the detected shape and format, which
source column feeds which field, and the first rows as the importer would see them with
the problems it would report. Reads only the start of the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from accord.imports.formats import hubspot, hubspot_labels, salesforce, salesforce_objects
from accord.imports.formats.detect import Detected, detect
from accord.imports.formats.generic import SkipCounter
from accord.imports.formats.labels import Columns, FormatProblem, fold
from accord.imports.problems import RowProblem
from accord.imports.readers import FileShape, open_rows, read_header, sniff_file

ADAPTERS: dict[str, Any] = {"hubspot": hubspot, "salesforce": salesforce}


@dataclass
class PreviewRow:
    line: int
    values: dict[str, str]
    problems: list[tuple[str, str]]
    cells: list[str] = field(default_factory=list)


@dataclass
class Preview:
    shape: FileShape
    header: list[str]
    detected: Detected
    format: str
    kind: str
    # (source column, what it feeds); an empty target means the column is not used.
    columns: list[tuple[str, str]] = field(default_factory=list)
    output_columns: list[str] = field(default_factory=list)
    rows: list[PreviewRow] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    error: str = ""


def adapted_rows(path: Path, format: str, kind: str, skipped: SkipCounter | None = None) -> Any:
    """The file's rows in the generic format (the adapter applied for HubSpot/Salesforce)."""
    rows = open_rows(path)
    if format == "generic":
        return rows
    return ADAPTERS[format].to_generic(kind, rows, path=path, skipped=skipped)


def preview_file(path: str | Path, *, format: str = "", kind: str = "", limit: int = 10) -> Preview:
    """Preview an import of `path`; format and kind default to the detected ones."""
    from accord.imports.specs import get_spec

    path = Path(path)
    header = read_header(path)
    detected = detect(header, path)
    format = format or detected.format
    kind = kind or (detected.kinds[0] if detected.kinds else "customers")
    preview = Preview(sniff_file(path), header, detected, format, kind)
    preview.columns = _column_map(header, format, kind)
    spec = get_spec(kind)
    preview.output_columns = list(spec.generic_columns)
    skipped = SkipCounter()
    try:
        for item in islice(adapted_rows(path, format, kind, skipped), limit):
            row = _checked(item, spec)
            row.cells = [row.values.get(name, "") for name in preview.output_columns]
            preview.rows.append(row)
    except FormatProblem as problem:
        preview.error = str(problem)
    preview.skipped = dict(sorted(skipped.items()))
    return preview


def _checked(item: Any, spec: Any) -> PreviewRow:
    if isinstance(item, RowProblem):
        return PreviewRow(item.line, item.row, [(item.column, item.message)])
    line, values = item
    _, problems = spec.clean_row(values)
    return PreviewRow(line, values, list(problems))


def _column_map(header: list[str], format: str, kind: str) -> list[tuple[str, str]]:
    if format == "generic":
        from accord.imports.specs import get_spec

        known = {fold(name): name for name in get_spec(kind).generic_columns}
        return [(name, known.get(fold(name), "")) for name in header]
    synonyms = hubspot_labels.SYNONYMS if format == "hubspot" else salesforce_objects.SYNONYMS
    found = Columns(header, synonyms).found
    feeds = {source: field_name for field_name, source in found.items()}
    return [(name, feeds.get(name, "")) for name in header]
