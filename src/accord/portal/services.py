"""Writes the customer starts in the portal: open a request, ask for a correction, export.

Requests route to the accountable owner through accord.interactions.services.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.audit.services import record_event
from accord.core.models import Channel, InteractionKind
from accord.interactions.models import Request
from accord.interactions.services import RequestError, receive_request
from accord.portal.models import ExportJob, ExportReason
from accord.promises.models import PromiseKind, Side
from accord.promises.services import make_promise
from accord.relationships.models import Relationship, Stage

RECTIFICATION_DAYS = 30


def open_request(
    *, customer_id: int, subject: str, body: str, actor_label: str, after_leaving: bool = False
) -> Request:
    """Open a request from the portal, routed by the interactions service to the owner
    (or their delegate while away). Raises RequestError on bad input, and for a customer
    who has left (nobody works a departed relationship; rejoining reopens it) unless
    `after_leaving`: a right that outlives the relationship (correcting data)."""
    if (
        not after_leaving
        and Relationship.objects.filter(customer_id=customer_id, stage=Stage.DEPARTED).exists()
    ):
        raise RequestError("You have left, so nobody would answer a new request. Rejoin first.")
    routed = receive_request(
        customer_id=customer_id,
        channel=Channel.PORTAL,
        received_by_function="",
        kind=InteractionKind.REQUEST,
        subject=subject,
        body=body,
    )
    record_event(
        action="request.open",
        actor_label=actor_label,
        customer_id=customer_id,
        object_type="request",
        object_id=routed.request.pk,
    )
    return routed.request


def request_rectification(
    *, customer_id: int, field: str, correction: str, actor_label: str
) -> dict[str, Any]:
    """A correction request goes to the owner and becomes a company promise due in 30 days."""
    with transaction.atomic():
        # The right to correct data held outlives the relationship.
        request = open_request(
            customer_id=customer_id,
            subject=f"Please correct my {field}",
            body=correction,
            actor_label=actor_label,
            after_leaving=True,
        )
        owner = Relationship.objects.get(customer_id=customer_id).owner
        promise = make_promise(
            customer_id=customer_id,
            made_by_side=Side.COMPANY,
            kind=PromiseKind.RECTIFICATION,
            description=f"Correct {field}: {correction}"[:300],
            due_at=timezone.now() + timedelta(days=RECTIFICATION_DAYS),
            staff=owner,
            request_id=request.pk,
        )
    return {"request": request, "promise": promise}


def start_export(
    customer_id: int, reason: str = ExportReason.REQUESTED, at: datetime | None = None
) -> ExportJob:
    """An export of everything held on the customer, ready to download (streamed then)."""
    return ExportJob.objects.create(
        customer_id=customer_id, reason=reason, created_at=at or timezone.now()
    )


def mark_export_downloaded(job: ExportJob) -> None:
    ExportJob.objects.filter(pk=job.pk).update(downloaded_at=timezone.now())
