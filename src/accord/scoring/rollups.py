"""Book rollups: scored customers counted and summed per dashboard filter cell.

A dashboard over a million customers cannot scan the scores on every view, so the
counts and sums behind its charts are kept per cell of (owner, stage, segment, health
band, ...): BookRollup for the latest scores, DayRollup for each day's snapshots.

save_scores (the one writer of scores, for batch and incremental alike) calls
`track_book_rollups` around its writes: the cells of the customers it rewrites are
aggregated before and after, and the difference is added. The same SQL aggregate
rebuilds a whole table (`rebuild_book_rollups`), which the batch does at its end, so
any drift (two rescorings of one new customer racing) lives at most until the next
batch. Callers own the transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection

from accord.scoring.models import BookRollup, CustomerScore, DayRollup, ScoreSnapshot

Cell = tuple[Any, ...]
Sums = list[float]
# Ranges at most this wide lock their score rows before reading them (PostgreSQL), so
# two rescorings of one customer cannot both subtract its old cell. A batch chunk does
# not: it is alone on its range, and the batch rebuilds the rollups when it ends.
LOCK_RANGE = 100


def band(column: str, width: int, top: int) -> str:
    """SQL for the band of a 0-100 score: floor(value / width), the last band closed."""
    return (
        f"CASE WHEN {column} >= {top * width} THEN {top} "
        f"ELSE CAST(FLOOR({column} / {width}) AS INTEGER) END"
    )


@dataclass(frozen=True)
class RollupSpec:
    """One rollup table: its cells' columns as SQL over the source, and the sums."""

    table: str
    source: str
    cells: tuple[tuple[str, str], ...]  # (rollup column, SQL expression over source)
    sums: tuple[tuple[str, str], ...]
    day_column: str = ""  # the source's day column, when the rollup is per day

    @property
    def cell_columns(self) -> tuple[str, ...]:
        return (("day",) if self.day_column else ()) + tuple(name for name, _ in self.cells)


BOOK = RollupSpec(
    table=BookRollup._meta.db_table,
    source=CustomerScore._meta.db_table,
    cells=(
        ("owner_id", "owner_id"),
        ("stage", "stage"),
        ("segment", "segment"),
        ("health_band", band("health", 10, 9)),
        ("satisfaction_band", band("satisfaction", 20, 4)),
        ("loyalty_band", band("loyalty", 20, 4)),
        ("is_hostage", "is_hostage"),
    ),
    sums=(
        ("customers", "COUNT(*)"),
        ("health_sum", "SUM(health)"),
        ("value_equity_sum", "SUM(value_equity)"),
        ("brand_equity_sum", "SUM(brand_equity)"),
        ("relationship_equity_sum", "SUM(relationship_equity)"),
        ("clv_sum", "SUM(clv)"),
        ("equity_at_risk_sum", "SUM(equity_at_risk)"),
        ("promises_kept", "SUM(company_promises_kept)"),
        ("promises_broken", "SUM(company_promises_broken)"),
    ),
)
DAY = RollupSpec(
    table=DayRollup._meta.db_table,
    source=ScoreSnapshot._meta.db_table,
    cells=(
        ("owner_id", "owner_id"),
        ("stage", "stage"),
        ("segment", "segment"),
        ("health_band", band("health", 10, 9)),
    ),
    sums=(
        ("customers", "COUNT(*)"),
        ("health_sum", "SUM(health)"),
        ("value_equity_sum", "SUM(value_equity)"),
        ("brand_equity_sum", "SUM(brand_equity)"),
        ("relationship_equity_sum", "SUM(relationship_equity)"),
        ("clv_sum", "SUM(clv)"),
    ),
    day_column="taken_on_date",
)


def _aggregate(
    spec: RollupSpec, lo: int | None, hi: int | None, day: date | None, lock: bool = False
) -> dict[Cell, Sums]:
    """{cell: sums} over the source rows of customers lo..hi (all when None) and day."""
    expressions = [expression for _, expression in spec.cells]
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if spec.day_column:
        where.append(f"{spec.day_column} = %s")
        params.append(connection.ops.adapt_datefield_value(day))
    if lo is not None:
        where.append("customer_id BETWEEN %s AND %s")
        params += [lo, hi]
    sql = (
        f"SELECT {', '.join(expressions)}, {', '.join(s for _, s in spec.sums)} "
        f"FROM {spec.source} WHERE {' AND '.join(where)} "
        f"GROUP BY {', '.join(expressions)}"
    )
    with connection.cursor() as cursor:
        if lock and connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT 1 FROM {spec.source} WHERE {' AND '.join(where)} FOR UPDATE", params
            )
        cursor.execute(sql, params)
        width = len(spec.cells)
        prefix: Cell = (day,) if spec.day_column else ()
        return {
            prefix + tuple(row[:width]): [float(v or 0) for v in row[width:]]
            for row in cursor.fetchall()
        }


def rollup_delta(before: dict[Cell, Sums], after: dict[Cell, Sums]) -> dict[Cell, Sums]:
    """What to add to each cell so a rollup holding `before` holds `after` (pure)."""
    delta: dict[Cell, Sums] = {}
    for cell in sorted(before.keys() | after.keys(), key=repr):
        old = before.get(cell)
        new = after.get(cell)
        width = len(old if old is not None else new or [])
        change = [(new[i] if new else 0.0) - (old[i] if old else 0.0) for i in range(width)]
        if any(change):
            delta[cell] = change
    return delta


def _apply(spec: RollupSpec, delta: dict[Cell, Sums]) -> None:
    """Add `delta` to the table's cells, in one sorted pass (so concurrent writers take
    row locks in the same order and cannot deadlock)."""
    if not delta:
        return
    cells = spec.cell_columns
    sums = [name for name, _ in spec.sums]
    columns = ", ".join((*cells, *sums))
    marks = ", ".join(["%s"] * (len(cells) + len(sums)))
    updates = ", ".join(f"{name} = {spec.table}.{name} + excluded.{name}" for name in sums)
    adapt = connection.ops.adapt_datefield_value
    rows = [
        [adapt(cell[0]), *cell[1:], *change] if spec.day_column else [*cell, *change]
        for cell, change in delta.items()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {spec.table} ({columns}) VALUES ({marks}) "
            f"ON CONFLICT ({', '.join(cells)}) DO UPDATE SET {updates}",
            rows,
        )


@contextmanager
def track_book_rollups(lo: int, hi: int, day: date) -> Iterator[None]:
    """Wrap the rewrite of customers lo..hi's scores and their snapshot of `day`: the
    rollups gain exactly the difference the rewrite made."""
    lock = hi - lo < LOCK_RANGE
    before = {spec: _aggregate(spec, lo, hi, day, lock) for spec in (BOOK, DAY)}
    yield
    for spec in (BOOK, DAY):
        _apply(spec, rollup_delta(before[spec], _aggregate(spec, lo, hi, day)))


def rebuild_book_rollups(day: date | None = None) -> None:
    """Recount BookRollup from every score, and DayRollup for `day` from its snapshots."""
    specs: list[tuple[RollupSpec, date | None]] = [(BOOK, None)]
    if day is not None:
        specs.append((DAY, day))
    for spec, on in specs:
        with connection.cursor() as cursor:
            if spec.day_column:
                cursor.execute(
                    f"DELETE FROM {spec.table} WHERE day = %s",
                    [connection.ops.adapt_datefield_value(on)],
                )
            else:
                cursor.execute(f"DELETE FROM {spec.table}")
        _apply(spec, _aggregate(spec, None, None, on))
