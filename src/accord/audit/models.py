"""Audit events: every staff view of a customer record and every change, with why."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who, in words, for actors that are not staff (the customer, a partner, the system).
    actor_label = models.CharField(max_length=120, blank=True)
    action = models.CharField(max_length=40)
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_events",
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "audit_event"
        indexes = [models.Index(fields=["customer", "occurred_at"], name="audit_customer_time")]
