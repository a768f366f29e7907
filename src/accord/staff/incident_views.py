"""Shared incidents in the staff UI: the list, one incident with its history and the
forms to attribute (a change needs a reason), acknowledge, comment, resolve and reopen,
and opening one from the customer 360, a conversation or a mention. Every working staff
member may (incidents are the book's, like interactions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.validation import ValidationProblem
from accord.customers.access import access_customer_for_staff
from accord.incidents.access import access_incident_for_staff
from accord.incidents.models import (
    IncidentSource,
    IncidentStatus,
    PartnerDelivery,
    Vendor,
)
from accord.incidents.queries import list_events, list_incidents
from accord.incidents.services import (
    Actor,
    acknowledge_incident,
    attribute_incident,
    comment_incident,
    open_incident,
    reopen_incident,
    resolve_incident,
)
from accord.partners.queries import list_partners
from accord.staff.form_support import DeskForm, form_page, posted, user_of

LIST_LIMIT = 200
OPENABLE_SOURCES = [
    (value, label)
    for value, label in IncidentSource.choices
    if value not in (IncidentSource.PORTAL, IncidentSource.PARTNER)
]


class OpenIncidentForm(DeskForm):
    title = forms.CharField(max_length=200, label="What failed")
    description = forms.CharField(widget=forms.Textarea, max_length=5000, required=False)
    journey_steps = forms.CharField(
        max_length=800,
        required=False,
        label="Journey steps involved",
        help_text="Comma-separated, e.g. network, checkout",
    )
    source = forms.ChoiceField(choices=OPENABLE_SOURCES, initial=IncidentSource.STAFF)
    source_id = forms.IntegerField(
        required=False, min_value=1, label="Its id (request, conversation or mention)"
    )
    other_customers = forms.CharField(
        max_length=2000,
        required=False,
        label="Other customers affected (ids)",
        help_text="Comma-separated customer ids",
    )


class AttributionForm(DeskForm):
    vendor = forms.ChoiceField(label="Caused by")
    confidence = forms.IntegerField(min_value=0, max_value=100, initial=50, label="Confidence (%)")
    evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    reason = forms.CharField(
        max_length=1000,
        required=False,
        label="Why it changes",
        help_text="Needed when it was attributed before.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("us", "Us"), *((f"p{p.pk}", p.name) for p in list_partners(active_only=True))]
        field = self.fields["vendor"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Not known yet"), *choices]


class NoteForm(DeskForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )


def incident_list(request: HttpRequest) -> HttpResponse:
    user_of(request)
    status = request.GET.get("status", "")
    if status not in IncidentStatus.values:
        status = ""
    partner = request.GET.get("partner", "")
    partner_id = int(partner) if partner.isdigit() else None
    rows = list_incidents(status=status, partner_id=partner_id)[:LIST_LIMIT]
    context = {
        "incidents": rows,
        "status": status,
        "statuses": IncidentStatus.choices,
    }
    return render(request, "staff/incident_list.html", context)


def _detail(
    request: HttpRequest,
    incident: Any,
    *,
    attribution: AttributionForm | None = None,
    note_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    vendor = (
        f"p{incident.attributed_partner_id}"
        if incident.vendor == Vendor.PARTNER
        else "us"
        if incident.vendor == Vendor.US
        else ""
    )
    context = {
        "incident": incident,
        "customers": [row.customer for row in incident.affected.select_related("customer")],
        "shares": incident.shares.select_related("partner").order_by("pk"),
        "events": list_events(incident),
        "deliveries": PartnerDelivery.objects.filter(incident=incident)
        .select_related("partner")
        .order_by("-pk")[:20],
        "attribution_form": attribution
        or AttributionForm(
            prefix="attr",
            initial={
                "vendor": vendor,
                "confidence": incident.confidence,
                "evidence": incident.evidence,
            },
        ),
        "note_form": note_form or NoteForm(prefix="note"),
    }
    return render(request, "staff/incident_detail.html", context, status=status)


def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _detail(request, access_incident_for_staff(user_of(request), incident_id))


@require_POST
def incident_attribute(request: HttpRequest, incident_id: int) -> HttpResponse:
    me = user_of(request)
    incident = access_incident_for_staff(me, incident_id)
    form = AttributionForm(request.POST, prefix="attr")
    if form.is_valid():
        data = form.cleaned_data
        choice = data["vendor"]
        values = {
            "vendor": "partner" if choice.startswith("p") else choice or "unknown",
            "partner_id": choice[1:] if choice.startswith("p") else None,
            "confidence": data["confidence"],
            "evidence": data["evidence"],
            "reason": data["reason"],
        }
        try:
            attribute_incident(incident, values, actor=Actor(staff=me))
        except ValidationProblem as problem:
            form.add_problem(problem, {"partner_id": "vendor"})
        else:
            messages.success(request, "Attribution recorded.")
            return redirect(f"/incidents/{incident.pk}/")
    return _detail(request, incident, attribution=form, status=400)


_ACTIONS: dict[str, tuple[Any, str]] = {
    "acknowledge": (acknowledge_incident, "Acknowledged."),
    "comment": (comment_incident, "Comment added."),
    "resolve": (resolve_incident, "Resolved."),
    "reopen": (reopen_incident, "Reopened."),
}


@require_POST
def incident_action(request: HttpRequest, incident_id: int, action: str) -> HttpResponse:
    me = user_of(request)
    incident = access_incident_for_staff(me, incident_id)
    if action not in _ACTIONS:
        raise Http404("No such action")
    service, done = _ACTIONS[action]
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            service(incident, actor=Actor(staff=me), note=form.cleaned_data["note"])
        except ValidationProblem as problem:
            form.add_problem(problem)
        else:
            messages.success(request, done)
            return redirect(f"/incidents/{incident.pk}/")
    incident.refresh_from_db()
    return _detail(request, incident, note_form=form, status=400)


def incident_open(request: HttpRequest, customer_id: int) -> HttpResponse:
    me = user_of(request)
    customer = access_customer_for_staff(me, customer_id)
    initial = {
        "source": request.GET.get("source", IncidentSource.STAFF),
        "source_id": request.GET.get("source_id", ""),
        "title": request.GET.get("title", ""),
    }
    form = OpenIncidentForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        others = [part for part in data["other_customers"].replace(",", " ").split() if part]
        try:
            incident = open_incident(
                {
                    "title": data["title"],
                    "description": data["description"],
                    "journey_steps": data["journey_steps"],
                    "source": data["source"],
                    "source_id": data["source_id"],
                    "customer_ids": [customer.pk, *others],
                },
                actor=Actor(staff=me),
            )
        except ValidationProblem as problem:
            form.add_problem(problem, {"customer_ids": "other_customers"})
        else:
            messages.success(request, "Incident opened: now say whose failure it was.")
            return redirect(f"/incidents/{incident.pk}/")
    return form_page(
        request,
        title=f"Open an incident for {customer.name}",
        form=form,
        action=f"/customers/{customer.pk}/incidents/new/",
        back=f"/customers/{customer.pk}/",
        submit="Open incident",
        intro="A failure in the customer's journey, whoever caused it; attribute it next.",
        status=400 if request.method == "POST" else 200,
    )
