"""The import loop: rows in chunks, each cleaned, resolved, upserted and checkpointed.

Every chunk commits in one transaction together with its row errors and the run's
counts and checkpoint, so a kill -9 loses at most the chunk in flight, and the upsert on
each entity's unique key makes the re-run finish the job without duplicates. With
--all-or-nothing or --dry-run every chunk runs inside one outer transaction that is
rolled back when a row failed (or always, for a dry run).
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from queue import Full, Queue
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from accord.core.bulk import insert_columns
from accord.core.changes import mark_customers_changed
from accord.imports import references, store
from accord.imports.models import ImportRowError, ImportRun, ImportStatus
from accord.imports.specs.base import Problem, Row, Spec
from accord.scoring.queue import mark_for_rescoring

Item = Any  # (line, {column: value}) from a reader, or a RowProblem
ErrorRow = tuple[int, str, str, str]  # line, column, message, original row as JSON pairs
Progress = Callable[[ImportRun], None]
Cleaned = list[tuple[dict[str, Any], list[Problem]]]  # spec.clean_rows of a chunk
T = TypeVar("T")


class RollBack(Exception):
    """Raised inside the outer transaction to undo a dry run or a failed all-or-nothing."""


@dataclass
class ImportContext:
    run: ImportRun
    spec: Spec
    source: str
    vendor: str
    now: datetime
    staff: dict[str, int]
    customers: dict[str, int] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)
    touched: set[int] = field(default_factory=set)
    kept_errors: list[ErrorRow] = field(default_factory=list)


@dataclass
class Chunk:
    """What one chunk did; merged into the context only once it is committed."""

    ctx: ImportContext
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    orphaned: int = 0
    last_line: int = 0
    errors: list[ErrorRow] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    customers: dict[str, int] = field(default_factory=dict)
    touched: set[int] = field(default_factory=set)

    def fail(self, line: int, problems: list[tuple[str, str]], original: dict[str, str]) -> None:
        self.failed += 1
        # Pairs, not an object: PostgreSQL's jsonb would lose the file's column order.
        pairs = json.dumps(
            [(_storable(name), _storable(value)) for name, value in original.items()],
            ensure_ascii=False,
        )
        for column, message in problems:
            self.errors.append((line, _storable(column), _storable(message), pairs))


def _storable(text: str) -> str:
    """NUL as U+FFFD: neither PostgreSQL's text nor its jsonb can hold a NUL, and a bad
    row's report must still be written (the row shows where the NUL was)."""
    return text.replace("\x00", "\ufffd") if isinstance(text, str) else text


