"""Reads on interactions, requests and conversations: timeline, threads, what is due."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Prefetch, QuerySet

from accord.interactions.models import Conversation, Interaction, Request, RequestStatus


def list_timeline(customer_id: int) -> QuerySet[Interaction]:
    """Every touch with the customer, newest first (paginate: a book may hold thousands)."""
    # Only what a timeline row shows: the 360 page renders this on every view.
    return (
        Interaction.objects.filter(customer_id=customer_id)
        .select_related("staff")
        .only(
            "occurred_at",
            "direction",
            "channel",
            "function",
            "kind",
            "subject",
            "body",
            "customer_id",
            "staff__first_name",
            "staff__last_name",
            "staff__username",
        )
        .order_by("-occurred_at", "-pk")
    )


def count_timeline(customer_id: int) -> int:
    return Interaction.objects.filter(customer_id=customer_id).count()


def list_conversations(customer_id: int | None = None) -> QuerySet[Conversation]:
    """Conversations newest activity first, each with how many requests it gathered."""
    conversations = Conversation.objects.annotate(request_count=Count("requests"))
    if customer_id is not None:
        conversations = conversations.filter(customer_id=customer_id)
    return conversations.order_by("-last_activity_at", "-pk")


def get_conversation_thread(conversation_id: int) -> Conversation | None:
    """One conversation with its requests (and their assignees) and every interaction."""
    interactions = Interaction.objects.select_related("staff").order_by("occurred_at", "pk")
    requests = Request.objects.select_related("assigned_to").order_by("received_at", "pk")
    return (
        Conversation.objects.prefetch_related(
            Prefetch("requests", queryset=requests),
            Prefetch("requests__interactions", queryset=interactions),
        )
        .filter(pk=conversation_id)
        .first()
    )


def list_thread_interactions(conversation: Conversation) -> list[Interaction]:
    """The interactions of all requests in a prefetched thread, oldest first."""
    rows = [i for r in conversation.requests.all() for i in r.interactions.all()]
    return sorted(rows, key=lambda i: (i.occurred_at, i.pk))


def list_requests_due(assignee_id: int, before: datetime) -> QuerySet[Request]:
    """Open requests assigned to someone and due before `before`, soonest first."""
    return (
        Request.objects.filter(
            assigned_to_id=assignee_id, status=RequestStatus.OPEN, due_at__lte=before
        )
        .select_related("customer")
        .order_by("due_at", "pk")
    )


def list_requests_for_customer(customer_id: int) -> QuerySet[Request]:
    return (
        Request.objects.filter(customer_id=customer_id)
        .select_related("assigned_to", "conversation")
        .order_by("-received_at", "-pk")
    )
