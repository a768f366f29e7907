"""Accountability gaps counted as of a batch's day, for the dashboard's gaps over time.

Gaps are computed live from relationships (relationships.gaps); counting them again
for each past week on every view would cost a board per week. The batch records the
day's counts per owner, team and kind instead (idempotent per day).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.db import transaction

from accord.relationships.gaps import list_gaps
from accord.scoring.models import GapCount


def record_gap_counts(as_of: datetime) -> int:
    """Replace the counts of as_of's day with the gaps as of `as_of`; returns the gaps."""
    counts = Counter(
        (gap.owner_id or 0, gap.owner_function or "", gap.kind) for gap in list_gaps(as_of=as_of)
    )
    day = as_of.date()
    with transaction.atomic():
        GapCount.objects.filter(day=day).delete()
        GapCount.objects.bulk_create(
            GapCount(day=day, owner_id=owner, team=team, kind=kind, gaps=n)
            for (owner, team, kind), n in sorted(counts.items())
        )
    return sum(counts.values())
