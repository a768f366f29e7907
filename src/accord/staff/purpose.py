"""Purpose of access: someone who is not on a customer's team (not the owner, not a
teammate; managers included, since they are not on the team either) says why they open
the record before they see it. The reason goes on the audited view, which the customer
reads in the portal's "who looked".

The reason is remembered in the session for that customer, so following links inside
the record (its conversations, page two of the timeline) does not ask again; every view
is still audited, each with the reason given.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_http_methods

from accord.audit.services import record_event
from accord.customers.access import access_customer_for_staff
from accord.members.models import StaffMember
from accord.relationships.access import is_on_team
from accord.relationships.models import Relationship
from accord.staff.customer_forms import PurposeForm
from accord.staff.form_support import form_page, user_of

SESSION_KEY = "accord_access_purposes"


def given_purpose(request: HttpRequest, customer_id: int) -> str | None:
    purposes = request.session.get(SESSION_KEY, {})
    return purposes.get(str(customer_id))


def remember_purpose(request: HttpRequest, customer_id: int, reason: str) -> None:
    purposes = dict(request.session.get(SESSION_KEY, {}))
    purposes[str(customer_id)] = reason
    request.session[SESSION_KEY] = purposes


def access_reason(request: HttpRequest, relationship: Relationship) -> str | None:
    """ "" for the team (no reason needed), the reason given, or None: ask first."""
    me = user_of(request)
    if is_on_team(me, relationship):
        return ""
    return given_purpose(request, relationship.customer_id)


def record_view(me: StaffMember, customer_id: int, reason: str, via: str) -> None:
    record_event(
        action="customer.view",
        actor=me,
        customer_id=customer_id,
        object_type="customer",
        object_id=customer_id,
        reason=reason,
        details={"via": via},
    )


def ask_purpose(request: HttpRequest, customer_id: int, name: str, next_url: str) -> HttpResponse:
    form = PurposeForm(prefix="purpose", initial={})
    return _purpose_page(request, form, customer_id, name, next_url, status=200)


def _purpose_page(
    request: HttpRequest,
    form: PurposeForm,
    customer_id: int,
    name: str,
    next_url: str,
    status: int,
) -> HttpResponse:
    action = f"/customers/{customer_id}/purpose/?next={quote(next_url)}"
    return form_page(
        request,
        title=f"Why open {name}'s record?",
        form=form,
        action=action,
        back="/",
        submit="Open the record",
        intro="You are not on this customer's team. Say why you need the record; "
        "the customer sees your name and reason in their portal.",
        status=status,
    )


@require_http_methods(["GET", "POST"])
def purpose_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    me = user_of(request)
    customer = access_customer_for_staff(me, customer_id)
    next_url = request.GET.get("next", "")
    if not next_url.startswith(f"/customers/{customer_id}/") and not next_url.startswith(
        "/conversations/"
    ):
        next_url = f"/customers/{customer_id}/"
    if request.method == "GET":
        return ask_purpose(request, customer_id, customer.name, next_url)
    form = PurposeForm(request.POST, prefix="purpose")
    if not form.is_valid():
        return _purpose_page(request, form, customer_id, customer.name, next_url, status=400)
    remember_purpose(request, customer_id, form.cleaned_data["reason"])
    messages.info(request, "Your reason is recorded; the customer can see it.")
    return HttpResponseRedirect(next_url)
