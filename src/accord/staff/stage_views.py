"""Changing a relationship's lifecycle stage from the customer 360. Departed is an
ending and goes through end_relationship (change_stage sees to that)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_POST

from accord.members.models import StaffMember
from accord.relationships.access import access_relationship_for_update
from accord.relationships.models import Stage
from accord.relationships.services import OwnershipError, change_stage


class StageForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices, label="New stage")
    reason = forms.CharField(max_length=200, label="Why")


@require_POST
def change_stage_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The owner or a manager moves the stage; everyone else gets 404, nothing changes."""
    me = request.user
    assert isinstance(me, StaffMember)
    relationship = access_relationship_for_update(me, customer_id)
    back = HttpResponseRedirect(f"/customers/{customer_id}/")
    form = StageForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items())
        messages.error(request, f"The stage did not change ({problems}).")
        return back
    try:
        change = change_stage(
            customer_id=customer_id,
            to_stage=form.cleaned_data["stage"],
            reason=form.cleaned_data["reason"],
            by=me,
            delivered_promise_ids=[
                int(raw) for raw in request.POST.getlist("delivered") if raw.isdigit()
            ],
        )
    except OwnershipError as error:
        messages.error(request, f"The stage did not change ({error}).")
        return back
    label = Stage(change.to_stage).label
    if change.to_stage == Stage.DEPARTED:
        messages.success(
            request,
            f"The relationship with {relationship.customer.name} has ended: its requests are "
            "closed, promises settled, subscriptions ended as the contract allows, and the "
            "customer told.",
        )
    else:
        messages.success(request, f"{relationship.customer.name} is now {label}.")
    return back
