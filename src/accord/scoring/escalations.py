"""Escalating public complaints to the accountable owner, synchronously at ingest.

Two rules (settings in docs/voice.md): one negative mention whose estimated reach passes
ACCORD_ESCALATION_REACH; or a burst, negative mentions on one topic in the hour up to
the newest post at least ACCORD_BURST_FACTOR times the hourly baseline of the week
before (and at least a minimum count), counted per customer and book-wide. An
escalation about a customer lands on its owner's worklist as an alert with a due time
and goes to webhooks (event `alert.escalation`); a book-wide burst goes to the
managers' escalations list. An open burst escalation on the same topic (and customer)
absorbs new posts instead of opening another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accord.relationships.models import Relationship
from accord.scoring.models import Alert, AlertKind
from accord.voice.models import Escalation, EscalationKind, SocialMention
from accord.webhooks.services import enqueue_alert_deliveries

HOUR = timedelta(hours=1)
BASELINE = timedelta(days=7)
NO_TOPIC = "other"


@dataclass(frozen=True)
class NewMention:
    id: int
    customer_id: int | None
    negative: bool
    topic: str
    reach: int
    posted_at: datetime
    handle: str
    platform: str
    text: str


def escalate_mentions(
    mentions: Sequence[NewMention], now: datetime | None = None
) -> list[Escalation]:
    """Check the newly stored mentions against both rules; returns the escalations opened
    (joins the caller's transaction: alerts and webhook deliveries commit with them)."""
    now = now or timezone.now()
    negative = [m for m in mentions if m.negative]
    if not negative:
        return []
    with transaction.atomic():
        opened = _by_reach(negative, now) + _bursts(negative, now)
        _notify_owners(opened)
    return opened


def _due(now: datetime) -> datetime:
    return now + timedelta(hours=settings.ACCORD_ESCALATION_DUE_HOURS)


def _quote(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 120 else words[:117] + "..."


def _by_reach(negative: Sequence[NewMention], now: datetime) -> list[Escalation]:
    loud = [m for m in negative if m.reach >= settings.ACCORD_ESCALATION_REACH]
    return [
        Escalation.objects.create(
            customer_id=m.customer_id,
            kind=EscalationKind.REACH,
            topic=m.topic or NO_TOPIC,
            mention_id=m.id,
            mentions=1,
            reach=m.reach,
            message=(
                f"Negative post by @{m.handle or 'unknown'} on {m.platform} reached about "
                f"{m.reach:,} people: \u201c{_quote(m.text)}\u201d"
            )[:300],
            created_at=now,
            due_at=_due(now),
        )
        for m in loud
    ]


def _bursts(negative: Sequence[NewMention], now: datetime) -> list[Escalation]:
    groups: dict[tuple[int | None, str], list[NewMention]] = {}
    for m in negative:
        topic = m.topic or NO_TOPIC
        groups.setdefault((None, topic), []).append(m)
        if m.customer_id is not None:
            groups.setdefault((m.customer_id, topic), []).append(m)
    hourly = _customer_hour_counts(groups)
    opened = []
    for (customer_id, topic), members in groups.items():
        if customer_id is not None and (
            hourly.get((customer_id, topic), 0) < settings.ACCORD_BURST_MIN_CUSTOMER
        ):
            continue  # too few in its hour to burst: no per-group queries
        escalation = _burst(customer_id, topic, members, now)
        if escalation is not None:
            opened.append(escalation)
    return opened


def _customer_hour_counts(
    groups: dict[tuple[int | None, str], list[NewMention]],
) -> dict[tuple[int, str], int]:
    """Negative posts per (customer, topic) in the hour up to each group's newest post,
    from one query for the batch (most customers in a batch have one or two posts)."""
    about = {key: members for key, members in groups.items() if key[0] is not None}
    if not about:
        return {}
    newest = {key: max(m.posted_at for m in members) for key, members in about.items()}
    low, high = min(newest.values()) - HOUR, max(newest.values())
    counts: dict[tuple[int, str], int] = {}
    customers = sorted({key[0] for key in about if key[0] is not None})
    for start in range(0, len(customers), 900):
        posts = SocialMention.objects.filter(
            customer_id__in=customers[start : start + 900],
            sentiment_label="negative",
            posted_at__gt=low,
            posted_at__lte=high,
        ).values_list("customer_id", "topic", "posted_at")
        for customer_id, topic, posted_at in posts:
            key = (customer_id, topic or NO_TOPIC)
            end = newest.get(key)
            if end is not None and end - HOUR < posted_at <= end:
                counts[key] = counts.get(key, 0) + 1
    return counts


def _negative_posts(customer_id: int | None, topic: str) -> Any:
    posts = SocialMention.objects.filter(sentiment_label="negative")
    # No topic read and the readers' own "other" are one bucket.
    posts = (
        posts.filter(topic__in=("", NO_TOPIC)) if topic == NO_TOPIC else posts.filter(topic=topic)
    )
    return posts.filter(customer_id=customer_id) if customer_id is not None else posts


def _burst(
    customer_id: int | None, topic: str, members: Sequence[NewMention], now: datetime
) -> Escalation | None:
    newest = max(m.posted_at for m in members)
    posts = _negative_posts(customer_id, topic)
    hour = posts.filter(posted_at__gt=newest - HOUR, posted_at__lte=newest)
    count = hour.count()
    minimum = (
        settings.ACCORD_BURST_MIN_BOOK
        if customer_id is None
        else settings.ACCORD_BURST_MIN_CUSTOMER
    )
    if count < minimum:
        return None
    week = posts.filter(posted_at__gt=newest - HOUR - BASELINE, posted_at__lte=newest - HOUR)
    baseline = week.count() / (BASELINE / HOUR)
    if count < settings.ACCORD_BURST_FACTOR * baseline:
        return None
    still_open = Escalation.objects.filter(
        customer__isnull=customer_id is None,
        kind=EscalationKind.BURST,
        topic=topic,
        resolved_at__isnull=True,
    )
    if customer_id is not None:
        still_open = still_open.filter(customer_id=customer_id)
    found = still_open.first()
    reach = sum(m.reach for m in members)
    if found is not None:
        found.mentions = max(found.mentions, count)
        found.reach += reach
        found.save(update_fields=["mentions", "reach"])
        return None
    about = "" if customer_id is None else " about this customer"
    return Escalation.objects.create(
        customer_id=customer_id,
        kind=EscalationKind.BURST,
        topic=topic,
        mention_id=members[-1].id,
        mentions=count,
        reach=reach,
        message=(
            f"Burst: {count} negative posts{about} on {topic} in the last hour, "
            f"against {baseline:.1f} an hour the week before"
        ),
        created_at=now,
        due_at=_due(now),
    )


def _notify_owners(opened: Sequence[Escalation]) -> None:
    """Each customer escalation gets the accountable owner (alert on their worklist, and
    webhooks); a book-wide one stays with the managers' list."""
    about = [e for e in opened if e.customer_id is not None]
    if not about:
        return
    owners = dict(
        Relationship.objects.filter(customer_id__in={e.customer_id for e in about}).values_list(
            "customer_id", "owner_id"
        )
    )
    alerts = []
    for escalation in about:
        assert escalation.customer_id is not None
        escalation.owner_id = owners.get(escalation.customer_id)
        escalation.save(update_fields=["owner"])
        alerts.append(
            Alert(
                customer_id=escalation.customer_id,
                owner_id=escalation.owner_id,
                kind=AlertKind.ESCALATION,
                message=escalation.message,
                created_at=escalation.created_at,
                due_at=escalation.due_at,
            )
        )
    enqueue_alert_deliveries(Alert.objects.bulk_create(alerts))


def resolve_escalation(escalation: Escalation, *, by: Any) -> Escalation:
    """Handled: the escalation closes, and so does its alert on the owner's worklist."""
    from accord.audit.services import record_event

    with transaction.atomic():
        if escalation.resolved_at is None:
            now = timezone.now()
            escalation.resolved_at = now
            escalation.resolved_by = by
            escalation.save(update_fields=["resolved_at", "resolved_by"])
            if escalation.customer_id is not None:
                Alert.objects.filter(
                    customer_id=escalation.customer_id,
                    kind=AlertKind.ESCALATION,
                    message=escalation.message,
                    resolved_at__isnull=True,
                ).update(resolved_at=now)
            record_event(
                action="escalation.resolve",
                actor=by,
                customer_id=escalation.customer_id,
                object_type="escalation",
                object_id=escalation.pk,
            )
    return escalation
