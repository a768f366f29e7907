"""Streaming readers for import files: CSV, JSON Lines and XLSX as other CRMs and spreadsheets
write them (encoding, delimiter, BOM and line endings detected), in constant memory.

`open_rows(path)` yields `(line, {column: value})` for every record, where `line` is the
file's physical line where the record starts, or a RowProblem for a record that cannot be
read (undecodable bytes, a broken JSON line, too many values): one bad row never stops a
million-row file.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from accord.imports.problems import RowProblem
from accord.imports.xlsx import is_xlsx, sheet_rows

Row = tuple[int, dict[str, str]]

# Enough for the detection to see past a header of ~300 HubSpot columns and many rows.
SAMPLE_BYTES = 256 * 1024
DELIMITERS = (",", ";", "\t", "|")
# A long note or email body in one cell is normal; csv's default limit is 128 KiB.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024

# Bytes the chosen encoding cannot decode become lone surrogates U+DC00+byte (for any byte,
# unlike Python's surrogateescape, which refuses bytes below 128 as UTF-16 needs): the read
# goes on and the record that holds them is reported with its line.
UNDECODABLE = "accord-undecodable"


# How often the handler ran, in any file: while it has not run since a file was opened, no
# record of that file can hold a marker, and the per-record search is skipped.
_marked = [0]


def _mark_undecodable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _marked[0] += 1
    bad = error.object[error.start : error.end]
    return "".join(chr(0xDC00 + byte) for byte in bad), error.end


codecs.register_error(UNDECODABLE, _mark_undecodable)
_SURROGATE = re.compile("[\udc00-\udcff]")


@dataclass(frozen=True)
class FileShape:
    """What detection found, shown in the import preview."""

    format: str  # "csv", "jsonl" or "xlsx"
    encoding: str
    delimiter: str  # "" for JSON Lines
    # Excel writes a first line "sep=;" when saving with a non-default separator.
    skip_lines: int = 0


def detect_encoding(sample: bytes, *, truncated: bool = True) -> str:
    """The encoding of a file from its first bytes: a BOM, else strict UTF-8, else cp1252
    when that reads as Western text, else charset-normalizer's best guess.

    BOMs and strict UTF-8 are checked first because they are certain and fast; statistical
    detection is only needed for legacy 8-bit files (Salesforce writes ISO-8859-1, Excel
    cp1252), where a wrong guess costs the most.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    without_bom = _utf16_without_bom(sample)
    if without_bom:
        return without_bom
    if _is_utf8(sample, truncated=truncated):
        return "utf-8"
    if _reads_as_western(sample):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    # Latin-1 decodes every byte: the last resort never fails, and each stray byte shows.
    return best.encoding if best is not None else "latin-1"


def _utf16_without_bom(sample: bytes) -> str:
    """UTF-16 written without a BOM: mostly-ASCII text has a NUL in every other byte."""
    pairs = sample[: 4096 - 4096 % 2]
    if len(pairs) < 4:
        return ""
    half = len(pairs) // 2
    if pairs[1::2].count(0) > half * 0.9 and pairs[0::2].count(0) < half * 0.1:
        return "utf-16-le"
    if pairs[0::2].count(0) > half * 0.9 and pairs[1::2].count(0) < half * 0.1:
        return "utf-16-be"
    return ""


def _is_utf8(sample: bytes, *, truncated: bool) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may end in the middle of a multi-byte character.
        return truncated and error.start >= len(sample) - 3 and error.reason.startswith("unexp")
    return True


# Characters a cp1252 reading of Western text produces above ASCII: Latin-1 letters and
# signs plus the typographic punctuation (quotes, dashes, euro) of 0x80-0x9F.
_NOT_WESTERN = re.compile(
    "[^\x00-\x7f\u00a0-\u00ff\u20ac\u201a-\u201e\u2018-\u2019\u2013\u2014\u2026\u2122]"
)


def _reads_as_western(sample: bytes) -> bool:
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return not text.isascii() and _NOT_WESTERN.search(text) is None


