"""Excel workbooks (.xlsx), as HubSpot downloads exports by default: the first sheet's
first non-empty row is the header, each later row a record, read in streaming mode
(openpyxl read-only) so a large export stays in constant memory.

Cells come out as the text a CSV export of the same data would hold: dates and times in
ISO 8601, whole numbers without ".0", booleans true/false.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def is_xlsx(path: str | Path) -> bool:
    """An Office Open XML workbook, told by its content (a ZIP with xl/workbook.xml)."""
    path = Path(path)
    try:
        with path.open("rb") as raw:
            if raw.read(4) != b"PK\x03\x04":
                return False
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float):
        # Spreadsheets store every number as a float: 12500.0 is 12500, ids stay ids.
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, Decimal | int):
        return str(value)
    return str(value).strip() if isinstance(value, str) else str(value)


def sheet_rows(path: str | Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of the first sheet; empty rows skipped."""
    from openpyxl import load_workbook

    workbook = load_workbook(Path(path), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(value) for value in values]
            if any(cells):
                yield number, cells
    finally:
        workbook.close()


def sheet_size(path: str | Path) -> int:
    """Rows of the first sheet as the workbook declares them (for a progress bar)."""
    from openpyxl import load_workbook

    workbook = load_workbook(Path(path), read_only=True)
    try:
        return int(workbook.worksheets[0].max_row or 0)
    finally:
        workbook.close()
