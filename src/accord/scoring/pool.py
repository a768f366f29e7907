"""Worker processes for the batch: run independent tasks on several cores.

Scoring a chunk is mostly Python and NumPy work plus the database's own scan, so threads
would queue on the GIL; forked processes each get a core and their own connection. Forking
is safe only when the parent holds no open transaction (the workers could not see its
uncommitted rows) and no private in-memory database, so otherwise tasks run in-process,
one after another, with the same results.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

from django.db import connection, connections

Result = TypeVar("Result")
_PR_SET_PDEATHSIG = 1


def run_tasks(
    function: Callable[..., Result],
    tasks: Sequence[tuple[Any, ...]],
    workers: int,
    ordered: bool = False,
) -> Iterator[Result]:
    """Call function(*task) for every task; yield results as they finish (in task order
    when `ordered`). A failing task cancels the ones not yet started and re-raises."""
    if workers <= 1 or len(tasks) <= 1 or not can_fork():
        for task in tasks:
            yield function(*task)
        return
    connections.close_all()  # children must open their own connections
    # What the parent holds stays out of the workers' garbage collections (and their pages
    # shared): the pattern the gc module documents for forking servers.
    gc.freeze()
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(tasks)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    futures: list[Future[Result]] = []
    try:
        futures = [pool.submit(function, *task) for task in tasks]
        for future in futures if ordered else as_completed(futures):
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def can_fork() -> bool:
    if not sys.platform.startswith("linux") or connection.in_atomic_block:
        return False
    in_memory = getattr(connection, "is_in_memory_db", lambda: False)()  # SQLite only
    return not in_memory


def _start_worker(parent: int) -> None:
    """Die with the parent (a kill -9 of `accord score` must not leave workers writing
    behind a re-run's back) and leave Ctrl-C to the parent."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
