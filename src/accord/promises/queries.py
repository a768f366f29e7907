"""Reads on the promise ledger: a customer's promises and kept rates per customer, staff, team.

A kept rate counts resolved promises only: kept / (kept + broken). Renegotiated and
cancelled promises count neither way (the replacement carries the commitment on).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accord.promises.models import Promise, PromiseStatus, Side
from accord.relationships.models import Relationship, TeamMembership


@dataclass(frozen=True)
class KeptRate:
    kept: int
    broken: int
    open: int

    @property
    def rate(self) -> float | None:
        """Share kept among kept + broken, 0..1; None when nothing was resolved yet."""
        resolved = self.kept + self.broken
        return None if resolved == 0 else self.kept / resolved


_COUNTS = {
    "kept": Count("id", filter=Q(status=PromiseStatus.KEPT)),
    "broken": Count("id", filter=Q(status=PromiseStatus.BROKEN)),
    "open": Count("id", filter=Q(status=PromiseStatus.OPEN)),
}


def _rate(queryset: QuerySet[Promise]) -> KeptRate:
    row = queryset.aggregate(**_COUNTS)
    return KeptRate(kept=row["kept"], broken=row["broken"], open=row["open"])


def get_promise(promise_id: int) -> Promise | None:
    return Promise.objects.select_related("staff").filter(pk=promise_id).first()


def list_promises_for_customer(customer_id: int, status: str | None = None) -> QuerySet[Promise]:
    promises = Promise.objects.filter(customer_id=customer_id).select_related("staff")
    if status:
        promises = promises.filter(status=status)
    return promises.order_by("-made_at", "-id")


def get_kept_rate_for_customer(customer_id: int, side: str | None = None) -> KeptRate:
    """Kept rate of promises with this customer; `side` picks company or customer promises."""
    promises = Promise.objects.filter(customer_id=customer_id)
    return _rate(promises.filter(made_by_side=side) if side else promises)


def get_kept_rate_for_staff(staff_id: int) -> KeptRate:
    """The company promises this staff member made."""
    return _rate(Promise.objects.filter(staff_id=staff_id, made_by_side=Side.COMPANY))


def get_kept_rate_for_team(customer_id: int) -> KeptRate:
    """Company promises made by the customer's current team (owner and active teammates)."""
    member_ids = set(
        TeamMembership.objects.filter(customer_id=customer_id, removed_at__isnull=True).values_list(
            "staff_id", flat=True
        )
    )
    owner_id = (
        Relationship.objects.filter(customer_id=customer_id)
        .values_list("owner_id", flat=True)
        .first()
    )
    if owner_id:
        member_ids.add(owner_id)
    return _rate(Promise.objects.filter(staff_id__in=member_ids, made_by_side=Side.COMPANY))


def list_kept_rates_by_staff() -> list[dict[str, object]]:
    """One row per staff member with company promises: staff_id, kept, broken, open."""
    rows = (
        Promise.objects.filter(made_by_side=Side.COMPANY, staff__isnull=False)
        .values("staff_id")
        .annotate(**_COUNTS)
        .order_by("staff_id")
    )
    return list(rows)


def list_kept_rates_by_function() -> list[dict[str, object]]:
    """Kept rates per functional team (sales, support, ...) of the promising staff member."""
    rows = (
        Promise.objects.filter(made_by_side=Side.COMPANY, staff__isnull=False)
        .values("staff__function")
        .annotate(**_COUNTS)
        .order_by("staff__function")
    )
    return list(rows)
