"""Mailing a reply to the customer, only when they consented to email.

Sent after the commit (a rolled-back reply is never mailed) through Django's email
backend, so operators choose SMTP, a file or the console with ACCORD_EMAIL_BACKEND.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.db import transaction

from accord.consents.models import Purpose
from accord.consents.queries import has_consent
from accord.customers.models import Customer
from accord.interactions.models import Interaction

logger = logging.getLogger(__name__)


def reply_address(customer_id: int) -> str | None:
    """Where replies may be mailed: the customer's address when their newest decision on
    the email purpose is a grant, else None (they read replies in the portal)."""
    address = Customer.objects.filter(pk=customer_id).values_list("email", flat=True).first()
    if not address or not has_consent(customer_id, Purpose.EMAIL):
        return None
    return address


def send_reply_on_commit(customer_id: int, reply: Interaction) -> bool:
    """Queue the reply for mailing after the commit; False (nothing queued) without
    consent or without an address. A mail failure is logged, never undoes the reply."""
    address = reply_address(customer_id)
    if address is None:
        return False
    message = EmailMessage(subject=reply.subject, body=reply.body, to=[address])
    if reply.staff is not None and reply.staff.email:
        message.reply_to = [reply.staff.email]

    def send() -> None:
        try:
            message.send()
        except OSError as error:  # SMTP and socket errors; the portal still shows the reply
            logger.warning("reply %s to customer %s not mailed: %s", reply.pk, customer_id, error)

    transaction.on_commit(send)
    return True
