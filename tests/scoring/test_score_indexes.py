"""A full batch outside any transaction sets the score table's indexes aside while it
writes and puts back every one the model declares, also ones a killed run left dropped."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection

from accord.core.bulk import drop_meta_indexes
from accord.scoring.batch import run_batch
from accord.scoring.models import CustomerScore
from tests.relationships.factories import customer_of

AS_OF = datetime.fromisoformat("2026-06-30T12:00:00+00:00")


def score_indexes() -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, CustomerScore._meta.db_table)
    return {name for name, info in found.items() if info["index"] and not info["primary_key"]}


@pytest.mark.django_db(transaction=True)
def test_batch_restores_the_indexes_a_killed_run_left_dropped(bob) -> None:
    declared = {str(index.name) for index in CustomerScore._meta.indexes}
    assert declared <= score_indexes()
    for name in ("Ada", "Bea", "Cy"):
        customer_of(bob, name)
    drop_meta_indexes(CustomerScore)  # as a run killed mid-way leaves them
    assert not declared & score_indexes()

    run = run_batch(AS_OF, chunk_size=2)

    assert run.customers_scored == 3 and CustomerScore.objects.count() == 3
    assert declared <= score_indexes()
