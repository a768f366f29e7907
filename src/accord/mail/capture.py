"""One raw message -> its CapturedMessage and, when a customer matches, the interaction.

Idempotent by Message-ID: the CapturedMessage row is written in the same transaction as
the interaction, so a message is recorded once or not at all, whichever mailbox, folder
or UIDVALIDITY it is read under. Threading: a message answering a captured message of
the same customer (In-Reply-To, References) joins that message's conversation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.models import Channel, Direction, InteractionKind
from accord.interactions.models import Conversation, Interaction, Request, RequestStatus
from accord.interactions.services import receive_request, record_interaction
from accord.interactions.validators import MAX_BODY
from accord.mail.addresses import (
    CompanyAddresses,
    load_company_addresses,
    match_customer,
    staff_for_address,
)
from accord.mail.models import CapturedMessage, Mailbox, MessageStatus
from accord.mail.parsing import Attachment, ParsedMail, parse_mail
from accord.members.models import StaffMember

DUPLICATE = "duplicate"
NO_SUBJECT = "(no subject)"
# Interactions from mail carry source "mail" and the Message-ID as external id, so an
# export re-imported elsewhere knows them; a longer id is hashed to fit the column.
SOURCE = "mail"
EXTERNAL_ID_LENGTH = 100


def external_id_for(message_id: str) -> str:
    if len(message_id) <= EXTERNAL_ID_LENGTH:
        return message_id
    return "sha256:" + hashlib.sha256(message_id.encode()).hexdigest()


@dataclass(frozen=True)
class Capture:
    outcome: str  # a MessageStatus value, or DUPLICATE
    message: CapturedMessage | None


def capture_mail(
    *,
    mailbox: Mailbox | None,
    raw: bytes,
    folder: str = "",
    uid: int | None = None,
    received_at: datetime | None = None,
    company: CompanyAddresses | None = None,
) -> Capture:
    """Record one message read from `mailbox` (None for a file). See the module docstring
    for idempotency; `received_at` (the server's INTERNALDATE) dates mail without a Date;
    `company` is the company's addresses when the caller read them once for many messages."""
    parsed = parse_mail(raw)
    if CapturedMessage.objects.filter(message_id=parsed.message_id).exists():
        return Capture(DUPLICATE, None)
    company = company or load_company_addresses()
    outbound = parsed.from_address in company
    if outbound:
        counterparts = [a for a in [*parsed.to_addresses, *parsed.cc_addresses] if a not in company]
    else:
        counterparts = [parsed.from_address] if parsed.from_address else []
    customer_id, matched = match_customer(counterparts)
    status = MessageStatus.UNMATCHED if counterparts else MessageStatus.INTERNAL
    message = CapturedMessage(
        message_id=parsed.message_id,
        mailbox=mailbox,
        folder=folder,
        uid=uid,
        status=status,
        direction=Direction.OUTBOUND if outbound else Direction.INBOUND,
        counterpart=(matched or (counterparts[0] if counterparts else ""))[:254],
        customer_id=customer_id,
        from_address=parsed.from_address[:254],
        from_name=parsed.from_name[:200],
        to_addresses=parsed.to_addresses,
        cc_addresses=parsed.cc_addresses,
        subject=parsed.subject,
        body=parsed.body,
        quoted=parsed.quoted,
        in_reply_to=parsed.in_reply_to,
        references=parsed.references,
        attachments=[_attachment_record(a) for a in parsed.attachments],
        sent_at=parsed.sent_at or received_at or timezone.now(),
        captured_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            message.save()
            if customer_id is not None:
                record_on_customer(message, parsed)
    except IntegrityError:
        # Another sync (a second worker, the Sent folder of a colleague) stored it first.
        if CapturedMessage.objects.filter(message_id=parsed.message_id).exists():
            return Capture(DUPLICATE, None)
        raise
    return Capture(message.status, message)


def _attachment_record(attachment: Attachment) -> dict[str, Any]:
    record: dict[str, Any] = {
        "name": attachment.name,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "stored_as": "",
    }
    if settings.ACCORD_MAIL_KEEP_ATTACHMENTS:
        # Content-addressed: the same file mailed twice is kept once.
        digest = hashlib.sha256(attachment.payload).hexdigest()
        folder = settings.ACCORD_MAIL_ATTACHMENT_DIR
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / digest
        if not path.exists():
            path.write_bytes(attachment.payload)
        record["stored_as"] = digest
    return record


def _timeline_body(message: CapturedMessage) -> str:
    body = message.body[:MAX_BODY]
    if not message.attachments:
        return body
    listed = ", ".join(f"{a['name']} ({a['size']} bytes)" for a in message.attachments)
    return f"{body[: MAX_BODY - len(listed) - 15]}\n\nAttachments: {listed}"[:MAX_BODY].strip()


def _thread_conversation(
    message: CapturedMessage, parsed: ParsedMail | None
) -> Conversation | None:
    """The conversation of the nearest captured message this one answers, if any."""
    thread_ids = (
        parsed.thread_ids if parsed else [*message.in_reply_to, *reversed(message.references)]
    )
    if not thread_ids or message.customer_id is None:
        return None
    earlier = {
        row.message_id: row.conversation
        for row in CapturedMessage.objects.filter(
            message_id__in=thread_ids,
            customer_id=message.customer_id,
            conversation__isnull=False,
        ).select_related("conversation")
    }
    for message_id in thread_ids:
        if message_id in earlier:
            return earlier[message_id]
    return None


def record_on_customer(message: CapturedMessage, parsed: ParsedMail | None = None) -> None:
    """Write the interaction (and request or answer) for a message whose customer is set.
    Runs inside the caller's transaction; sets status, conversation and interaction."""
    assert message.customer_id is not None
    thread = _thread_conversation(message, parsed)
    mailbox_staff = message.mailbox.staff if message.mailbox else None
    if message.direction == Direction.INBOUND:
        if thread is None:
            interaction, thread = _receive(message, mailbox_staff)
        else:
            interaction = _join_thread(thread, message)
    else:
        staff = staff_for_address(message.from_address)
        if staff is None and message.mailbox and message.from_address == message.mailbox.address:
            staff = mailbox_staff
        if thread is None:
            interaction = _log_outbound(message, staff)
        else:
            interaction = _record_answer(thread, message, staff)
    message.status = MessageStatus.CAPTURED
    message.conversation = thread
    message.interaction = interaction
    message.save(update_fields=["status", "customer", "conversation", "interaction"])
    record_event(
        action="mail.capture",
        actor_label="mail",
        customer_id=message.customer_id,
        object_type="interaction",
        object_id=interaction.pk,
        details={"message_id": message.message_id[:200], "direction": message.direction},
    )


def _receive(
    message: CapturedMessage, mailbox_staff: StaffMember | None
) -> tuple[Interaction, Conversation]:
    """A new thread from the customer is a request, routed to the accountable owner."""
    assert message.customer_id is not None
    routed = receive_request(
        customer_id=message.customer_id,
        channel=Channel.EMAIL,
        received_by_function=mailbox_staff.function if mailbox_staff else "",
        kind=InteractionKind.REQUEST,
        subject=(message.subject or NO_SUBJECT)[:200],
        body=_timeline_body(message),
        received_at=message.sent_at,
    )
    interaction = routed.request.interactions.order_by("pk").first()
    assert interaction is not None
    interaction.source, interaction.external_id = SOURCE, external_id_for(message.message_id)
    interaction.save(update_fields=["source", "external_id"])
    return interaction, routed.conversation


def _first_request(conversation: Conversation) -> Request | None:
    return conversation.requests.order_by("received_at", "pk").first()


def _touch(conversation: Conversation, at: datetime) -> None:
    Conversation.objects.filter(pk=conversation.pk, last_activity_at__lt=at).update(
        last_activity_at=at
    )


def _join_thread(conversation: Conversation, message: CapturedMessage) -> Interaction:
    """The customer writing again in a thread: one more inbound touch in its conversation."""
    interaction = record_interaction(
        customer_id=conversation.customer_id,
        channel=Channel.EMAIL,
        direction=Direction.INBOUND,
        kind=conversation.kind,
        function="",
        subject=message.subject or NO_SUBJECT,
        body=_timeline_body(message),
        occurred_at=message.sent_at,
        request=_first_request(conversation),
        source=SOURCE,
        external_id=external_id_for(message.message_id),
    )
    _touch(conversation, message.sent_at)
    return interaction


def _log_outbound(message: CapturedMessage, staff: StaffMember | None) -> Interaction:
    assert message.customer_id is not None
    return record_interaction(
        customer_id=message.customer_id,
        channel=Channel.EMAIL,
        direction=Direction.OUTBOUND,
        kind=InteractionKind.OTHER,
        staff=staff,
        subject=message.subject or NO_SUBJECT,
        body=_timeline_body(message),
        occurred_at=message.sent_at,
        source=SOURCE,
        external_id=external_id_for(message.message_id),
    )


def _record_answer(
    conversation: Conversation, message: CapturedMessage, staff: StaffMember | None
) -> Interaction:
    """Staff answering the thread from their own mail client. Not answer_conversation:
    that mails the answer to the customer, who already has it."""
    at = message.sent_at
    interaction = record_interaction(
        customer_id=conversation.customer_id,
        channel=Channel.EMAIL,
        direction=Direction.OUTBOUND,
        kind=conversation.kind,
        staff=staff,
        subject=message.subject or NO_SUBJECT,
        body=_timeline_body(message),
        occurred_at=at,
        request=_first_request(conversation),
        source=SOURCE,
        external_id=external_id_for(message.message_id),
    )
    requests = conversation.requests.all()
    requests.filter(first_response_at__isnull=True).update(first_response_at=at)
    requests.filter(status=RequestStatus.OPEN).update(status=RequestStatus.ANSWERED)
    Conversation.objects.filter(pk=conversation.pk, status=RequestStatus.OPEN).update(
        status=RequestStatus.ANSWERED
    )
    _touch(conversation, at)
    record_event(
        action="conversation.answer",
        actor=staff,
        actor_label="" if staff else message.from_address,
        customer_id=conversation.customer_id,
        object_type="conversation",
        object_id=conversation.pk,
        details={"interaction": interaction.pk, "via": "mail"},
    )
    return interaction
