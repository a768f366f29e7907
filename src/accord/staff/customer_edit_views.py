"""Creating and editing a customer: the new-customer form (details, contacts, owner),
details and identities, stage with a reason, team members.

Every write goes through a domain service; an invalid or refused submission comes back
on the form's own page with what was typed (400). Only the customer's owner, team and
managers may change it (access_relationship_for_team_work: 404 for everyone else).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_http_methods, require_POST

from accord.core.validation import ValidationProblem
from accord.customers.models import CustomerKind, Identity
from accord.customers.services import (
    add_contact,
    add_identity,
    create_customer,
    remove_identity,
    update_customer,
)
from accord.handovers.endings import change_stage
from accord.members.models import StaffMember
from accord.relationships.access import access_relationship_for_team_work
from accord.relationships.services import (
    OwnershipError,
    add_team_member,
    remove_team_member,
)
from accord.staff.customer_forms import (
    ContactFormSet,
    CustomerDetailsForm,
    IdentityForm,
    NewCustomerForm,
    StageForm,
    TeamMemberForm,
    list_open_company_promises,
)
from accord.staff.form_support import form_page, posted, redirect_back, user_of

DETAIL_FIELDS = ("kind", "name", "email", "phone", "city", "country")


def _create(form: NewCustomerForm, contacts: BaseFormSet, me: StaffMember) -> int:
    """The customer, its owner and its contacts in one transaction (all or nothing)."""
    data = form.cleaned_data
    owner = StaffMember.objects.get(pk=data["owner"])
    with transaction.atomic():
        customer = create_customer(
            **{name: data[name] for name in DETAIL_FIELDS},
            owner=owner,
            stage=data["stage"],
            by=me,
        )
        for index, contact in enumerate(c.cleaned_data for c in contacts if c.cleaned_data):
            add_contact(customer_id=customer.pk, **contact, is_primary=index == 0, by=me)
    return customer.pk


@require_http_methods(["GET", "POST"])
def new_customer(request: HttpRequest) -> HttpResponse:
    me = user_of(request)
    form = NewCustomerForm(posted(request), prefix="customer", initial={"owner": me.pk})
    contacts = ContactFormSet(posted(request), prefix="contacts")
    status = 200
    if request.method == "POST":
        status = 400
        has_contacts = contacts.is_valid() and any(c.cleaned_data for c in contacts)
        if form.is_valid() and contacts.is_valid():
            if has_contacts and form.cleaned_data["kind"] != CustomerKind.ORGANIZATION:
                form.add_error("kind", "Contacts speak for organizations: choose Organization.")
            else:
                try:
                    customer_id = _create(form, contacts, me)
                except ValidationProblem as problem:
                    form.add_problem(problem)
                else:
                    messages.success(request, f"{form.cleaned_data['name']} was created.")
                    return HttpResponseRedirect(f"/customers/{customer_id}/")
    return form_page(
        request,
        title="New customer",
        form=form,
        extra_forms=[contacts],
        action="/customers/new/",
        back="/",
        submit="Create customer",
        intro="Contacts are for organizations: the people who speak for it.",
        status=status,
    )


@require_http_methods(["GET", "POST"])
def edit_customer(request: HttpRequest, customer_id: int) -> HttpResponse:
    me = user_of(request)
    customer = access_relationship_for_team_work(me, customer_id).customer
    initial = {name: getattr(customer, name) for name in DETAIL_FIELDS}
    form = CustomerDetailsForm(posted(request), prefix="details", initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                update_customer(customer_id=customer_id, by=me, **form.cleaned_data)
            except ValidationProblem as problem:
                form.add_problem(problem)
            else:
                messages.success(request, "Details saved.")
                return HttpResponseRedirect(f"/customers/{customer_id}/")
    return form_page(
        request,
        title=f"Edit {customer.name}",
        form=form,
        action=f"/customers/{customer_id}/edit/",
        back=f"/customers/{customer_id}/",
        submit="Save details",
        status=status,
    )


@require_http_methods(["GET", "POST"])
def add_identity_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    me = user_of(request)
    customer = access_relationship_for_team_work(me, customer_id).customer
    form = IdentityForm(posted(request), prefix="identity")
    if request.method == "POST" and form.is_valid():
        try:
            add_identity(customer_id=customer_id, by=me, **form.cleaned_data)
        except ValidationProblem as problem:
            form.add_problem(problem)
        else:
            messages.success(request, "Identity added.")
            return HttpResponseRedirect(f"/customers/{customer_id}/")
    return form_page(
        request,
        title=f"Add an identity to {customer.name}",
        form=form,
        action=f"/customers/{customer_id}/identities/",
        back=f"/customers/{customer_id}/",
        submit="Add identity",
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def remove_identity_view(request: HttpRequest, customer_id: int, identity_id: int) -> HttpResponse:
    me = user_of(request)
    access_relationship_for_team_work(me, customer_id)
    if not Identity.objects.filter(pk=identity_id, customer_id=customer_id).exists():
        return HttpResponseRedirect(f"/customers/{customer_id}/")
    remove_identity(identity_id=identity_id, by=me)
    messages.success(request, "Identity removed.")
    return HttpResponseRedirect(f"/customers/{customer_id}/")


@require_http_methods(["GET", "POST"])
def stage_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    me = user_of(request)
    relationship = access_relationship_for_team_work(me, customer_id)
    promises = list_open_company_promises(customer_id)
    form = StageForm(posted(request), prefix="stage", promises=promises)
    if request.method == "POST" and form.is_valid():
        try:
            change_stage(customer_id=customer_id, by=me, **form.cleaned_data)
        except OwnershipError as error:
            form.add_error("to_stage", str(error))
        else:
            messages.success(request, "Stage changed.")
            return HttpResponseRedirect(f"/customers/{customer_id}/")
    return form_page(
        request,
        title=f"Change the stage of {relationship.customer.name}",
        form=form,
        action=f"/customers/{customer_id}/stage/",
        back=f"/customers/{customer_id}/",
        submit="Change stage",
        intro=f"Now: {relationship.get_stage_display()}.",
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def team_add_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    me = user_of(request)
    relationship = access_relationship_for_team_work(me, customer_id)
    form = TeamMemberForm(posted(request), prefix="team")
    if request.method == "POST" and form.is_valid():
        member = StaffMember.objects.get(pk=form.cleaned_data["member"])
        try:
            add_team_member(
                customer_id=customer_id,
                member=member,
                function=form.cleaned_data["function"],
                by=me,
            )
        except OwnershipError as error:
            form.add_error("member", str(error))
        else:
            messages.success(request, f"{member} joined the team.")
            return redirect_back(request, f"/customers/{customer_id}/")
    return form_page(
        request,
        title=f"Add a teammate for {relationship.customer.name}",
        form=form,
        action=f"/customers/{customer_id}/team/",
        back=f"/customers/{customer_id}/",
        submit="Add to team",
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def team_remove_view(request: HttpRequest, customer_id: int, membership_id: int) -> HttpResponse:
    me = user_of(request)
    relationship = access_relationship_for_team_work(me, customer_id)
    membership = relationship.customer.team_memberships.filter(
        pk=membership_id, removed_at__isnull=True
    ).first()
    if membership is not None:
        remove_team_member(
            customer_id=customer_id,
            member_id=membership.staff_id,
            function=membership.function,
            by=me,
        )
        messages.success(request, "Removed from the team.")
    return HttpResponseRedirect(f"/customers/{customer_id}/")
