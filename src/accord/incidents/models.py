"""Shared incidents: a failure in the customer's journey, the customers it hit, the vendor
it is attributed to (us or a partner), what each vendor did about it, and the outbox that
carries it to partners running Accord themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IncidentSource(models.TextChoices):
    REQUEST = "request", "A request"
    CONVERSATION = "conversation", "A conversation"
    MENTION = "mention", "A public mention"
    PORTAL = "portal", "The customer's portal"
    STAFF = "staff", "Staff"
    PARTNER = "partner", "A partner"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class Vendor(models.TextChoices):
    """Who caused it: not known yet, us, or the partner named in attributed_partner."""

    UNKNOWN = "unknown", "Not known yet"
    US = "us", "Us"
    PARTNER = "partner", "A partner"


class Incident(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Steps of the customer's journey involved, e.g. ["network", "sign-in"].
    journey_steps = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=12, choices=IncidentSource.choices)
    # The request, conversation or mention it came from (by source), when there is one.
    source_id = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    vendor = models.CharField(max_length=8, choices=Vendor.choices, default=Vendor.UNKNOWN)
    attributed_partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 0-100: how sure the attribution is.
    confidence = models.PositiveSmallIntegerField(default=0)
    evidence = models.TextField(blank=True)
    opened_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A partner reported it (API push or its own Accord); remote_id is its id there.
    origin_partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    remote_id = models.CharField(max_length=100, blank=True)

    class Meta:
        db_table = "incidents_incident"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vendor="partner", attributed_partner__isnull=False)
                | (~models.Q(vendor="partner") & models.Q(attributed_partner__isnull=True)),
                name="incident_partner_only_when_attributed_to_one",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__lte=100), name="incident_confidence_percent"
            ),
            models.UniqueConstraint(
                fields=["origin_partner", "remote_id"],
                condition=~models.Q(remote_id=""),
                name="one_incident_per_partner_remote_id",
            ),
        ]
        indexes = [models.Index(fields=["-opened_at"], name="incident_recent")]

    def __str__(self) -> str:
        return self.title


class IncidentCustomer(models.Model):
    """A customer the incident affected. Leads with customer_id (Citus, docs/architecture)."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="affected")
    added_at = models.DateTimeField()

    class Meta:
        db_table = "incidents_incident_customer"
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "incident"], name="one_row_per_incident_customer"
            )
        ]
        indexes = [models.Index(fields=["incident"], name="incident_customer_incident")]


class IncidentShare(models.Model):
    """An incident shared with a partner, and what that partner did about it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="shares")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "incidents_share"
        constraints = [
            models.UniqueConstraint(fields=["incident", "partner"], name="one_share_per_partner")
        ]
        indexes = [models.Index(fields=["partner", "incident"], name="incident_share_partner")]


class EventKind(models.TextChoices):
    OPENED = "opened", "Opened"
    ATTRIBUTED = "attributed", "Attributed"
    SHARED = "shared", "Shared"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    COMMENTED = "commented", "Commented"
    RESOLVED = "resolved", "Resolved"
    REOPENED = "reopened", "Reopened"
    CUSTOMER_ADDED = "customer_added", "Customer added"


class IncidentEvent(models.Model):
    """The incident's history, append-only: who (staff, a partner, the customer) did what."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    at = models.DateTimeField()
    actor_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # "customer", "Netco", "alice"... as shown in the history.
    actor_label = models.CharField(max_length=120)
    note = models.TextField(blank=True)
    # Attributions: vendor, partner id and name, confidence, evidence.
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "incidents_event"
        indexes = [models.Index(fields=["incident", "at"], name="incident_event_time")]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed (gave up)"


class PartnerDelivery(models.Model):
    """One call to a partner's Accord: `action` is "share" (the incident as it stands, to
    its inbox) or "acknowledge"/"comment"/"resolve" (to its partner API, on its copy).
    Written in the transaction that made the change; accord worker sends it."""

    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="deliveries")
    action = models.CharField(max_length=12)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "incidents_partner_delivery"
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="partner_delivery_due",
            )
        ]
