"""Writes of the demo app: the record of the generated book."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accord.demo.models import DemoBook


def record_demo_book(*, seed: int, customers: int, as_of: datetime) -> DemoBook:
    """Store the single DemoBook row describing the generated company."""
    with transaction.atomic():
        DemoBook.objects.all().delete()
        return DemoBook.objects.create(
            seed=seed, customers=customers, as_of=as_of, created_at=timezone.now()
        )
