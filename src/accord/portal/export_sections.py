"""What goes into a customer's export: one section per kind of data held about them.

Each section becomes `<name>.json` (and `<name>.csv` when it has CSV columns). Keep this
list, docs/export-schema.json and the portal's "what we hold" page in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat, Trim

from accord.audit.models import AuditEvent
from accord.commerce.models import LoyaltyBalance, Order, Subscription
from accord.consents.models import Consent, ConsentReceipt
from accord.customers.models import Contact, Customer, Identity
from accord.interactions.models import Interaction, Request
from accord.promises.models import Promise
from accord.relationships.models import Handoff, Relationship, StageChange, TeamMembership
from accord.voice.models import SocialMention, SurveyResponse

INTERACTION_COLUMNS = [
    "id", "occurred_at", "channel", "direction", "function", "kind", "subject", "body",
    "staff_name", "request_id",
]  # fmt: skip
ORDER_COLUMNS = ["id", "occurred_at", "amount", "list_amount", "currency", "description"]
SUBSCRIPTION_COLUMNS = [
    "id", "product", "monthly_price", "list_monthly_price", "currency", "start_date",
    "term_end_date", "auto_renew", "renewal_term_months", "early_termination_fee",
    "notice_period_days", "status", "ended_at", "transfer_code", "transfer_code_released_at",
]  # fmt: skip
PROMISE_COLUMNS = [
    "id", "made_by_side", "kind", "description", "made_at", "due_at", "status",
    "resolved_at", "staff_name",
]  # fmt: skip
REQUEST_COLUMNS = [
    "id", "received_at", "channel", "kind", "subject", "body", "status", "due_at",
    "resolved_at",
]  # fmt: skip
CONSENT_COLUMNS = ["id", "purpose", "partner_name", "is_granted", "recorded_at", "method"]


@dataclass(frozen=True)
class Section:
    name: str
    source: Any  # a dict (is_object), a list of dicts or a QuerySet of dicts
    is_object: bool = False
    csv_columns: list[str] = field(default_factory=list)


def _staff_name() -> Any:
    return Trim(Concat("staff__first_name", Value(" "), "staff__last_name"))


def list_sections(customer_id: int) -> list[Section]:
    c = customer_id
    return [
        Section("customer", _customer(c), is_object=True),
        Section("relationship", _relationship(c), is_object=True),
        Section("contacts", list(Contact.objects.filter(customer_id=c).values(
            "id", "name", "email", "phone", "title", "is_primary"))),
        Section("identities", list(Identity.objects.filter(customer_id=c).values(
            "id", "kind", "source", "value", "created_at"))),
        Section("interactions", _ordered(Interaction.objects.filter(customer_id=c).values(
            *INTERACTION_COLUMNS[:-2], "request_id", staff_name=_staff_name()), "occurred_at"),
            csv_columns=INTERACTION_COLUMNS),
        Section("requests", _ordered(Request.objects.filter(customer_id=c).values(
            *REQUEST_COLUMNS), "received_at"), csv_columns=REQUEST_COLUMNS),
        Section("promises", _ordered(Promise.objects.filter(customer_id=c).values(
            *PROMISE_COLUMNS[:-1], staff_name=_staff_name()), "made_at"),
            csv_columns=PROMISE_COLUMNS),
        Section("orders", _ordered(Order.objects.filter(customer_id=c).values(
            *ORDER_COLUMNS), "occurred_at"), csv_columns=ORDER_COLUMNS),
        Section("subscriptions", _ordered(Subscription.objects.filter(customer_id=c).values(
            *SUBSCRIPTION_COLUMNS), "start_date"), csv_columns=SUBSCRIPTION_COLUMNS),
        Section("loyalty_balances", list(LoyaltyBalance.objects.filter(customer_id=c).values(
            "id", "programme", "points", "value", "currency", "expires_at", "updated_at"))),
        Section("consents", _ordered(Consent.objects.filter(customer_id=c).values(
            "id", "purpose", "is_granted", "recorded_at", "method",
            partner_name=F("partner__name")), "recorded_at"), csv_columns=CONSENT_COLUMNS),
        Section("consent_receipts", [r.document for r in ConsentReceipt.objects.filter(
            customer_id=c).order_by("issued_at", "pk")]),
        Section("survey_responses", _ordered(SurveyResponse.objects.filter(customer_id=c).values(
            "id", "responded_at", "nps", "csat", "ces", "value_quality", "value_price",
            "value_convenience", "brand_awareness", "brand_attitude", "brand_ethics",
            "comment"), "responded_at")),
        Section("mentions", _ordered(SocialMention.objects.filter(customer_id=c).values(
            "id", "platform", "post_id", "author_handle", "text", "url", "reach",
            "posted_at"), "posted_at")),
        Section("record_views", _ordered(AuditEvent.objects.filter(
            customer_id=c, action="customer.view").values(
            "occurred_at", "actor_label", "reason"), "occurred_at")),
    ]  # fmt: skip


def _ordered(queryset: QuerySet[Any], field_name: str) -> QuerySet[Any]:
    return queryset.order_by(field_name, "id")


def _customer(customer_id: int) -> dict[str, Any]:
    return dict(
        Customer.objects.filter(pk=customer_id)
        .values("id", "kind", "name", "email", "phone", "city", "country", "created_at")
        .get()
    )


def _relationship(customer_id: int) -> dict[str, Any]:
    relationship = Relationship.objects.select_related("owner").get(customer_id=customer_id)
    owner = relationship.owner
    return {
        "stage": relationship.stage,
        "started_at": relationship.started_at,
        "ended_at": relationship.ended_at,
        "owner": None
        if owner is None
        else {"name": str(owner), "function": owner.function, "email": owner.email},
        "team": list(
            TeamMembership.objects.filter(customer_id=customer_id, removed_at__isnull=True)
            .order_by("added_at", "pk")
            .values("function", "added_at", staff_name=F("staff__username"))
        ),
        "handoffs": list(
            Handoff.objects.filter(customer_id=customer_id)
            .order_by("occurred_at", "pk")
            .values(
                "occurred_at",
                "reason",
                from_owner_name=F("from_owner__username"),
                to_owner_name=F("to_owner__username"),
            )
        ),
        "stage_changes": list(
            StageChange.objects.filter(customer_id=customer_id)
            .order_by("occurred_at", "pk")
            .values("from_stage", "to_stage", "reason", "occurred_at")
        ),
    }
