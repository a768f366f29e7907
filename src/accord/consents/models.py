"""Consents per purpose: an append-only history; the newest row per purpose is in force."""

from __future__ import annotations

from django.db import models


class Purpose(models.TextChoices):
    MARKETING = "marketing", "Marketing"
    RETENTION_CONTACT = "retention_contact", "Retention contact"
    ANALYTICS = "analytics", "Analytics"
    PARTNER_SHARING = "partner_sharing", "Sharing with a partner"
    # Answers to the customer's requests by email (without it they read them in the portal).
    EMAIL = "email", "Email"


class Consent(models.Model):
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    # Set only for partner_sharing: which partner.
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_granted = models.BooleanField()
    recorded_at = models.DateTimeField()
    method = models.CharField(max_length=40, help_text="how: portal, signed form, call, import")
    receipt_id = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        db_table = "consents_consent"
        indexes = [
            models.Index(fields=["customer", "purpose", "recorded_at"], name="consent_lookup")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose="partner_sharing", partner__isnull=False)
                | (~models.Q(purpose="partner_sharing") & models.Q(partner__isnull=True)),
                name="consent_partner_only_for_sharing",
            )
        ]


class ConsentReceipt(models.Model):
    """The Kantara v1.1 receipt issued for one grant or withdrawal, kept as issued."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="consent_receipts"
    )
    consent = models.OneToOneField(Consent, on_delete=models.CASCADE, related_name="receipt")
    receipt_id = models.UUIDField(unique=True)
    issued_at = models.DateTimeField()
    document = models.JSONField()

    class Meta:
        db_table = "consents_receipt"
        indexes = [models.Index(fields=["customer", "issued_at"], name="receipt_customer_time")]
