"""Writes of the demo app: the planted ground truth and the record of the generated book."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.core.bulk import insert_columns
from accord.demo.models import DemoBook, PlantedSituation


def record_planted_bulk(columns: Mapping[str, Sequence[Any]]) -> int:
    """Insert planted-situation rows given column-wise (see accord.core.bulk)."""
    return insert_columns(PlantedSituation, columns)


def record_demo_book(*, seed: int, customers: int, as_of: datetime) -> DemoBook:
    """Store the single DemoBook row describing the generated company."""
    with transaction.atomic():
        DemoBook.objects.all().delete()
        return DemoBook.objects.create(
            seed=seed, customers=customers, as_of=as_of, created_at=timezone.now()
        )
