"""A small demo book generated once per module through `accord demo`, flushed afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

AS_OF = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
SMALL = 300


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_book(django_db_setup, django_db_blocker) -> Iterator[str]:
    """Generate the book (300 customers, seed 7, fixed as_of); yields the command output."""
    with django_db_blocker.unblock():
        output = run_demo(f"--customers={SMALL}", "--seed=7", f"--as-of={AS_OF.isoformat()}")
        yield output
        call_command("flush", interactive=False, verbosity=0)
