"""What a spec is: the generic columns of one entity, how a row is cleaned, and its key.

A spec cleans a row with one call per cell (`clean_row`) and hands the engine clean
values keyed by database column. How existing records are found and how rows are
written depends on the key: `native` tables carry (customer, source, external_id)
themselves; `table` entities are keyed through imports.ExternalKey.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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


@dataclass
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
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        # Hot loop (a million rows): plain tuples, no attribute lookups.
        for name, column, clean, required, default in self.plan:
            cell = raw.get(name)
            # Blank-but-spaces cells go to the cleaner, which strips and judges them.
            if not cell:
                if required:
                    why = "is required" if cell is not None else "missing required column"
                    problems.append((name, why))
                else:
                    values[column] = default
                continue
            try:
                values[column] = clean(cell)
            except ValueError as error:
                # ValidationProblem carries the field and a message without it.
                message = getattr(error, "message", None) or str(error)
                problems.append((getattr(error, "field", None) or name, message))
        if not problems and self.check is not None:
            problems = self.check(values)
        return values, problems

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
