"""Staff pages for the voice of the customer: the mentions inbox (link a post to its
customer: the handle becomes an identity) and the escalations list (resolve)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core.validation import ValidationProblem, parse_id
from accord.customers.access import check_customer_for_staff
from accord.customers.models import Customer
from accord.scoring.escalations import resolve_escalation
from accord.staff.form_support import DeskForm, form_page, user_of
from accord.voice.access import (
    access_escalation_for_staff,
    access_unmatched_mention,
    list_escalations_for_staff,
)
from accord.voice.mentions import link_mention
from accord.voice.queries import list_unmatched_mentions

PAGE = 50


def mentions_inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(list_unmatched_mentions(), PAGE).get_page(request.GET.get("page"))
    return render(request, "staff/voice/mentions.html", {"page": page})


class MentionLinkForm(DeskForm):
    customer = forms.CharField(label="Customer id, email or name", max_length=254)

    def clean_customer(self) -> int:
        customer_id = _find_customer(self.cleaned_data["customer"])
        if customer_id is None:
            raise forms.ValidationError("No single customer has that id, email or name.")
        return customer_id


def _find_customer(said: str) -> int | None:
    """A customer named by id, email or exact name (one match only, not erased)."""
    said = said.strip()
    if said.isascii() and said.isdigit():
        named = Q(pk=parse_id(said) or 0)
    else:
        named = Q(email__iexact=said) | Q(name__iexact=said)
    found = list(
        Customer.objects.filter(named, erased_at__isnull=True).values_list("pk", flat=True)[:2]
    )
    return found[0] if len(found) == 1 else None


@require_POST
def link_mention_view(request: HttpRequest, mention_id: int) -> HttpResponse:
    """Link from the inbox's row; a refused link comes back on a page of its own with
    what was typed and the message beside the field (the inbox is a table of forms)."""
    me = user_of(request)
    mention = access_unmatched_mention(me, mention_id)
    form = MentionLinkForm(request.POST)
    if form.is_valid():
        customer_id = form.cleaned_data["customer"]
        check_customer_for_staff(me, customer_id, change=True)
        try:
            link_mention(mention=mention, customer_id=customer_id, by=me)
        except ValidationProblem as problem:
            form.add_problem(problem, {"customer_id": "customer"})
        else:
            messages.success(request, f"Linked @{mention.author_handle or mention.author_name}.")
            return redirect("/voice/mentions/")
    author = f"@{mention.author_handle}" if mention.author_handle else mention.author_name
    return form_page(
        request,
        title=f"Link {author}'s post to a customer",
        form=form,
        action=f"/voice/mentions/{mention.pk}/link/",
        back="/voice/mentions/",
        submit="Link",
        intro=mention.text[:300],
    )


def escalations_list(request: HttpRequest) -> HttpResponse:
    me = user_of(request)
    escalations = list(list_escalations_for_staff(me)[:200])
    return render(
        request,
        "staff/voice/escalations.html",
        {"escalations": escalations, "now": timezone.now(), "is_manager": me.is_manager},
    )


@require_POST
def resolve_escalation_view(request: HttpRequest, escalation_id: int) -> HttpResponse:
    me = user_of(request)
    resolve_escalation(access_escalation_for_staff(me, escalation_id), by=me)
    messages.success(request, "Escalation resolved.")
    return redirect("/voice/escalations/")