def sniff_delimiter(header_line: str) -> str:
    """The candidate delimiter that splits the header line most often outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def sniff_file(path: str | Path) -> FileShape:
    """Detect format, encoding and delimiter from the first SAMPLE_BYTES of the file."""
    path = Path(path)
    if is_xlsx(path):
        return FileShape(format="xlsx", encoding="xlsx", delimiter="")
    with path.open("rb") as raw:
        sample = raw.read(SAMPLE_BYTES)
        truncated = bool(raw.read(1))
    encoding = detect_encoding(sample, truncated=truncated)
    text = sample.decode(encoding, errors=UNDECODABLE).lstrip("\ufeff")
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith("{"):
        return FileShape(format="jsonl", encoding=encoding, delimiter="")
    lines = text.splitlines()
    first = lines[0] if lines else ""
    if first.lower().startswith("sep=") and len(first) == 5:
        return FileShape(format="csv", encoding=encoding, delimiter=first[4], skip_lines=1)
    return FileShape(format="csv", encoding=encoding, delimiter=sniff_delimiter(first))


def read_header(path: str | Path) -> list[str]:
    """The column names of a file (keys of the first object for JSON Lines)."""
    shape = sniff_file(path)
    if shape.format == "jsonl":
        for item in _jsonl_rows(path, shape):
            if isinstance(item, tuple):
                return list(item[1])
        return []
    if shape.format == "xlsx":
        return next((_unique_header(cells) for _number, cells in sheet_rows(path)), [])
    with _open_text(path, shape) as text:
        for fields in csv.reader(text, delimiter=shape.delimiter):
            if any(fields):
                return _unique_header(fields)
    return []


def open_rows(path: str | Path) -> Iterator[Row | RowProblem]:
    """Every record of a CSV or JSON Lines file as (line, values) or a RowProblem.

    Values are strings ("" for a missing cell); blank lines are skipped. Reads in constant
    memory however large the file.
    """
    shape = sniff_file(path)
    if shape.format == "jsonl":
        yield from _jsonl_rows(path, shape)
    elif shape.format == "xlsx":
        yield from _xlsx_rows(path)
    else:
        yield from _csv_rows(path, shape)


def _xlsx_rows(path: str | Path) -> Iterator[Row | RowProblem]:
    """A workbook's first sheet as records; `line` is the sheet's row number."""
    header: list[str] = []
    for number, cells in sheet_rows(path):
        if not header:
            header = _unique_header(cells)
            continue
        yield _csv_record(number, header, len(header), cells)


@contextmanager
def _open_text(path: str | Path, shape: FileShape) -> Iterator[IO[str]]:
    # newline="": the csv module sees \r\n inside quoted fields and keeps them.
    with Path(path).open(encoding=shape.encoding, errors=UNDECODABLE, newline="") as text:
        for _ in range(shape.skip_lines):
            text.readline()
        yield text


def _unique_header(fields: list[str]) -> list[str]:
    """Trimmed names; a repeated name gets " (2)", " (3)" so no column's values are lost."""
    header: list[str] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(fields):
        name = name.strip().lstrip("\ufeff").strip() if index == 0 else name.strip()
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        header.append(name)
    return header


def _csv_rows(path: str | Path, shape: FileShape) -> Iterator[Row | RowProblem]:
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    marked = _marked[0]
    with _open_text(path, shape) as text:
        reader = csv.reader(text, delimiter=shape.delimiter)
        header: list[str] = []
        width = -1  # no header yet: nothing takes the fast path
        consumed = offset = shape.skip_lines
        for fields in reader:
            line = consumed + 1
            consumed = reader.line_num + offset
            if len(fields) == width and marked == _marked[0]:
                # The common case, kept inline: a full row and no undecodable bytes.
                yield line, dict(zip(header, fields, strict=True))
                continue
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if not header:
                header = _unique_header(fields)
                width = len(header)
                continue
            yield _csv_record(line, header, width, fields)


def _csv_record(line: int, header: list[str], width: int, fields: list[str]) -> Row | RowProblem:
    if len(fields) < width:
        # Some tools drop trailing empty cells; the missing ones are empty.
        fields = fields + [""] * (width - len(fields))
    elif len(fields) > width:
        if any(value.strip() for value in fields[width:]):
            row = dict(zip(header, fields, strict=False))
            return RowProblem(line, "", f"{len(fields)} values, the header has {width}", row)
        fields = fields[:width]
    values = dict(zip(header, fields, strict=True))
    joined = "".join(fields)
    # isascii() is O(1) on CPython strings, so clean ASCII rows pay nothing for the check.
    if not joined.isascii() and _SURROGATE.search(joined):
        return _undecodable(line, values)
    return line, values


def _undecodable(line: int, values: dict[str, str]) -> RowProblem:
    column = next((name for name, value in values.items() if _SURROGATE.search(value)), "")
    shown = {name: _show_bytes(value) for name, value in values.items()}
    return RowProblem(
        line, column, f"undecodable bytes {_bad_bytes(values.get(column, ''))} in this value", shown
    )


def _show_bytes(value: str) -> str:
    return _SURROGATE.sub(lambda match: f"\\x{ord(match.group()) - 0xDC00:02x}", value)


def _bad_bytes(value: str) -> str:
    return " ".join(f"0x{ord(char) - 0xDC00:02X}" for char in _SURROGATE.findall(value)[:4])


def _jsonl_rows(path: str | Path, shape: FileShape) -> Iterator[Row | RowProblem]:
    marked = _marked[0]
    with _open_text(path, shape) as text:
        for line, raw_line in enumerate(text, start=1):
            stripped = raw_line.strip().lstrip("\ufeff")
            if not stripped:
                continue
            try:
                item = json.loads(stripped)
            except ValueError as error:
                yield RowProblem(line, "", f"not valid JSON: {error}", {"line": stripped[:500]})
                continue
            if not isinstance(item, dict):
                yield RowProblem(line, "", "a JSON Lines record must be an object", {})
                continue
            values = {str(key).strip(): _json_text(value) for key, value in item.items()}
            if marked != _marked[0] and _SURROGATE.search(stripped):
                yield _undecodable(line, values)
                continue
            yield line, values


def _json_text(value: Any) -> str:
    """JSON values as the strings a CSV cell would hold; lists as "a;b" like HubSpot."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ";".join(_json_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
