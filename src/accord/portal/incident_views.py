"""Portal: problems the customer reported or was hit by, which vendor is responsible,
what each vendor is doing and the status; and a form to report a new problem."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accord.core.validation import ValidationProblem
from accord.incidents.queries import describe_for_customer, list_customer_incidents
from accord.incidents.services import Actor, open_incident
from accord.portal.session import actor_label, current_viewer, viewer_required

STEPS = [
    ("", "I am not sure"),
    ("network", "Mobile or internet connection"),
    ("device", "My device"),
    ("platform", "An app or website"),
    ("logistics", "A delivery"),
    ("payment", "A payment"),
    ("service", "Your service itself"),
]


class ProblemForm(forms.Form):
    title = forms.CharField(max_length=200, label="What went wrong")
    description = forms.CharField(
        widget=forms.Textarea, max_length=5000, required=False, label="Details"
    )
    step = forms.ChoiceField(choices=STEPS, required=False, label="Where it happened")


@require_http_methods(["GET", "POST"])
@viewer_required
def incidents_page(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    form = ProblemForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                open_incident(
                    {
                        "title": data["title"],
                        "description": data["description"],
                        "journey_steps": [data["step"]] if data["step"] else [],
                        "source": "portal",
                        "customer_ids": [viewer.customer_id],
                    },
                    actor=Actor(label=actor_label(viewer)),
                )
            except ValidationProblem as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, "Thank you: we are finding out whose failure it was.")
                return redirect("portal:incidents")
        status = 400
    company = settings.ACCORD_COMPANY_NAME
    context = {
        "viewer": viewer,
        "form": form,
        "incidents": [
            describe_for_customer(incident, company)
            for incident in list_customer_incidents(viewer.customer_id)[:100]
        ],
    }
    return render(request, "portal/incidents.html", context, status=status)
