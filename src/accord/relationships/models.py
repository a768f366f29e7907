"""The relationship with a customer: stage, the one accountable owner, team, hand-offs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accord.core.models import Function


class Stage(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    ONBOARDING = "onboarding", "Onboarding"
    ACTIVE = "active", "Active"
    RENEWAL = "renewal", "Renewal"
    AT_RISK = "at_risk", "At risk"
    DEPARTED = "departed", "Departed"
    WON_BACK = "won_back", "Won back"


class Relationship(models.Model):
    """One per customer. `owner` mirrors the active OwnerAssignment for cheap list reads."""

    customer = models.OneToOneField(
        "customers.Customer", on_delete=models.CASCADE, related_name="relationship"
    )
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.PROSPECT)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    stage_changed_at = models.DateTimeField()
    # Denormalised from the active assignment, written in the same transaction by the
    # ownership service; the assignment table (with its constraint) is the truth.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_relationships",
    )

    class Meta:
        db_table = "relationships_relationship"
        indexes = [
            models.Index(fields=["owner", "customer"], name="relationship_owner"),
            models.Index(fields=["stage"], name="relationship_stage"),
        ]

    def __str__(self) -> str:
        return f"relationship with customer {self.customer_id}"


class OwnerAssignment(models.Model):
    """A period during which one staff member was the accountable owner.

    The partial unique index makes "exactly one active owner" a database fact: a second
    active row for the same customer fails, whatever the code path or concurrency.
    """

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="owner_assignments"
    )
    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="assignments"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "relationships_owner_assignment"
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(ended_at__isnull=True),
                name="one_active_owner_per_relationship",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="assignment_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["owner", "ended_at"], name="assignment_owner_active")]


class Handoff(models.Model):
    """The record of a change of owner: from, to, why, promises carried, customer told."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="handoffs"
    )
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handoffs_given",
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="handoffs_received"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    occurred_at = models.DateTimeField()
    open_promises_carried = models.PositiveIntegerField(default=0)
    # When the notice went out: always in the portal, by email too where the customer agreed.
    customer_told_at = models.DateTimeField(null=True, blank=True)
    # The Message-ID of the email that told the customer; blank when only the portal did.
    notice_message_id = models.CharField(max_length=255, blank=True, db_default="")
    # Why the customer agreed to email but got none (no address, the backend failed).
    notice_problem = models.CharField(max_length=300, blank=True, db_default="")

    class Meta:
        db_table = "relationships_handoff"
        indexes = [
            # The board's "customer not told" gap reads only hand-offs with a problem.
            models.Index(
                fields=["customer", "occurred_at"],
                condition=~Q(notice_problem=""),
                name="handoff_untold",
            ),
            models.Index(fields=["customer", "occurred_at"], name="handoff_customer_time"),
            # Dropped hand-offs: only hand-offs of the last weeks are read, book-wide.
            models.Index(fields=["occurred_at"], name="handoff_time"),
        ]


class StageChange(models.Model):
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    reason = models.CharField(max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_at = models.DateTimeField()

    class Meta:
        db_table = "relationships_stage_change"
        indexes = [models.Index(fields=["customer", "occurred_at"], name="stage_change_customer")]


class TeamMembership(models.Model):
    """A teammate around the owner, with the function they serve the customer in."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="team_memberships"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    function = models.CharField(max_length=20, choices=Function.choices)
    added_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "relationships_team_membership"
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "staff", "function"],
                condition=Q(removed_at__isnull=True),
                name="one_active_team_role",
            )
        ]