def run_rows(
    ctx: ImportContext, items: Iterable[Item], *, hold: bool, progress: Progress | None
) -> None:
    """Import every item. `hold`: one outer transaction (dry run, all-or-nothing)."""
    chunks = _prepared(ctx, iter(items))
    with _collector_paused():
        if not hold:
            for part, cleaned in chunks:
                _land(ctx, part, cleaned)
                if progress:
                    progress(ctx.run)
            return
        try:
            with transaction.atomic():
                for part, cleaned in chunks:
                    _land(ctx, part, cleaned)
                    if progress:
                        progress(ctx.run)
                if ctx.run.dry_run or ctx.run.failed:
                    raise RollBack
        except RollBack:
            ctx.touched.clear()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while rows stream, young objects collected per chunk.

    Rows are freed by reference counting; left on, the collector walks every live object
    (the whole Django process) again and again as millions of row dicts are allocated,
    which cost about 40% of reading and cleaning (measured in bench/import.py).
    """
    was_enabled = gc.isenabled()
    gc.freeze()  # what exists before the import is never walked
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _chunked(items: Iterator[Item]) -> Iterator[list[Item]]:
    # Rows per transaction (settings.ACCORD_IMPORT_CHUNK_ROWS, 20,000): commits cost little,
    # a crash redoes little, and a chunk's lookup stays one statement.
    size = settings.ACCORD_IMPORT_CHUNK_ROWS
    while part := list(islice(items, size)):
        yield part
        gc.collect(1)  # cycles the chunk made (tracebacks of row errors), never the old


def _prepared(ctx: ImportContext, items: Iterator[Item]) -> Iterator[tuple[list[Item], Cleaned]]:
    """Chunks with their cells cleaned. Reading and cleaning touch no database, so for the
    generic format (whose rows need no lookups on the way) they run in a thread one chunk
    ahead: SQLite and psycopg release the GIL while the database works on the chunk
    before. Adapters of other formats may query (owners), so they stay in this thread."""
    spec = ctx.spec

    def prepare(part: list[Item]) -> tuple[list[Item], Cleaned]:
        return part, spec.clean_rows([item[1] for item in part if isinstance(item, tuple)])

    prepared = map(prepare, _chunked(items))
    return ahead(prepared) if ctx.run.format == "generic" else prepared


def ahead(source: Iterator[T]) -> Iterator[T]:
    """The items of `source`, each produced in a thread while the caller uses the one
    before; the thread's exception is raised here, and it stops when the caller does."""
    queue: Queue[tuple[str, Any]] = Queue(maxsize=1)
    stop = threading.Event()

    def put(kind: str, value: Any) -> bool:
        while not stop.is_set():
            try:
                queue.put((kind, value), timeout=0.1)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            for value in source:
                if not put("item", value):
                    return
        except BaseException as error:  # handed over to the caller's thread
            put("error", error)
            return
        put("end", None)

    thread = threading.Thread(target=produce, name="import-reader", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = queue.get()
            if kind == "error":
                raise value
            if kind == "end":
                return
            yield value
    finally:
        stop.set()
        thread.join()


def _land(ctx: ImportContext, part: list[Item], cleaned: Cleaned | None = None) -> None:
    """Commit one chunk; if the database refuses it, land its rows one by one."""
    try:
        with transaction.atomic():
            chunk = process(ctx, part, cleaned)
            _save(ctx, chunk)
    except DatabaseError as error:
        if len(part) == 1:
            with transaction.atomic():
                chunk = Chunk(ctx)
                line, original = _line_and_row(part[0])
                chunk.read, chunk.last_line = 1, line
                chunk.fail(line, [("", f"the database refused the row: {error}")], original)
                _save(ctx, chunk)
            _merge(ctx, chunk)
            return
        for item in part:
            _land(ctx, [item])
        return
    _merge(ctx, chunk)


def _line_and_row(item: Item) -> tuple[int, dict[str, str]]:
    if isinstance(item, tuple):
        return item[0], item[1]
    return item.line, dict(getattr(item, "row", {}) or {})


def process(ctx: ImportContext, part: list[Item], cleaned: Cleaned | None = None) -> Chunk:
    """Clean, resolve and upsert one chunk's rows (inside the caller's transaction).
    `cleaned`: spec.clean_rows of the part's readable rows, when done already."""
    spec = ctx.spec
    chunk = Chunk(ctx, read=len(part))
    rows: list[Row] = []
    read: list[tuple[int, dict[str, str]]] = []
    for item in part:
        if isinstance(item, tuple):
            read.append(item)
        else:  # a row the reader or adapter could not read
            chunk.fail(item.line, [(item.column, item.message)], dict(item.row or {}))
        chunk.last_line = max(chunk.last_line, item[0] if isinstance(item, tuple) else item.line)
    if cleaned is None:
        cleaned = spec.clean_rows([raw for _line, raw in read])
    for (line, raw), (values, problems) in zip(read, cleaned, strict=True):
        if not problems:
            external_id = values["external_id"]
            first = ctx.seen.get(external_id) or chunk.seen.get(external_id)
            if first is not None:
                problems = [("external_id", f"{external_id!r} repeated in the file (line {first})")]
            else:
                chunk.seen[external_id] = line
        if problems:
            chunk.fail(line, problems, raw)
            continue
        rows.append(Row(line, raw, values.pop("external_id"), values))
    rows = references.resolve_staff(chunk, spec, rows)
    if spec.references_customer:
        rows = references.resolve_customers(chunk, rows)
    refused = spec.before_write(chunk, rows)
    if refused:
        bad = {id(row) for row, _problem in refused}
        for row, problem in refused:
            chunk.fail(row.line, [problem], row.original)
        rows = [row for row in rows if id(row) not in bad]
    _upsert(chunk, spec, rows)
    return chunk


def _upsert(chunk: Chunk, spec: Spec, rows: list[Row]) -> None:
    found = spec_existing(chunk, spec, rows)
    new, changed, adopted = [], [], []
    for row in rows:
        match = found.get(row.external_id)
        if match is None:
            new.append(row)
            continue
        row.object_id, stored = match
        row.stored = stored
        if stored.pop("__adopted__", False):
            if spec.natural_keeps_customer and stored["customer_id"] != row.values["customer_id"]:
                why = "already belongs to another customer"
                chunk.fail(row.line, [(spec.natural[-1], why)], row.original)
                continue
            adopted.append(row)
        if any(row.values.get(column) != stored.get(column) for column in spec.compared_columns):
            changed.append(row)
        else:
            chunk.unchanged += 1
    if adopted:
        store.write_keys(chunk, spec, adopted)
    spec.insert(chunk, new)
    spec.update(chunk, changed)
    chunk.created += len(new)
    chunk.updated += len(changed)
    if spec.references_customer:
        chunk.touched.update(row.values["customer_id"] for row in new + changed)
    else:
        chunk.touched.update(row.object_id for row in new + changed if row.object_id)


def spec_existing(chunk: Chunk, spec: Spec, rows: list[Row]) -> store.Existing:
    if not rows:
        return {}
    if spec.key == "native":
        return store.existing_native(chunk, spec, rows)
    if spec.key == "customer":
        return references.existing_customers(chunk, spec, rows)
    found = store.existing_keyed(chunk, spec, rows)
    if spec.natural:
        unknown = [row for row in rows if row.external_id not in found]
        if unknown:
            natural = store.existing_natural(spec, unknown)
            for row in unknown:
                key = tuple(row.values[column] for column in spec.natural)
                if key in natural:
                    object_id, stored = natural[key]
                    found[row.external_id] = (object_id, {**stored, "__adopted__": True})
    return found


def _save(ctx: ImportContext, chunk: Chunk) -> None:
    """The chunk's row errors and the run's counts and checkpoint, in its transaction."""
    run = ctx.run
    if run.dry_run or run.all_or_nothing:
        ctx.kept_errors.extend(chunk.errors)
    else:
        save_errors(run, chunk.errors)
    counts = {
        name: getattr(chunk, name)
        for name in ("read", "created", "updated", "unchanged", "failed", "orphaned")
    }
    ImportRun.objects.filter(pk=run.pk).update(
        **{name: F(name) + value for name, value in counts.items()},
        checkpoint_line=max(run.checkpoint_line, chunk.last_line),
    )
    for name, value in counts.items():
        setattr(run, name, getattr(run, name) + value)
    run.checkpoint_line = max(run.checkpoint_line, chunk.last_line)
    fresh = chunk.touched - ctx.touched
    if fresh and not run.dry_run:
        # Queued in the chunk's own transaction, so a kill -9 right after the commit
        # cannot leave committed rows unscored (a re-run finds them unchanged and would
        # not mark them). Once per customer per run; everything touched is announced
        # again at the end (accord.core.changes: the listeners, inline rescoring).
        mark_for_rescoring(sorted(fresh))


def save_errors(run: ImportRun, errors: list[ErrorRow]) -> None:
    if errors:
        line, column, message, original = zip(*errors, strict=True)
        insert_columns(
            ImportRowError,
            {
                "run_id": [run.pk] * len(errors),
                "line": line,
                "column": column,
                "message": message,
                "original": original,
            },
        )


def _merge(ctx: ImportContext, chunk: Chunk) -> None:
    ctx.seen.update(chunk.seen)
    ctx.customers.update(chunk.customers)
    ctx.touched.update(chunk.touched)


def finish(ctx: ImportContext, *, message: str = "") -> ImportRun:
    """Close the run: status from its counts; errors kept in memory are stored now."""
    run = ctx.run
    if ctx.kept_errors:
        with transaction.atomic():
            save_errors(run, ctx.kept_errors)
    if run.all_or_nothing and run.failed and not run.dry_run:
        run.status = ImportStatus.FAILED
        message = message or "nothing imported: a row failed and --all-or-nothing was given"
    else:
        run.status = ImportStatus.PARTIAL if run.failed else ImportStatus.SUCCEEDED
    run.message = message
    run.finished_at = timezone.now()
    run.save()
    if ctx.touched and not run.dry_run and run.status != ImportStatus.FAILED:
        with transaction.atomic():
            mark_customers_changed(ctx.touched)
    return run


def vendor() -> str:
    return connection.vendor
