"""A row that cannot be imported, with where and why: the unit of the error report."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowProblem:
    """One bad row. `line` is the file's physical line where the record starts (1-based);
    `column` the source column at fault ("" when the whole row is); `row` the original
    values as read, so the report can show the row next to the message."""

    line: int
    column: str
    message: str
    row: dict[str, str] = field(default_factory=dict)
