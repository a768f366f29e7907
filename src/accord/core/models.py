"""Shared kernel: choice lists and base classes every domain uses."""

from __future__ import annotations

from django.db import models


class Function(models.TextChoices):
    """A function inside the company; staff belong to one, interactions come from one."""

    SALES = "sales", "Sales"
    MARKETING = "marketing", "Marketing"
    SERVICE = "service", "Service"
    SUPPORT = "support", "Support"
    SUCCESS = "success", "Success"
    BILLING = "billing", "Billing"
    MANAGEMENT = "management", "Management"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"
    CHAT = "chat", "Chat"
    TICKET = "ticket", "Ticket"
    SOCIAL = "social", "Social"
    PORTAL = "portal", "Portal"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    # A note on the record that was no exchange with the customer (met at a fair, ...).
    NOTE = "note", "Note"


class Direction(models.TextChoices):
    INBOUND = "inbound", "Inbound (from the customer)"
    OUTBOUND = "outbound", "Outbound (to the customer)"


class InteractionKind(models.TextChoices):
    REQUEST = "request", "Request"
    OFFER = "offer", "Offer"
    RENEWAL = "renewal", "Renewal"
    PRICING = "pricing", "Pricing"
    UPSELL = "upsell", "Upsell"
    SUPPORT = "support", "Support"
    COMPLAINT = "complaint", "Complaint"
    PRAISE = "praise", "Praise"
    BILLING = "billing", "Billing"
    ONBOARDING = "onboarding", "Onboarding"
    OTHER = "other", "Other"


# Interactions through which a function steers the commercial relationship; when
# functions other than the owner's send these, the relationship is contested.
STRATEGIC_KINDS = (
    InteractionKind.OFFER,
    InteractionKind.RENEWAL,
    InteractionKind.PRICING,
    InteractionKind.UPSELL,
)
