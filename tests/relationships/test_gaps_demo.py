"""On the demo company the board finds exactly the planted gaps: precision and recall 1.0
for orphaned, contested, stale and dropped hand-off, evaluated at the book's as_of."""

from __future__ import annotations

import pytest

from accord.demo.generate import generate_company
from accord.demo.models import DemoBook, PlantedSituation
from accord.relationships.gaps import list_gaps

PLANTED_KINDS = ("orphaned", "contested", "stale", "dropped_handoff")


@pytest.fixture
def demo_book(transactional_db) -> DemoBook:
    # Transactional: the generator commits per chunk and rebuilds indexes at the end,
    # which PostgreSQL refuses inside the test's wrapping transaction.
    generate_company(customers=400, seed=7)
    return DemoBook.objects.get()


def test_board_finds_every_planted_gap_and_no_other(demo_book: DemoBook) -> None:
    found: dict[str, set[int]] = {kind: set() for kind in PLANTED_KINDS}
    for gap in list_gaps(as_of=demo_book.as_of):
        if gap.kind in found and gap.customer_id is not None:
            found[gap.kind].add(gap.customer_id)
    for kind in PLANTED_KINDS:
        planted = set(
            PlantedSituation.objects.filter(situation=kind).values_list("customer_id", flat=True)
        )
        assert planted, f"the demo planted no {kind} relationships"
        missed, extra = planted - found[kind], found[kind] - planted
        assert (kind, sorted(missed), sorted(extra)) == (kind, [], [])
