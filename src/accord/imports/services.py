"""Run an import: the Python API behind `accord import`, the staff upload page and the REST
API. `start_import` records the run, streams the file through the engine and returns the
finished ImportRun; `progress` is called after every committed chunk.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.imports import engine, indexes, references
from accord.imports.formats.generic import SkipCounter
from accord.imports.mapping import Mapping, apply_mapping
from accord.imports.models import ImportRun, ImportStatus
from accord.imports.readers import open_rows
from accord.imports.specs import all_specs, get_spec
from accord.imports.xlsx import is_xlsx, sheet_size
from accord.members.models import StaffMember

FORMATS = ("generic", "hubspot", "salesforce")
# Files of this many lines load with the target table's secondary indexes set aside.
DEFER_LINES = 100_000


class ImportSetupError(ValueError):
    """The import cannot start (unknown kind or format, unreadable file); nothing ran."""


def file_facts(path: Path) -> tuple[str, int]:
    """SHA-256 and physical line count, in one pass over the bytes."""
    digest = hashlib.sha256()
    lines = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            lines += block.count(b"\n")
    if is_xlsx(path):
        # A workbook's line breaks mean nothing; its rows are the lines of the progress bar.
        lines = sheet_size(path)
    return digest.hexdigest(), lines


def to_generic(
    format_name: str,
    kind: str,
    items: Iterable[Any],
    *,
    path: Path,
    skipped: SkipCounter | None = None,
    source: str = "",
) -> Iterable[Any]:
    """The rows in the generic format: HubSpot and Salesforce exports through their
    adapter, which needs the file's path (Salesforce reads its name and the User.csv
    beside it), the import's source (HubSpot finds associated records by name in it) and
    counts the rows it leaves out on purpose in `skipped`."""
    if format_name == "generic":
        return items
    try:
        adapter: Any = importlib.import_module(f"accord.imports.formats.{format_name}")
    except ImportError:
        raise ImportSetupError(f"the {format_name} format is not available yet") from None
    return adapter.to_generic(kind, items, path=path, skipped=skipped, source=source or format_name)


def mark_dead_runs() -> int:
    """Runs left 'running' by a process of this host that no longer exists: interrupted,
    and the indexes they had set aside rebuilt."""
    host = socket.gethostname()
    dead = []
    running = ImportRun.objects.filter(status=ImportStatus.RUNNING, host=host)
    for run_id, pid, deferred in running.values_list("id", "pid", "deferred_indexes"):
        if pid and not _alive(pid):
            dead.append(run_id)
            if deferred:
                indexes.restore_indexes(deferred)
    return ImportRun.objects.filter(pk__in=dead).update(
        status=ImportStatus.INTERRUPTED, finished_at=timezone.now(), deferred_indexes=[]
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def _indexes_deferred(run: ImportRun, model: type[models.Model], *, large: bool) -> Iterator[None]:
    """For a large file: secondary indexes dropped while loading, rebuilt at the end."""
    saved = indexes.droppable_indexes(model) if large else []
    if not saved:
        yield
        return
    ImportRun.objects.filter(pk=run.pk).update(deferred_indexes=saved)
    indexes.drop_indexes(saved)
    try:
        yield
    finally:
        indexes.restore_indexes(saved)
        ImportRun.objects.filter(pk=run.pk).update(deferred_indexes=[])


def create_run(
    path: str | Path,
    kind: str,
    *,
    format: str = "generic",
    source: str | None = None,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    by: StaffMember | None = None,
    file_name: str | None = None,
) -> ImportRun:
    """Check the arguments and record a run that has not started reading yet."""
    path = Path(path)
    if kind not in all_specs():
        raise ImportSetupError(f"unknown kind {kind!r}; one of {', '.join(all_specs())}")
    if format not in FORMATS:
        raise ImportSetupError(f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    source = (source or format).strip()
    if not source or len(source) > 40:
        raise ImportSetupError("--source: give a name of 1 to 40 characters")
    try:
        file_hash, lines = file_facts(path)
    except OSError as error:
        raise ImportSetupError(f"{path}: {error.strerror or error}") from None
    mark_dead_runs()
    return ImportRun.objects.create(
        kind=kind,
        source=source,
        format=format,
        file_name=file_name or path.name,
        file_hash=file_hash,
        total_lines=lines,
        dry_run=dry_run,
        all_or_nothing=all_or_nothing,
        started_by=by,
        host=socket.gethostname(),
        pid=os.getpid(),
        started_at=timezone.now(),
    )


def execute_run(
    run: ImportRun,
    path: str | Path,
    *,
    mapping: Mapping | None = None,
    progress: engine.Progress | None = None,
) -> ImportRun:
    """Stream the file into the database; the run row carries progress and the result.

    Idempotent by (source, external id): running the same file again changes nothing.
    """
    spec = get_spec(run.kind)
    ctx = engine.ImportContext(
        run=run,
        spec=spec,
        source=run.source,
        vendor=engine.vendor(),
        now=timezone.now(),
        staff=references.staff_directory(),
    )
    ImportRun.objects.filter(pk=run.pk).update(pid=os.getpid(), host=socket.gethostname())
    skipped = SkipCounter()
    try:
        items: Iterable[Any] = open_rows(Path(path))
        if mapping is not None:
            items = apply_mapping(mapping, items)
        items = to_generic(
            run.format, run.kind, items, path=Path(path), skipped=skipped, source=run.source
        )
        hold = run.dry_run or run.all_or_nothing
        # Rebuilding needs the load committed (PostgreSQL refuses CREATE INDEX with the
        # caller's foreign-key checks pending): never inside someone else's transaction.
        large = not hold and not connection.in_atomic_block and run.total_lines >= DEFER_LINES
        with _indexes_deferred(run, spec.model, large=large):
            engine.run_rows(ctx, items, hold=hold, progress=progress)
    except Exception as error:
        run.status = ImportStatus.FAILED
        run.message = f"stopped: {error}"
        run.finished_at = timezone.now()
        run.save()
        raise
    run = engine.finish(ctx)
    if skipped:
        # Rows an adapter leaves out on purpose are not read rows; the run says so.
        run.message = "; ".join(part for part in (run.message, skipped.describe()) if part)
        run.save(update_fields=["message"])
    with transaction.atomic():
        record_event(
            action="import.run",
            actor=run.started_by,
            object_type="import_run",
            object_id=run.pk,
            details={
                "kind": run.kind,
                "source": run.source,
                "file": run.file_name,
                "status": run.status,
                **{n: getattr(run, n) for n in ("read", "created", "updated", "unchanged")},
                "failed": run.failed,
            },
        )
    return run


def start_import(
    path: str | Path,
    kind: str,
    format: str = "generic",
    source: str | None = None,
    *,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    by: StaffMember | None = None,
    progress: engine.Progress | None = None,
) -> ImportRun:
    """Record and run an import of one file; returns the finished run."""
    run = create_run(
        path,
        kind,
        format=format,
        source=source,
        dry_run=dry_run,
        all_or_nothing=all_or_nothing,
        by=by,
    )
    return execute_run(run, path, mapping=mapping, progress=progress)
