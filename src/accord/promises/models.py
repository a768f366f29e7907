"""The promise ledger: commitments by either side, and whether they were kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Side(models.TextChoices):
    COMPANY = "company", "The company"
    CUSTOMER = "customer", "The customer"


class PromiseKind(models.TextChoices):
    DELIVERY = "delivery", "Delivery date"
    CALLBACK = "callback", "Callback"
    FIX = "fix", "Fix"
    PRICE = "price", "Price"
    REFUND = "refund", "Refund"
    PAYMENT = "payment", "Payment"
    RECTIFICATION = "rectification", "Data correction"
    OTHER = "other", "Other"


class PromiseStatus(models.TextChoices):
    OPEN = "open", "Open"
    KEPT = "kept", "Kept"
    BROKEN = "broken", "Broken"
    RENEGOTIATED = "renegotiated", "Renegotiated"
    CANCELLED = "cancelled", "Cancelled"
    # A promise by the customer that no longer binds them because the relationship ended.
    LAPSED = "lapsed", "Lapsed (the relationship ended)"


class Promise(models.Model):
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="promises"
    )
    made_by_side = models.CharField(max_length=8, choices=Side.choices)
    # For company promises: the staff member who promised. For customer promises: the
    # staff member it was promised to.
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="promises",
    )
    kind = models.CharField(max_length=14, choices=PromiseKind.choices)
    description = models.CharField(max_length=300)
    made_at = models.DateTimeField()
    due_at = models.DateTimeField()
    status = models.CharField(max_length=13, choices=PromiseStatus.choices, default="open")
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Why it was closed, in words the customer reads ("You left before we delivered it").
    resolution_note = models.CharField(max_length=300, blank=True, db_default="")
    # A renegotiated promise points at the promise that replaced it.
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    request = models.ForeignKey(
        "interactions.Request",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="promises",
    )

    class Meta:
        db_table = "promises_promise"
        indexes = [
            models.Index(fields=["customer", "status"], name="promise_customer_status"),
            models.Index(fields=["status", "due_at"], name="promise_status_due"),
            models.Index(fields=["staff", "status"], name="promise_staff_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", resolved_at__isnull=True)
                | (~models.Q(status="open") & models.Q(resolved_at__isnull=False)),
                name="promise_resolved_iff_closed",
            )
        ]
