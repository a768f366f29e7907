"""Logging a call, meeting, note, email or letter against a customer from the 360.

Owner, team and managers only (404 otherwise); an invalid log comes back with what was
typed (400)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accord.interactions.services import RequestError, log_interaction
from accord.relationships.access import access_relationship_for_team_work
from accord.staff.form_support import form_page, posted, user_of
from accord.staff.work_forms import LogInteractionForm


def log_form_for(staff_function: str, data: Any = None) -> LogInteractionForm:
    now = timezone.localtime().replace(second=0, microsecond=0)
    return LogInteractionForm(
        data, prefix="log", initial={"function": staff_function, "occurred_at": now}
    )


@require_http_methods(["GET", "POST"])
def log_interaction_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    me = user_of(request)
    relationship = access_relationship_for_team_work(me, customer_id)
    form = log_form_for(me.function, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            log_interaction(customer_id=customer_id, by=me, **form.cleaned_data)
        except RequestError as error:
            form.add_problem(error)
        else:
            label = dict(form.fields["channel"].choices)[form.cleaned_data["channel"]]  # type: ignore[attr-defined]
            messages.success(request, f"{label} logged.")
            return HttpResponseRedirect(f"/customers/{customer_id}/")
    return form_page(
        request,
        title=f"Log a touch with {relationship.customer.name}",
        form=form,
        action=f"/customers/{customer_id}/log/",
        back=f"/customers/{customer_id}/",
        submit="Log it",
        status=400 if request.method == "POST" else 200,
    )
