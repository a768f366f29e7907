"""Scores written in bulk come back exactly as computed, on the fast paths of both
databases (PostgreSQL's COPY text, built by hand, for more than COPY_THRESHOLD rows)."""

from __future__ import annotations

import json
from datetime import datetime

import numpy as np
from django.db import transaction

from accord.core.bulk import insert_columns
from accord.customers.models import Customer
from accord.scoring.engine import FLOAT_COLUMNS, ScoreSet
from accord.scoring.models import CustomerScore, ScoreSnapshot
from accord.scoring.store import COPY_THRESHOLD, save_scores

AS_OF = datetime.fromisoformat("2026-11-01T12:00:00+00:00")
# Text COPY treats backslash, tab and newline specially; JSON escapes the last two.
AWKWARD = 'a "quoted" back\\slash, tab\t, newline\n, Zoë 🙂 and \\N'


def test_bulk_written_scores_read_back_exactly(db) -> None:
    count = COPY_THRESHOLD + 100
    ids = np.arange(1, count + 1)
    insert_columns(
        Customer,
        {
            "id": ids.tolist(),
            "kind": ["person"] * count,
            "name": [f"C{i}" for i in ids.tolist()],
            "email": [""] * count,
            "phone": [""] * count,
            "city": [""] * count,
            "country": [""] * count,
            "created_at": [AS_OF] * count,
        },
    )
    rng = np.random.default_rng(5)
    columns = {name: np.round(rng.uniform(0, 100, count), 2) for name in FLOAT_COLUMNS}
    explanation = {"drivers": [{"text": AWKWARD, "effect": "hurts"}], "segment": AWKWARD}
    barriers = [{"kind": "exit_fee", "amount": 12.5, "text": AWKWARD}]
    scores = ScoreSet(
        customer_ids=ids,
        owner_ids=np.zeros(count),
        columns=columns,
        segments=["hostage"] * count,
        is_hostage=np.ones(count, dtype=bool),
        company_promises_broken=np.arange(count),
        barriers=[barriers] * count,
        barriers_json=[json.dumps(barriers)] * count,
        explanations=[json.dumps(explanation)] * count,
    )
    with transaction.atomic():
        assert save_scores(scores, AS_OF) == count

    stored = CustomerScore.objects.order_by("customer_id")
    assert [s.customer_id for s in stored] == ids.tolist()
    for score in stored:
        i = score.customer_id - 1
        assert score.explanation == explanation
        assert score.barriers == barriers
        assert score.is_hostage and score.company_promises_broken == i
        assert [getattr(score, name) for name in FLOAT_COLUMNS] == [
            columns[name][i] for name in FLOAT_COLUMNS
        ]
    assert ScoreSnapshot.objects.filter(taken_on_date=AS_OF.date()).count() == count
