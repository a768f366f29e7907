"""Interactions (every touch, either direction) and requests linked into conversations."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accord.core.models import Channel, Direction, Function, InteractionKind


class Interaction(models.Model):
    # No single-column indexes on customer and staff: the unique key and the
    # (customer, occurred_at) / (staff, occurred_at) indexes below lead with them, and two
    # fewer indexes make every insert (a million-row import above all) cheaper.
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.CASCADE,
        related_name="interactions",
        db_index=False,
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices)
    # The company function that sent or received it (blank when nobody inside touched it).
    function = models.CharField(max_length=20, choices=Function.choices, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
        db_index=False,
    )
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=InteractionKind.choices)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    source = models.CharField(max_length=40, default="accord")
    external_id = models.CharField(max_length=100, null=True, blank=True)
    request = models.ForeignKey(
        "interactions.Request",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )

    class Meta:
        db_table = "interactions_interaction"
        constraints = [
            # Idempotent imports: re-sending a row updates it. customer_id is part of the
            # key so the constraint still holds when the table is sharded by customer.
            models.UniqueConstraint(
                fields=["customer", "source", "external_id"], name="interaction_external_id"
            )
        ]
        indexes = [
            models.Index(fields=["customer", "occurred_at"], name="interaction_customer_time"),
            models.Index(fields=["staff", "occurred_at"], name="interaction_staff_time"),
            # The accountability board reads only the recent window of the whole book;
            # covering every column it needs makes that an index-only scan (rows of one
            # month are spread over the whole table when data arrives customer by customer).
            models.Index(
                fields=["occurred_at", "customer", "direction", "staff", "function", "kind"],
                name="interaction_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.direction} {self.kind} ({self.customer_id})"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    RESOLVED = "resolved", "Resolved"


class Conversation(models.Model):
    """One issue as the customer sees it, however many channels and desks it came through."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="conversations"
    )
    kind = models.CharField(max_length=12, choices=InteractionKind.choices)
    subject = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default="open")
    opened_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    # What came of it, in words the customer reads in the portal ("Refund sent").
    outcome = models.TextField(blank=True, default="", db_default="")

    class Meta:
        db_table = "interactions_conversation"
        indexes = [models.Index(fields=["customer", "status"], name="conversation_customer")]


class Request(models.Model):
    """A request (case) from the customer, routed to the accountable owner or delegate."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="requests"
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.PROTECT, related_name="requests"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # The function the request arrived through; it still routes to the owner.
    received_by_function = models.CharField(max_length=20, choices=Function.choices, blank=True)
    kind = models.CharField(max_length=12, choices=InteractionKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default="open")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
    )
    received_at = models.DateTimeField()
    due_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True, default="", db_default="")

    class Meta:
        db_table = "interactions_request"
        indexes = [
            models.Index(fields=["customer", "received_at"], name="request_customer_time"),
            models.Index(fields=["assigned_to", "status", "due_at"], name="request_assignee_due"),
        ]


class InternalNote(models.Model):
    """A note staff leave on a conversation for each other; the customer never sees it.

    Kept in its own table, not as an Interaction, so that everything the customer is
    shown (portal timeline, export, "what we hold") cannot include it by accident: those
    read interactions, and an internal note is not a touch with the customer.
    """

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="internal_notes"
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="internal_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="internal_notes",
    )
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        db_table = "interactions_internal_note"
        indexes = [
            models.Index(fields=["customer", "conversation", "created_at"], name="note_thread")
        ]
