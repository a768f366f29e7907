"""Sign-in pages: ask for a link, confirm it (GET shows, POST consumes), sign out."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accord.core.clients import client_address
from accord.portal.forms import EmailForm
from accord.portal.session import get_viewer, sign_in, sign_out
from accord.portal.signin import (
    BROWSER_COOKIE,
    RateLimited,
    SignInRefused,
    consume_link,
    new_browser_nonce,
    request_link,
)


def _ip(request: HttpRequest) -> str:
    # Behind a trusted proxy, the client it forwards for (never X-Forwarded-For blindly).
    return client_address(request)


@require_http_methods(["GET", "POST"])
def sign_in_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        if get_viewer(request) is not None:
            return redirect("portal:home")
        return render(request, "portal/sign_in.html", {"form": EmailForm()})
    form = EmailForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/sign_in.html", {"form": form}, status=400)
    nonce = request.COOKIES.get(BROWSER_COOKIE) or new_browser_nonce()

    def build_url(token: str) -> str:
        return request.build_absolute_uri(reverse("portal:confirm", args=[token]))

    try:
        request_link(
            email=form.cleaned_data["email"], ip=_ip(request), browser_nonce=nonce,
            build_url=build_url,
        )  # fmt: skip
    except RateLimited as limited:
        context = {"form": form, "error": str(limited)}
        return render(request, "portal/sign_in.html", context, status=429)
    # Same page whether or not the address is known: the answer must not reveal customers.
    response = render(
        request, "portal/link_sent.html", {"minutes": settings.ACCORD_PORTAL_LINK_MINUTES}
    )
    response.set_cookie(
        BROWSER_COOKIE,
        nonce,
        max_age=24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button: mail scanners that follow links do not burn them."""
    if request.method == "GET":
        return render(request, "portal/confirm.html", {"token": token})
    try:
        principal = consume_link(
            token=token, browser_nonce=request.COOKIES.get(BROWSER_COOKIE, ""), ip=_ip(request)
        )
    except RateLimited as limited:
        context = {"form": EmailForm(), "error": str(limited)}
        return render(request, "portal/sign_in.html", context, status=429)
    except SignInRefused as refused:
        context = {"form": EmailForm(), "error": str(refused)}
        return render(request, "portal/sign_in.html", context, status=400)
    sign_in(request, principal)
    return redirect("portal:home")


@require_POST
def sign_out_view(request: HttpRequest) -> HttpResponse:
    sign_out(request)
    return redirect("portal:sign_in")
