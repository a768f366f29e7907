"""Customers (people and organizations), contacts of organizations, and identities."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower


class CustomerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"


class Customer(models.Model):
    kind = models.CharField(max_length=12, choices=CustomerKind.choices)
    name = models.CharField(max_length=200)
    # Denormalised primary email: the list page and search need it without a join.
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True)
    created_at = models.DateTimeField()
    erased_at = models.DateTimeField(null=True, blank=True)

    # Search's word index (accord.customers.search) is kept by the database: an FTS5
    # table filled by triggers on SQLite, a GIN expression index on PostgreSQL.
    class Meta:
        db_table = "customers_customer"
        indexes = [
            models.Index(fields=["name"], name="customer_name"),
            models.Index(fields=["email"], name="customer_email"),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person who speaks for an organization customer (and may sign in to its portal)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.CharField(max_length=254)
    phone = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=120, blank=True)
    is_primary = models.BooleanField(default=False)

    class Meta:
        db_table = "customers_contact"
        constraints = [
            models.UniqueConstraint(fields=["customer", "email"], name="contact_email_per_customer")
        ]
        # Mail capture finds the customer of an address by LOWER(email): without this each
        # message would scan every contact.
        indexes = [models.Index(Lower("email"), name="contact_email_lower")]

    def __str__(self) -> str:
        return f"{self.name} ({self.customer_id})"


class IdentityKind(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    SOCIAL = "social", "Social handle"
    EXTERNAL = "external", "External id"


class Identity(models.Model):
    """A way to recognise the customer: email, phone, social handle, id in another system.

    (kind, source, value) is globally unique: a handle or external id names one customer.
    This is the identity -> customer lookup, a reference table under Citus.
    `source` is the platform for social handles and the system for external ids.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(max_length=10, choices=IdentityKind.choices)
    source = models.CharField(max_length=40, blank=True)
    value = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "customers_identity"
        verbose_name_plural = "identities"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source", "value"], name="identity_unique_per_source"
            )
        ]
        indexes = [
            models.Index(fields=["customer"], name="identity_customer"),
            # Search matches an identity exactly, whatever its kind and source.
            models.Index(fields=["value"], name="identity_value"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.source}:{self.value}"
