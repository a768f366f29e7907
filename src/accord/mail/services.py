"""Writes on mail: add and remove mailboxes, link unmatched mail to a customer.

Capturing a message is accord.mail.capture; reading mailboxes is accord.mail.sync.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.validation import ValidationProblem
from accord.customers.models import IdentityKind
from accord.customers.services import add_identity
from accord.mail.capture import record_on_customer
from accord.mail.models import CapturedMessage, Mailbox, MessageStatus, Security
from accord.members.models import StaffMember

DEFAULT_PORTS = {Security.TLS: 993, Security.STARTTLS: 143, Security.NONE: 143}


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _clean_mailbox(
    name: str, host: str, port: int | None, security: str, username: str, folders: Sequence[str]
) -> tuple[int, list[str]]:
    if not name.strip() or len(name) > 60:
        raise ValidationProblem("name", "give the mailbox a name of 1 to 60 characters")
    if not host.strip():
        raise ValidationProblem("host", "must not be empty")
    if security not in Security.values:
        raise ValidationProblem("security", f"use one of {', '.join(Security.values)}")
    # Without TLS the password crosses the network in clear text: only on this machine.
    if security == Security.NONE and not is_loopback(host):
        raise ValidationProblem("security", "none is allowed only for a loopback host")
    port = port or DEFAULT_PORTS[Security(security)]
    if not 0 < port < 65536:
        raise ValidationProblem("port", f"{port} is not a TCP port")
    if not username:
        raise ValidationProblem("username", "must not be empty")
    cleaned = [folder.strip() for folder in folders if folder.strip()] or ["INBOX"]
    return port, cleaned


def add_mailbox(
    *,
    name: str,
    host: str,
    username: str,
    password: str,
    port: int | None = None,
    security: str = Security.TLS,
    folders: Sequence[str] = ("INBOX",),
    address: str = "",
    staff: StaffMember | None = None,
    by: StaffMember | None = None,
) -> Mailbox:
    """Add a mailbox to read, or replace the settings of the one with this name (its
    folder positions are kept, so nothing is read twice). Raises ValidationProblem."""
    port, cleaned = _clean_mailbox(name, host, port, security, username, folders)
    with transaction.atomic():
        mailbox, created = Mailbox.objects.update_or_create(
            name=name.strip(),
            defaults={
                "host": host.strip(),
                "port": port,
                "security": security,
                "username": username,
                "password": password,
                "folders": cleaned,
                "address": address.strip().lower(),
                "staff": staff,
                "is_active": True,
                "last_error": "",
            },
        )
        record_event(
            action="mail.mailbox.add" if created else "mail.mailbox.change",
            actor=by,
            actor_label="" if by else "cli",
            object_type="mailbox",
            object_id=mailbox.pk,
            details={"name": mailbox.name, "host": mailbox.host, "folders": cleaned},
        )
    return mailbox


def remove_mailbox(*, name: str, by: StaffMember | None = None) -> None:
    """Stop reading a mailbox; the mail it captured stays on the customers."""
    with transaction.atomic():
        mailbox = Mailbox.objects.filter(name=name).first()
        if mailbox is None:
            raise ValidationProblem("name", f"no mailbox named {name!r}")
        record_event(
            action="mail.mailbox.remove",
            actor=by,
            actor_label="" if by else "cli",
            object_type="mailbox",
            object_id=mailbox.pk,
            details={"name": mailbox.name},
        )
        mailbox.delete()


def link_message(*, message: CapturedMessage, customer_id: int, by: StaffMember) -> int:
    """Link an unmatched message to a customer: its address becomes an email identity
    of the customer, and every message waiting from that address is captured on them.

    Returns how many messages were captured. Raises ValidationProblem (changing nothing)
    when the message is no longer waiting or the address identifies another customer.
    """
    with transaction.atomic():
        # of=self: PostgreSQL cannot lock the nullable side of the mailbox join below.
        waiting = CapturedMessage.objects.select_for_update(of=("self",)).filter(
            status=MessageStatus.UNMATCHED, counterpart=message.counterpart
        )
        if not waiting.filter(pk=message.pk).exists():
            raise ValidationProblem("message", "this message is no longer waiting in the inbox")
        add_identity(
            customer_id=customer_id, kind=IdentityKind.EMAIL, value=message.counterpart, by=by
        )
        now = timezone.now()
        rows = list(waiting.select_related("mailbox__staff").order_by("sent_at", "pk"))
        for row in rows:
            row.customer_id = customer_id
            row.linked_by = by
            row.linked_at = now
            row.save(update_fields=["customer", "linked_by", "linked_at"])
            record_on_customer(row)
        record_event(
            action="mail.link",
            actor=by,
            customer_id=customer_id,
            object_type="mail_message",
            object_id=message.pk,
            details={"address": message.counterpart, "messages": len(rows)},
        )
    return len(rows)


def erase_customer_mail(customer_id: int) -> int:
    """Forget what the customer's mail said and who wrote it (part of an erasure). The
    rows stay with their Message-IDs, so the same mail read again (a reset UIDVALIDITY)
    is a duplicate instead of returning to the inbox. Joins the caller's transaction.
    Kept attachment files go too, after the commit, unless mail of someone else holds
    the same file (they are stored once per content)."""
    messages = CapturedMessage.objects.filter(customer_id=customer_id)
    digests = {
        attachment["stored_as"]
        for attachments in messages.values_list("attachments", flat=True)
        for attachment in attachments or []
        if attachment.get("stored_as")
    }
    if digests:
        transaction.on_commit(lambda: _delete_unreferenced_files(digests))
    return messages.update(
        counterpart="",
        from_address="",
        from_name="",
        to_addresses=[],
        cc_addresses=[],
        subject="",
        body="",
        quoted="",
        attachments=[],
    )


def _delete_unreferenced_files(digests: set[str]) -> None:
    still_used = {
        attachment.get("stored_as")
        for attachments in CapturedMessage.objects.exclude(attachments=[]).values_list(
            "attachments", flat=True
        )
        for attachment in attachments or []
    }
    folder = settings.ACCORD_MAIL_ATTACHMENT_DIR
    for digest in digests - still_used:
        (folder / digest).unlink(missing_ok=True)
