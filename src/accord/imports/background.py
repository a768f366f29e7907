"""Imports started from the staff pages run in a thread of the web process, so `accord
serve` alone (as `make demo` runs it) finishes them: no worker to start, no broker.

The run row carries progress and the result. If the server stops mid-run, the next
import marks the run interrupted (its process is gone) and running the same upload again
finishes the job: the importer is idempotent by (source, external id).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from django.db import connections, transaction

from accord.imports.mapping import Mapping
from accord.imports.models import ImportRun
from accord.imports.services import execute_run

logger = logging.getLogger(__name__)

_threads: dict[int, threading.Thread] = {}


def run_in_background(run: ImportRun, path: Path, *, mapping: Mapping | None = None) -> None:
    """Execute the recorded run in a daemon thread once the caller's transaction commits
    (the thread's own connection must see the run row)."""

    def work() -> None:
        try:
            execute_run(run, path, mapping=mapping)
        except Exception:
            # execute_run has recorded the failure on the run; the log keeps the trace.
            logger.exception("import run %s stopped", run.pk)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, name=f"accord-import-{run.pk}", daemon=True)
    _threads[run.pk] = thread
    transaction.on_commit(thread.start)


def wait_for(run_id: int, timeout: float | None = None) -> None:
    """Block until the run's thread ends (tests, and a clean shutdown)."""
    thread = _threads.get(run_id)
    if thread is not None:
        thread.join(timeout)
        if not thread.is_alive():
            _threads.pop(run_id, None)
