"""Login is required for every page of the staff UI, including ones added later.

Applies only to views in the `staff` URL namespace, so the API (401), the portal (its
own sign-in) and the admin (its own login) keep their behaviour. Public staff views
(login, health check) opt out with django.contrib.auth.decorators.login_not_required.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django_otp import user_has_device

from accord.members.second_factor import second_factor_satisfied


class StaffLoginRequiredMiddleware(LoginRequiredMiddleware):
    def process_view(
        self,
        request: HttpRequest,
        view_func: Any,
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if match is None or match.app_name != "staff":
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


# Reachable before the second factor is passed (the way in and out, and the health check).
_OPEN_BEFORE_SECOND_FACTOR = frozenset({"login", "logout", "healthz", "second-factor-verify"})


class SecondFactorRequiredMiddleware:
    """A signed-in person who must pass a second factor (accord.members.second_factor)
    reaches no staff or admin page before doing so: enrolled people are sent to the code
    page, admins and managers without an authenticator to enrolment. The API refuses
    such a session itself (accord.api.auth); the portal has its own sign-in."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = self.get_response(request)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if match is None or match.app_name not in ("staff", "admin"):
            return None
        user = request.user
        if not user.is_authenticated or second_factor_satisfied(user, request.session):
            return None
        if match.url_name in _OPEN_BEFORE_SECOND_FACTOR:
            return None
        next_part = urlencode({"next": request.get_full_path()})
        if user_has_device(user, confirmed=True):
            return HttpResponseRedirect(f"/login/verify/?{next_part}")
        if match.url_name == "second-factor":
            return None
        return HttpResponseRedirect(f"/account/second-factor/?{next_part}")
