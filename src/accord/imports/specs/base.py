"""What a spec is: the generic columns of one entity, how a row is cleaned, and its key.

A spec cleans a row with one call per cell (`clean_row`) and hands the engine clean
values keyed by database column. How existing records are found and how rows are
written depends on the key: `native` tables carry (customer, source, external_id)
themselves; `table` entities are keyed through imports.ExternalKey.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.db import models

from accord.core import validation
from accord.imports import cleaning
from accord.imports.cleaning import Cleaner

if TYPE_CHECKING:
    from accord.imports.engine import Chunk

Problem = tuple[str, str]  # (column, message)


@dataclass(frozen=True)
class Field:
    """One generic column. `kind` says how the value is stored and compared; a `staff`
    field holds an email or name that the engine turns into a staff id."""

    name: str
    clean: Cleaner
    kind: str = "text"
    column: str = ""
    required: bool = False
    default: Any = ""
    places: int = 2
    # False: written when the record is created, never compared or updated (created_at).
    compared: bool = True
    # Stored outside the entity's own table (a customer's owner and stage).
    relational: bool = False

    @property
    def db_column(self) -> str:
        return self.column or self.name


EXTERNAL_ID = Field("external_id", validation.text("external_id", 100), required=True)
CUSTOMER_REF = Field(
    "customer_external_id", validation.text("customer_external_id", 100), required=True
)


def staff_field(name: str, column: str) -> Field:
    return Field(name, cleaning.long_text, kind="staff", column=column, default=None)


@dataclass(slots=True)
class Row:
    """A cleaned row on its way to the database."""

    line: int
    original: dict[str, str]
    external_id: str
    values: dict[str, Any]
    object_id: int | None = None
    # The record's values before this run (updates only).
    stored: dict[str, Any] = field(default_factory=dict)


@dataclass
class Spec:
    """How one entity is imported and exported in the generic format."""

    entity: str
    model: type[models.Model]
    fields: tuple[Field, ...]
    key: str = "table"  # "native" | "table" | "customer"
    references_customer: bool = True
    # Columns that find an existing record the key table does not know yet (adopted).
    natural: tuple[str, ...] = ()
    # Cross-field rules and derived defaults, after every cell is clean.
    check: Callable[[dict[str, Any]], list[Problem]] | None = None
    columns_fixed: dict[str, Any] = field(default_factory=dict)
    # Columns set to the run's time on insert (created_at of tables that have one).
    stamped: tuple[str, ...] = ()
    # An adopted record (found by its natural key) must already be this row's customer's.
    natural_keeps_customer: bool = False

    def __post_init__(self) -> None:
        head = [EXTERNAL_ID] + ([CUSTOMER_REF] if self.references_customer else [])
        self.all_fields: tuple[Field, ...] = (*head, *self.fields)
        self.plan = [(f.name, f.db_column, f.clean, f.required, f.default) for f in self.all_fields]
        self.staff_fields = tuple(f for f in self.fields if f.kind == "staff")
        self.stored = tuple(f for f in self.fields if f.kind != "staff") + self.staff_fields
        self.table_fields = tuple(f for f in self.stored if not f.relational)
        self.compared_columns = tuple(f.db_column for f in self.stored if f.compared) + (
            ("customer_id",) if self.references_customer and self.key != "native" else ()
        )

    @property
    def generic_columns(self) -> list[str]:
        return [f.name for f in self.all_fields]

    def clean_row(self, raw: dict[str, str]) -> tuple[dict[str, Any], list[Problem]]:
        """Every cell through its cleaner; problems name the generic column."""
        return self.clean_rows([raw])[0]

    def clean_rows(self, raws: list[dict[str, str]]) -> list[tuple[dict[str, Any], list[Problem]]]:
        """`clean_row` of every row, column by column: the same cleaners, each called once
        per distinct cell of a column (they are pure functions of the cell), so a column of
        a few channels or staff emails costs a dict lookup per row."""
        count = len(raws)
        names: list[str] = []
        columns: list[list[Any]] = []
        problems: dict[int, list[Problem]] = {}
        for name, column, clean, required, default in self.plan:
            cells = [raw.get(name) for raw in raws]
            try:
                distinct = set(cells)
            except TypeError:  # an adapter handed over a list or dict: no memo
                distinct = set()
            if distinct and len(distinct) * 2 <= count:
                values, bad = _clean_distinct(name, clean, required, default, distinct, cells)
            else:
                values, bad = _clean_each(name, clean, required, default, cells)
            for index, problem in bad:
                problems.setdefault(index, []).append(problem)
            names.append(column)
            columns.append(values)
        results: list[tuple[dict[str, Any], list[Problem]]] = [
            (dict(zip(names, row, strict=True)), []) for row in zip(*columns, strict=True)
        ]
        for index, found in problems.items():
            results[index] = (results[index][0], found)
        if self.check is not None:
            for index, (record, found) in enumerate(results):
                if not found:
                    results[index] = (record, self.check(record))
        return results

    # Hooks the customers and requests specs override.
    def before_write(self, chunk: Chunk, rows: list[Row]) -> list[tuple[Row, Problem]]:
        """Checks that need the database (set-based, per chunk); returns refused rows."""
        return []

    def insert(self, chunk: Chunk, rows: list[Row]) -> None:
        from accord.imports import store

        store.insert_rows(chunk, self, rows)

    def update(self, chunk: Chunk, rows: list[Row]) -> None:
        from accord.imports import store

        store.update_rows(chunk, self, rows)


_BAD = object()  # a cell that failed to clean (the memo of clean_rows)


def _clean_cell(
    name: str, clean: Cleaner, required: bool, default: Any, cell: str | None
) -> tuple[Any, Problem | None]:
    """One cell exactly as clean_row judges it: (value, None) or (_BAD, problem)."""
    if not cell:
        if required:
            return _BAD, (name, "is required" if cell is not None else "missing required column")
        return default, None
    try:
        return clean(cell), None
    except ValueError as error:
        message = getattr(error, "message", None) or str(error)
        return _BAD, (getattr(error, "field", None) or name, message)


def _clean_distinct(
    name: str,
    clean: Cleaner,
    required: bool,
    default: Any,
    distinct: set[str | None],
    cells: list[str | None],
) -> tuple[list[Any], list[tuple[int, Problem]]]:
    memo: dict[str | None, Any] = {}
    refused: dict[str | None, Problem] = {}
    for cell in distinct:
        value, problem = _clean_cell(name, clean, required, default, cell)
        memo[cell] = value
        if problem is not None:
            refused[cell] = problem
    values = list(map(memo.__getitem__, cells))
    if not refused:
        return values, []
    return values, [(i, refused[cell]) for i, cell in enumerate(cells) if cell in refused]


def _clean_each(
    name: str, clean: Cleaner, required: bool, default: Any, cells: list[str | None]
) -> tuple[list[Any], list[tuple[int, Problem]]]:
    # The common case in one C-level map: every cell filled and accepted.
    if all(cells):
        try:
            return list(map(clean, cast(list[str], cells))), []
        except ValueError:
            pass
    values: list[Any] = []
    bad: list[tuple[int, Problem]] = []
    for index, cell in enumerate(cells):
        value, problem = _clean_cell(name, clean, required, default, cell)
        values.append(value)
        if problem is not None:
            bad.append((index, problem))
    return values, bad
