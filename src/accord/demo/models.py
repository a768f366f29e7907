"""Ground truth planted by the demo generator, for tests and for people to check the scores."""

from __future__ import annotations

from django.db import models


class PlantedSituation(models.Model):
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="planted_situations"
    )
    # orphaned, contested, stale, hostage, apostle, mercenary, defector, broken_promise,
    # viral_negative_mention
    situation = models.CharField(max_length=40)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "demo_planted_situation"
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "situation"], name="one_situation_per_customer"
            )
        ]
        indexes = [models.Index(fields=["situation"], name="planted_situation")]


class DemoBook(models.Model):
    """The generated demo company (a single row): how it was made and its "now".

    Gap detection and scores evaluated at `as_of` reproduce the planted ground truth;
    the same seed, size and as_of regenerate identical data.
    """

    seed = models.BigIntegerField()
    customers = models.PositiveIntegerField()
    as_of = models.DateTimeField()
    created_at = models.DateTimeField()

    class Meta:
        db_table = "demo_book"

    def __str__(self) -> str:
        return f"demo book: {self.customers} customers, seed {self.seed}, as of {self.as_of}"
