"""The portal's own records: magic links, sign-in attempts, session epochs, exports,
exits with their friction, and erasure requests with the partner notifications they sent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class MagicLink(models.Model):
    """A one-time sign-in link. Only hashes are stored: the token and the browser nonce."""

    token_hash = models.CharField(max_length=64, unique=True)
    browser_hash = models.CharField(max_length=64)
    email = models.CharField(max_length=254)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="magic_links"
    )
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "portal_magic_link"
        indexes = [models.Index(fields=["customer", "used_at"], name="magic_link_customer")]


class AttemptKind(models.TextChoices):
    LINK_REQUESTED = "link", "Link requested"
    SIGN_IN_FAILED = "failed", "Sign-in refused"


class SignInAttempt(models.Model):
    """Counted for rate limits in the database, so limits hold across server workers."""

    kind = models.CharField(max_length=6, choices=AttemptKind.choices)
    email = models.CharField(max_length=254, blank=True)
    ip = models.CharField(max_length=45)
    attempted_at = models.DateTimeField()

    class Meta:
        db_table = "portal_sign_in_attempt"
        indexes = [
            models.Index(fields=["kind", "email", "attempted_at"], name="attempt_email"),
            models.Index(fields=["kind", "ip", "attempted_at"], name="attempt_ip"),
        ]


class PortalAccess(models.Model):
    """Per-customer session epoch: bumping it ends every portal session of the customer."""

    customer = models.OneToOneField(
        "customers.Customer", on_delete=models.CASCADE, related_name="portal_access"
    )
    session_epoch = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "portal_access"


class ExportReason(models.TextChoices):
    REQUESTED = "requested", "Asked for in the portal"
    EXIT = "exit", "Produced when leaving"


class ExportJob(models.Model):
    """An export the customer asked for; the zip is streamed from live data on download."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="export_jobs"
    )
    reason = models.CharField(max_length=10, choices=ExportReason.choices)
    created_at = models.DateTimeField()
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "portal_export_job"
        indexes = [models.Index(fields=["customer", "created_at"], name="export_customer")]


class ExitRecord(models.Model):
    """One exit and its friction: time and steps from asking to leave to done (goal: 0)."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="exit_records"
    )
    # The customer's decision: the first "Leave" of the visit they left in, or their
    # first recent message asking to leave (accord.portal.leaving.find_decision).
    requested_at = models.DateTimeField()
    decided_via = models.CharField(max_length=200, blank=True, db_default="")
    completed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    steps = models.PositiveSmallIntegerField(default=1)
    forced_staff_contacts = models.PositiveSmallIntegerField(default=0)
    end_date = models.DateField(null=True, blank=True)
    fee_total = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="EUR")
    retention_contact_allowed = models.BooleanField(default=False)
    export = models.ForeignKey(
        ExportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "portal_exit_record"
        indexes = [models.Index(fields=["completed_at"], name="exit_completed")]


class ErasureStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"


class ErasureRequest(models.Model):
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="erasure_requests"
    )
    requested_at = models.DateTimeField()
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    processed_at = models.DateTimeField(null=True, blank=True)
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "portal_erasure_request"
        indexes = [models.Index(fields=["status", "due_at"], name="erasure_status_due")]


class PartnerNotification(models.Model):
    """A partner told to erase what it received about an erased customer."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="partner_notifications"
    )
    erasure = models.ForeignKey(
        ErasureRequest, on_delete=models.CASCADE, related_name="partner_notifications"
    )
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    notified_at = models.DateTimeField()
    sent_to = models.CharField(max_length=254, blank=True)

    class Meta:
        db_table = "portal_partner_notification"
