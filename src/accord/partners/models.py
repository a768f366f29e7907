"""Partner vendors: the other companies in the customer's journey, and their API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PartnerRole(models.TextChoices):
    """Where in the customer's journey the partner sits."""

    NETWORK = "network", "Network"
    DEVICE = "device", "Device"
    PLATFORM = "platform", "Platform"
    LOGISTICS = "logistics", "Logistics"
    PAYMENT = "payment", "Payment"
    OTHER = "other", "Other"


class SharedField(models.TextChoices):
    """Customer fields a partner may receive (only while the customer consents). The
    shared reference, the key both sides match on, always goes with a consenting customer."""

    NAME = "name", "Name"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    CITY = "city", "City"
    COUNTRY = "country", "Country"


class Partner(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True)
    role = models.CharField(max_length=12, choices=PartnerRole.choices, default=PartnerRole.OTHER)
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.CharField(max_length=254, blank=True)
    # Which customer fields (SharedField values) go to this partner with a consenting customer.
    shared_fields = models.JSONField(default=list, blank=True)
    # The base URL of the partner's own Accord installation ("" when it runs none), and the
    # partner token that installation issued to us. Kept readable: we must send it (like a
    # webhook secret); the staff UI never shows it back.
    accord_url = models.CharField(max_length=300, blank=True)
    accord_token = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "partners_partner"

    def __str__(self) -> str:
        return self.name

    @property
    def runs_accord(self) -> bool:
        return bool(self.accord_url and self.accord_token)


class PartnerTokenScope(models.TextChoices):
    READ = "read", "Read: see shared incidents"
    WRITE = "write", "Write: also acknowledge, comment, resolve and report incidents"


class PartnerToken(models.Model):
    """A bearer token for the partner API. Only the SHA-256 of the secret is stored."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scope = models.CharField(
        max_length=5, choices=PartnerTokenScope.choices, default=PartnerTokenScope.WRITE
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Partner tokens always expire: they leave the company, so an old one must die alone.
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "partners_token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
