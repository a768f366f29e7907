"""Mailboxes Accord reads, where each folder's sync stands, and every message it read.

CapturedMessage is the idempotency key (one row per Message-ID, whatever mailbox or
folder it was read from) and the inbox of mail no customer matched yet.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accord.core.models import Direction


class Security(models.TextChoices):
    TLS = "tls", "Implicit TLS (IMAPS, port 993)"
    STARTTLS = "starttls", "STARTTLS (port 143)"
    NONE = "none", "None (loopback only)"


class Mailbox(models.Model):
    name = models.CharField(max_length=60, unique=True)
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField()
    security = models.CharField(max_length=10, choices=Security.choices, default=Security.TLS)
    username = models.CharField(max_length=255)
    # The IMAP server needs the secret itself, so it cannot be hashed; it is never shown
    # back (CLI, admin, pages) and an app password limits what a leak gives away.
    password = models.CharField(max_length=500)
    folders = models.JSONField(default=list)  # IMAP folder names, e.g. ["INBOX", "Sent"]
    # The mailbox's own address: mail from it is outbound (a company address).
    address = models.CharField(max_length=254, blank=True)
    # Whose mailbox it is: their outbound mail is recorded as theirs, and they see its
    # unmatched mail in the inbox. Blank for a shared mailbox (support@).
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mailboxes",
    )
    is_active = models.BooleanField(default=True)
    # The worker claims a mailbox by moving next_sync_at forward with a conditional
    # UPDATE, so two workers never read the same mailbox at once.
    next_sync_at = models.DateTimeField(null=True, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        db_table = "mail_mailbox"

    def __str__(self) -> str:
        return self.name


class MailboxFolder(models.Model):
    """How far a folder was read: the last UID seen under the folder's UIDVALIDITY."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="folder_states")
    name = models.CharField(max_length=255)
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)

    class Meta:
        db_table = "mail_mailbox_folder"
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "name"], name="mail_folder_per_mailbox")
        ]


class MessageStatus(models.TextChoices):
    CAPTURED = "captured", "On a customer's timeline"
    UNMATCHED = "unmatched", "Waiting in the inbox for a customer"
    INTERNAL = "internal", "Between company addresses only"


class CapturedMessage(models.Model):
    """One mail message, by Message-ID. Like the identity table it is a global lookup
    (a reference table under Citus), so message_id alone is the unique key."""

    message_id = models.CharField(max_length=900, unique=True)
    mailbox = models.ForeignKey(
        Mailbox, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    folder = models.CharField(max_length=255, blank=True)
    uid = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=MessageStatus.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices)
    # The customer-side address: the sender of inbound mail, the first non-company
    # recipient of outbound mail. Linking an unmatched message makes it an identity.
    counterpart = models.CharField(max_length=254, blank=True)
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mail_messages",
    )
    conversation = models.ForeignKey(
        "interactions.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail_messages",
    )
    interaction = models.ForeignKey(
        "interactions.Interaction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail_messages",
    )
    from_address = models.CharField(max_length=254, blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    to_addresses = models.JSONField(default=list)
    cc_addresses = models.JSONField(default=list)
    subject = models.TextField(blank=True)
    body = models.TextField(blank=True)  # as shown: quoted history trimmed
    quoted = models.TextField(blank=True)  # the trimmed history, kept
    in_reply_to = models.JSONField(default=list)
    references = models.JSONField(default=list)
    # [{"name", "size", "content_type", "stored_as"}]; files only when configured.
    attachments = models.JSONField(default=list)
    sent_at = models.DateTimeField()
    captured_at = models.DateTimeField()
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="linked_mail",
    )
    linked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "mail_captured_message"
        indexes = [
            models.Index(fields=["status", "counterpart"], name="mail_message_inbox"),
            models.Index(fields=["customer", "sent_at"], name="mail_message_customer"),
        ]

    def __str__(self) -> str:
        return f"<{self.message_id}> {self.status}"
