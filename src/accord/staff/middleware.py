"""Login is required for every page of the staff UI, including ones added later.

Applies only to views in the `staff` URL namespace, so the API (401), the portal (its
own sign-in) and the admin (its own login) keep their behaviour. Public staff views
(login, health check) opt out with django.contrib.auth.decorators.login_not_required.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseBase


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
