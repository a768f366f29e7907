"""The second factor in the staff UI: the code asked after the password (/login/verify/)
and enrolment with recovery codes (/account/second-factor/).

accord.staff.middleware sends a signed-in person here until the session has passed:
admins and managers who have no authenticator yet to enrolment, everyone enrolled to
the code page. The rules live in accord.members.second_factor.
"""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from accord.members.models import StaffMember
from accord.members.second_factor import (
    NOT_NEEDED_SESSION_KEY,
    confirm_enrolment,
    is_enrolled,
    new_recovery_codes,
    pending_device,
    recovery_codes_left,
    secret_of,
    verify,
)
from accord.staff.form_support import user_of


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6 digits your authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if allowed and target.startswith("/") else "/"


@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    me = user_of(request)
    if request.user.is_verified():  # type: ignore[union-attr]
        return HttpResponseRedirect(_next(request))
    if not is_enrolled(me) and recovery_codes_left(me) == 0:
        return HttpResponseRedirect(f"/account/second-factor/?next={_next(request)}")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device = verify(me, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if device.name == "recovery codes":
                left = recovery_codes_left(me)
                messages.warning(request, f"Recovery code used: {left} left.")
            return HttpResponseRedirect(_next(request))
        form.add_error(
            "code",
            "That code is not right (or came too soon after a wrong one: wait a few "
            "seconds). Check the clock of your phone, or use a recovery code.",
        )
    if request.method == "POST":
        status = 400
    context = {"form": form, "next": _next(request)}
    return render(request, "staff/second_factor_verify.html", context, status=status)


def _qr_svg(device_url: str) -> str:
    # Drawn on the server as inline SVG: no network, no script, no image file.
    return mark_safe(segno.make(device_url, error="m").svg_inline(scale=4, border=2))


@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    me = user_of(request)
    if is_enrolled(me):
        return _manage(request, me)
    device = pending_device(me)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = confirm_enrolment(me, form.cleaned_data["code"])
        if confirmed is not None:
            device, codes = confirmed
            otp_login(request, device)
            request.session.pop(NOT_NEEDED_SESSION_KEY, None)
            return _show_codes(request, codes, _next(request))
        form.add_error("code", "That code is not right: type the 6 digits the app shows now.")
    context = {
        "form": form,
        "secret": secret_of(device),
        "qr": _qr_svg(device.config_url),
        "next": _next(request),
        "required": me.is_manager,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "staff/second_factor_enrol.html", context, status=status)


def _manage(request: HttpRequest, me: StaffMember) -> HttpResponse:
    if request.method == "POST" and request.POST.get("action") == "recovery-codes":
        return _show_codes(request, new_recovery_codes(me), "/account/second-factor/")
    context = {"left": recovery_codes_left(me)}
    return render(request, "staff/second_factor_manage.html", context)


def _show_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    context = {"codes": codes, "next": next_url}
    return render(request, "staff/second_factor_codes.html", context)
