"""Partners in the staff UI (managers; everyone else gets 404): the registry, each
partner's details and the partner API tokens (the plaintext shown once, on issue)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.validation import ValidationProblem
from accord.partners.access import (
    access_partner_for_staff,
    access_partners_for_staff,
    access_token_for_staff,
)
from accord.partners.models import Partner, PartnerRole, PartnerTokenScope, SharedField
from accord.partners.queries import list_partner_tokens, list_partners
from accord.partners.services import (
    MAX_TOKEN_DAYS,
    issue_partner_token,
    revoke_partner_token,
    save_partner,
)
from accord.staff.form_support import DeskForm, form_page, posted, user_of


class PartnerForm(DeskForm):
    name = forms.CharField(max_length=120)
    role = forms.ChoiceField(choices=PartnerRole.choices, label="Role in the journey")
    description = forms.CharField(max_length=300, required=False)
    contact_name = forms.CharField(max_length=120, required=False, label="Contact name")
    contact_email = forms.CharField(max_length=254, required=False, label="Contact email")
    shared_fields = forms.MultipleChoiceField(
        choices=SharedField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Customer fields shared (only while the customer consents)",
    )
    accord_url = forms.CharField(
        max_length=300,
        required=False,
        label="Their Accord's address",
        help_text="If they run Accord too, e.g. https://accord.partner.example",
    )
    accord_token = forms.CharField(
        max_length=200,
        required=False,
        label="Partner token their Accord gave us",
        # A secret: never sent back to the browser; blank keeps the stored one.
        widget=forms.PasswordInput(render_value=False),
        help_text="Leave blank to keep the stored token.",
    )


class TokenForm(DeskForm):
    name = forms.CharField(max_length=100, label="What it is for")
    scope = forms.ChoiceField(choices=PartnerTokenScope.choices, initial=PartnerTokenScope.WRITE)
    expires_in_days = forms.IntegerField(
        min_value=1, max_value=MAX_TOKEN_DAYS, initial=90, label="Expires after (days)"
    )


def partner_list(request: HttpRequest) -> HttpResponse:
    access_partners_for_staff(user_of(request))
    partners = list_partners().annotate(
        live_tokens=Count("tokens", filter=Q(tokens__revoked_at__isnull=True))
    )
    return render(request, "staff/partner_list.html", {"partners": partners})


def _save(request: HttpRequest, form: PartnerForm, partner: Partner | None) -> Partner | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save_partner(dict(form.cleaned_data), by=user_of(request), partner=partner)
    except ValidationProblem as problem:
        form.add_problem(problem, {"slug": "name"})
        return None


def partner_create(request: HttpRequest) -> HttpResponse:
    access_partners_for_staff(user_of(request))
    form = PartnerForm(posted(request))
    saved = _save(request, form, None)
    if saved is not None:
        messages.success(request, f"{saved.name} is registered.")
        return redirect(f"/partners/{saved.pk}/")
    return form_page(
        request,
        title="Add a partner",
        form=form,
        action="/partners/new/",
        back="/partners/",
        submit="Add partner",
        status=400 if request.method == "POST" else 200,
    )


def _initial(partner: Partner) -> dict[str, Any]:
    names = ("name", "role", "description", "contact_name", "contact_email", "accord_url")
    return {**{n: getattr(partner, n) for n in names}, "shared_fields": partner.shared_fields}


def partner_detail(request: HttpRequest, partner_id: int) -> HttpResponse:
    me = user_of(request)
    partner = access_partner_for_staff(me, partner_id)
    form = PartnerForm(posted(request), initial=_initial(partner))
    saved = _save(request, form, partner)
    if saved is not None:
        messages.success(request, "Saved.")
        return redirect(f"/partners/{partner.pk}/")
    status = 400 if request.method == "POST" else 200
    return _detail(request, partner, form, TokenForm(prefix="token"), status=status)


def _detail(
    request: HttpRequest,
    partner: Partner,
    form: PartnerForm,
    token_form: TokenForm,
    *,
    issued: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "partner": partner,
        "form": form,
        "token_form": token_form,
        "tokens": list_partner_tokens(partner.pk),
        "issued": issued,
        "has_token": bool(partner.accord_token),
    }
    return render(request, "staff/partner_detail.html", context, status=status)


@require_POST
def token_issue(request: HttpRequest, partner_id: int) -> HttpResponse:
    me = user_of(request)
    partner = access_partner_for_staff(me, partner_id)
    token_form = TokenForm(request.POST, prefix="token")
    form = PartnerForm(initial=_initial(partner))
    if token_form.is_valid():
        data = token_form.cleaned_data
        try:
            issued = issue_partner_token(
                partner=partner,
                name=data["name"],
                scope=data["scope"],
                expires_in_days=data["expires_in_days"],
                by=me,
            )
        except ValidationProblem as problem:
            token_form.add_problem(problem)
        else:
            # Shown in this answer only; the database keeps its hash.
            return _detail(
                request, partner, form, TokenForm(prefix="token"), issued=issued.plaintext
            )
    return _detail(request, partner, form, token_form, status=400)


@require_POST
def token_revoke(request: HttpRequest, partner_id: int, token_id: int) -> HttpResponse:
    me = user_of(request)
    partner = access_partner_for_staff(me, partner_id)
    token = access_token_for_staff(me, partner, token_id)
    revoke_partner_token(token, by=me)
    messages.success(request, f"Token {token.prefix} is revoked: it stops working at once.")
    return redirect(f"/partners/{partner.pk}/")
