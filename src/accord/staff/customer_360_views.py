"""The customer 360, the owner's desk: relationship, facts the customer sees in the
portal, promises, conversations, timeline, health history; and the transfer form.

Every view is audited (the customer reads it in "who looked"); someone not on the team
gives a purpose first (accord.staff.purpose).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.customers.access import access_customer_for_staff
from accord.incidents.queries import describe_for_customer, list_customer_incidents
from accord.interactions.queries import list_conversations, list_timeline
from accord.portal.queries import get_held_records, list_consent_choices
from accord.promises.models import Promise, PromiseStatus, Side
from accord.promises.queries import list_promises_for_customer
from accord.relationships.access import (
    access_relationship_for_transfer,
    can_transfer_relationship,
)
from accord.relationships.queries import (
    list_handoffs,
    list_owner_history,
    list_stage_changes,
    list_team,
)
from accord.relationships.services import OwnershipError, transfer_owner
from accord.scoring.queries import get_customer_insight
from accord.staff.accountability_views import LogRequestForm, TransferForm, owner_options
from accord.staff.customer_forms import (
    IdentityForm,
    StageForm,
    TeamMemberForm,
    list_open_company_promises,
)
from accord.staff.form_support import redirect_back, staff_choices, user_of
from accord.staff.interaction_views import log_form_for
from accord.staff.purpose import access_reason, ask_purpose, record_view
from accord.staff.timeline_rows import render_timeline_rows
from accord.staff.work_forms import PromiseForm
from accord.voice.queries import get_customer_voice

TIMELINE_PAGE = 25
PROMISES_SHOWN = 50


def customer_360(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Everything about one relationship; every view is audited (the customer can see it)."""
    me = user_of(request)
    customer = access_customer_for_staff(me, customer_id)
    reason = access_reason(request, customer.relationship)
    if reason is None:
        return ask_purpose(request, customer.pk, customer.name, f"/customers/{customer.pk}/")
    record_view(me, customer.pk, reason, "staff 360")
    return _render_360(request, customer, TransferForm(), status=200, reason=reason)


def _open_company_promises(customer_id: int, promises: list[Promise]) -> list[tuple[int, str]]:
    """The stage form's open promises of ours: taken from the page's promise list when
    that list is complete (shorter than its limit), else read (list_open_company_promises)."""
    if len(promises) >= PROMISES_SHOWN:
        return list_open_company_promises(customer_id)
    ours = [
        p for p in promises if p.made_by_side == Side.COMPANY and p.status == PromiseStatus.OPEN
    ]
    return [(p.pk, p.description) for p in sorted(ours, key=lambda p: (p.due_at, p.pk))]


def _work_forms(
    me: Any, customer_id: int, promises: list[Promise], staff: list[tuple[str, str]]
) -> dict[str, Any]:
    return {
        "log_form": log_form_for(me.function),
        "promise_form": PromiseForm(prefix="promise"),
        "stage_form": StageForm(
            prefix="stage", promises=_open_company_promises(customer_id, promises)
        ),
        "team_form": TeamMemberForm(prefix="team", staff=staff),
        "identity_form": IdentityForm(prefix="identity"),
        "request_form": LogRequestForm(),
    }


def _render_360(
    request: HttpRequest, customer: Any, form: TransferForm, status: int, reason: str = ""
) -> HttpResponse:
    me = user_of(request)
    relationship = customer.relationship
    can_transfer = can_transfer_relationship(me, relationship)
    on_team = reason == "" and access_reason(request, relationship) == ""
    timeline = Paginator(list_timeline(customer.pk), TIMELINE_PAGE).get_page(
        request.GET.get("page")
    )
    voice = get_customer_voice(customer.pk)
    promises = list(list_promises_for_customer(customer.pk)[:PROMISES_SHOWN])
    staff = staff_choices()  # the team form's choices and the new-owner options
    context = {
        "customer": customer,
        "relationship": relationship,
        # access_customer_for_staff already fetched the active team.
        "team": (
            customer.active_team
            if hasattr(customer, "active_team")
            else list(list_team(customer.pk))
        ),
        "owners": list(list_owner_history(customer.pk)[:20]),
        "handoffs": list(list_handoffs(customer.pk)[:20]),
        "stages": list(list_stage_changes(customer.pk)[:10]),
        "timeline": timeline,
        "timeline_rows": render_timeline_rows(timeline),
        "conversations": list(list_conversations(customer.pk)[:20]),
        "promises": promises,
        # What the portal's "what we hold" shows; the customer, its identities and its
        # latest mentions were already read above (a query each saved).
        "held": {
            **get_held_records(customer.pk),
            "identities": sorted(customer.identities.all(), key=lambda row: (row.kind, row.pk)),
            "mentions": voice["mentions"],
        },
        "consents": list_consent_choices(customer.pk),
        "can_work": on_team or me.is_manager,
        "access_reason": reason,
        "can_transfer": can_transfer,
        "transfer_form": form,
        "transfer_open": status != 200,
        "owner_options": owner_options(relationship.owner_id, staff) if can_transfer else "",
        "insight": get_customer_insight(customer.pk),
        "voice": voice,
        "incidents": [
            describe_for_customer(incident, "Us")
            for incident in list_customer_incidents(customer.pk)[:20]
        ],
        "now": timezone.now(),
        **_work_forms(me, customer.pk, promises, staff),
    }
    return render(request, "staff/customer_360.html", context, status=status)


@require_POST
def transfer(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Transfer from the 360 or the board; refusals come back as form errors (400)."""
    me = user_of(request)
    relationship = access_relationship_for_transfer(me, customer_id)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            handoff = transfer_owner(
                customer_id=customer_id,
                to_owner=form.cleaned_data["to_owner"],
                by=me,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except OwnershipError as error:
            form.add_error("to_owner", str(error))
        else:
            messages.success(
                request, f"{relationship.customer.name} now belongs to {handoff.to_owner}."
            )
            return redirect_back(request, f"/customers/{customer_id}/")
    customer = access_customer_for_staff(me, customer_id)
    return _render_360(request, customer, form, status=400)
