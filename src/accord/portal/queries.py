"""Reads for the portal pages: what one customer sees about their own relationship."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from accord.audit.models import AuditEvent
from accord.commerce.models import LoyaltyBalance, Order, Subscription
from accord.consents.queries import get_consents_in_force, list_receipts
from accord.customers.models import Contact, Customer, Identity
from accord.interactions.models import Interaction, Request, RequestStatus
from accord.partners.models import Partner
from accord.portal.models import ExitRecord
from accord.promises.models import Promise, PromiseStatus
from accord.relationships.models import Handoff, Relationship, TeamMembership
from accord.voice.models import SocialMention, SurveyResponse

TIMELINE_LIMIT = 200


def get_relationship(customer_id: int) -> Relationship:
    return Relationship.objects.select_related("owner", "owner__delegate").get(
        customer_id=customer_id
    )


def list_team(customer_id: int) -> QuerySet[TeamMembership]:
    return (
        TeamMembership.objects.filter(customer_id=customer_id, removed_at__isnull=True)
        .select_related("staff")
        .order_by("function", "staff__first_name")
    )


def list_handoffs(customer_id: int) -> QuerySet[Handoff]:
    return (
        Handoff.objects.filter(customer_id=customer_id)
        .select_related("from_owner", "to_owner")
        .order_by("-occurred_at", "-pk")
    )


def list_promises(customer_id: int) -> QuerySet[Promise]:
    return (
        Promise.objects.filter(customer_id=customer_id)
        .select_related("staff")
        .order_by("status", "due_at", "pk")
    )


def list_open_promises(customer_id: int, limit: int = 10) -> list[Promise]:
    rows = list_promises(customer_id).filter(status=PromiseStatus.OPEN)
    return list(rows[:limit])


def list_requests(customer_id: int) -> QuerySet[Request]:
    return (
        Request.objects.filter(customer_id=customer_id)
        .select_related("assigned_to")
        .order_by("-received_at", "-pk")
    )


def list_answers(case: Request) -> list[Interaction]:
    """The company's replies in the request's conversation, oldest first. Internal
    notes live in another table (InternalNote) and can never appear here."""
    return list(
        Interaction.objects.filter(
            customer_id=case.customer_id,
            request__conversation_id=case.conversation_id,
            direction="outbound",
        )
        .select_related("staff")
        .order_by("occurred_at", "pk")
    )


def count_open_requests(customer_id: int) -> int:
    return (
        Request.objects.filter(customer_id=customer_id)
        .exclude(status=RequestStatus.RESOLVED)
        .count()
    )


def list_timeline(customer_id: int, limit: int = TIMELINE_LIMIT) -> list[Interaction]:
    return list(
        Interaction.objects.filter(customer_id=customer_id)
        .select_related("staff")
        .order_by("-occurred_at", "-pk")[:limit]
    )


def list_record_views(customer_id: int, limit: int = 100) -> list[AuditEvent]:
    """Who inside the company opened this customer's record, when and why."""
    return list(
        AuditEvent.objects.filter(customer_id=customer_id, action="customer.view")
        .select_related("actor")
        .order_by("-occurred_at", "-pk")[:limit]
    )


def get_held_data(customer_id: int) -> dict[str, Any]:
    """Everything held about the customer, grouped as the "what we hold" page shows it."""
    return {
        "customer": Customer.objects.get(pk=customer_id),
        "identities": list(Identity.objects.filter(customer_id=customer_id).order_by("kind")),
        **get_held_records(customer_id),
        "mentions": list(
            SocialMention.objects.filter(customer_id=customer_id).order_by("-posted_at")
        ),
        "receipts": list(list_receipts(customer_id)),
    }


def get_held_records(customer_id: int) -> dict[str, Any]:
    """The part of get_held_data the staff 360 does not already read for itself:
    contacts, orders, subscriptions, loyalty balances and survey answers."""
    return {
        "contacts": list(Contact.objects.filter(customer_id=customer_id).order_by("name")),
        "orders": list(Order.objects.filter(customer_id=customer_id).order_by("-occurred_at")),
        "subscriptions": list(
            Subscription.objects.filter(customer_id=customer_id).order_by("-start_date")
        ),
        "loyalty_balances": list(LoyaltyBalance.objects.filter(customer_id=customer_id)),
        "survey_responses": list(
            SurveyResponse.objects.filter(customer_id=customer_id).order_by("-responded_at")
        ),
    }


def list_consent_choices(customer_id: int) -> list[dict[str, Any]]:
    """One row per purpose (and per partner for sharing) with the decision in force."""
    in_force = get_consents_in_force(customer_id)
    rows: list[dict[str, Any]] = []
    for purpose, label in (
        ("marketing", "Marketing: offers and news"),
        ("retention_contact", "Retention contact: we may call you when you leave"),
        ("analytics", "Analytics: how you use our services"),
        ("email", "Email: answers to your requests sent to your inbox too"),
    ):
        rows.append(_choice(purpose, None, label, in_force))
    for partner in Partner.objects.filter(is_active=True).order_by("name"):
        label = f"Sharing with {partner.name}"
        rows.append(_choice("partner_sharing", partner.pk, label, in_force))
    return rows


def _choice(
    purpose: str, partner_id: int | None, label: str, in_force: dict[Any, Any]
) -> dict[str, Any]:
    consent = in_force.get((purpose, partner_id))
    return {
        "purpose": purpose,
        "partner_id": partner_id,
        "label": label,
        "is_granted": bool(consent and consent.is_granted),
        "recorded_at": consent.recorded_at if consent else None,
    }


def get_exit_export_id(customer_id: int) -> UUID | None:
    """The export produced when the customer left (for a departed customer's home page)."""
    return (
        ExitRecord.objects.filter(customer_id=customer_id, export__isnull=False)
        .order_by("-pk")
        .values_list("export_id", flat=True)
        .first()
    )


def get_insight(customer_id: int) -> Any:
    """Scores and plain-words explanations from the insight engine, when it is installed."""
    try:
        from accord.scoring.queries import get_customer_insight
    except ImportError:
        return None
    try:
        return get_customer_insight(customer_id)
    except Exception:  # the portal must render even when scoring fails
        return None
