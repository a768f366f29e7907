"""Erasure: the customer asks in the portal, staff process it before the deadline.

Erasing removes personal data and keeps anonymous aggregates (dates, amounts, kinds and
scores stay; names, addresses, free text, identities and contacts go), ends every portal
session and link, and records a notification to each partner that received data. Each
domain erases its own tables (accord.<domain>.erasure); a live relationship is ended
first through accord.handovers.endings.end_relationship.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accord.audit.services import record_event
from accord.commerce.erasure import erase_transfer_codes
from accord.consents.erasure import erase_consent_receipts
from accord.consents.queries import list_partners_shared_with
from accord.customers.erasure import erase_customer_identity
from accord.handovers.endings import end_relationship
from accord.incidents.erasure import erase_incident_texts
from accord.interactions.erasure import erase_interaction_texts
from accord.mail.services import erase_customer_mail
from accord.members.models import StaffMember
from accord.partners.models import Partner
from accord.portal.models import ErasureRequest, ErasureStatus, ExportJob, PartnerNotification
from accord.portal.session import end_all_sessions
from accord.portal.signin import revoke_links
from accord.promises.erasure import erase_promise_texts
from accord.relationships.models import Relationship, Stage
from accord.voice.erasure import erase_voice_of_customer


class ErasureError(Exception):
    """The erasure cannot be processed; the message says why."""


def request_erasure(*, customer_id: int, actor_label: str) -> ErasureRequest:
    """Idempotent: a second request while one is pending returns the pending one."""
    with transaction.atomic():
        pending = ErasureRequest.objects.filter(
            customer_id=customer_id, status=ErasureStatus.PENDING
        ).first()
        if pending is not None:
            return pending
        now = timezone.now()
        erasure = ErasureRequest.objects.create(
            customer_id=customer_id,
            requested_at=now,
            due_at=now + timedelta(days=settings.ACCORD_ERASURE_DEADLINE_DAYS),
        )
        record_event(
            action="erasure.request",
            actor_label=actor_label,
            customer_id=customer_id,
            object_type="erasure",
            object_id=erasure.pk,
        )
    return erasure


def list_pending_erasures(due_before: datetime | None = None) -> QuerySet[ErasureRequest]:
    pending = ErasureRequest.objects.filter(status=ErasureStatus.PENDING)
    if due_before is not None:
        pending = pending.filter(due_at__lte=due_before)
    return pending.select_related("customer").order_by("due_at", "pk")


def process_erasure(erasure_id: int, *, by: StaffMember | None = None) -> ErasureRequest:
    """Erase the customer's personal data in one transaction. Not repeatable: done is done."""
    now = timezone.now()
    with transaction.atomic():
        erasure = ErasureRequest.objects.select_for_update().get(pk=erasure_id)
        if erasure.status == ErasureStatus.DONE:
            raise ErasureError(f"erasure {erasure_id} was already processed")
        customer_id = erasure.customer_id
        partner_ids = list_partners_shared_with(customer_id)
        live = Relationship.objects.filter(customer_id=customer_id).exclude(stage=Stage.DEPARTED)
        if live.exists():
            # Nobody can serve a customer we no longer know: erasure ends the
            # relationship first, with everything an ending implies.
            end_relationship(
                customer_id=customer_id, by=by, reason="the customer asked to be erased", at=now
            )
        _erase_personal_data(customer_id, now)
        revoke_links(customer_id)
        end_all_sessions(customer_id)
        for partner in Partner.objects.filter(pk__in=partner_ids).order_by("pk"):
            _notify_partner(erasure, partner, now)
        erasure.status = ErasureStatus.DONE
        erasure.processed_at = now
        erasure.processed_by = by
        erasure.save(update_fields=["status", "processed_at", "processed_by"])
        record_event(
            action="customer.erase",
            actor=by,
            customer_id=customer_id,
            object_type="erasure",
            object_id=erasure.pk,
            details={"partners_notified": partner_ids},
        )
    return erasure


def _erase_personal_data(customer_id: int, now: datetime) -> None:
    """Each domain erases its own data (accord.<domain>.erasure); the portal only its
    exports, which are its own records."""
    erase_incident_texts(customer_id)  # before the name goes: the history names them by it
    erase_customer_identity(customer_id, now)
    erase_interaction_texts(customer_id)
    erase_customer_mail(customer_id)
    erase_promise_texts(customer_id)
    erase_voice_of_customer(customer_id)
    erase_transfer_codes(customer_id)
    erase_consent_receipts(customer_id)
    ExportJob.objects.filter(customer_id=customer_id).delete()


def _notify_partner(erasure: ErasureRequest, partner: Partner, now: datetime) -> None:
    PartnerNotification.objects.create(
        customer_id=erasure.customer_id,
        erasure=erasure,
        partner=partner,
        notified_at=now,
        sent_to=partner.contact_email,
    )
    if partner.contact_email:
        message = (
            f"Customer reference {erasure.customer_id} asked us to erase their data on "
            f"{erasure.requested_at:%Y-%m-%d}. Please erase what we shared with you."
        )
        email = partner.contact_email
        transaction.on_commit(
            lambda: send_mail("Erasure request", message, None, [email], fail_silently=True)
        )
