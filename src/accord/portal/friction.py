"""Exit friction over time, for managers: how long and how many steps leaving took."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Avg, Count, Max, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accord.portal.models import ExitRecord


def list_exit_friction_by_month(months: int = 24) -> list[dict[str, Any]]:
    """One row per month with completed exits: count, mean and worst seconds, mean steps,
    forced staff contacts in total. Set-based: one GROUP BY query."""
    since = timezone.now() - timedelta(days=31 * months)
    return list(
        ExitRecord.objects.filter(completed_at__isnull=False, completed_at__gte=since)
        .annotate(month=TruncMonth("completed_at"))
        .values("month")
        .annotate(
            exits=Count("pk"),
            mean_seconds=Avg("seconds"),
            worst_seconds=Max("seconds"),
            mean_steps=Avg("steps"),
            forced_contacts=Sum("forced_staff_contacts"),
        )
        .order_by("month")
    )


def count_open_exits() -> int:
    """Exits started but not finished: each one is friction we have not measured yet."""
    return ExitRecord.objects.filter(completed_at__isnull=True).count()
