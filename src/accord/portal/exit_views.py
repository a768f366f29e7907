"""Leave in one step: the terms on one page, one POST, done; friction is recorded.
A customer who left can rejoin from here too."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accord.commerce.models import Subscription
from accord.consents.models import Purpose
from accord.consents.queries import has_consent
from accord.portal.leaving import LeaveError, leave, list_exit_terms, start_exit
from accord.portal.session import (
    VISIT_KEYS,
    actor_label,
    current_viewer,
    sign_out,
    viewer_required,
)
from accord.relationships.services import OwnershipError, rejoin_relationship

# The exit record this visit started: opening "Leave" again in the same visit keeps the
# clock; a later visit (a new sign-in clears it, see session.VISIT_KEYS) starts afresh.
EXIT_SESSION_KEY = VISIT_KEYS[0]


@require_http_methods(["GET", "POST"])
@viewer_required
def leave_page(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    cid = viewer.customer_id
    if request.method == "GET":
        if viewer.is_departed:
            error = "You have already left. Your export stays available on your home page."
            return render(
                request, "portal/leave.html", {"viewer": viewer, "error": error}, status=409
            )
        started = request.session.get(EXIT_SESSION_KEY)
        record = start_exit(cid, visit_record_id=started)
        request.session[EXIT_SESSION_KEY] = record.pk
        context = {
            "viewer": viewer,
            "terms": list_exit_terms(cid),
            "retention_contact": has_consent(cid, Purpose.RETENTION_CONTACT),
            "retention_days": settings.ACCORD_PORTAL_RETENTION_DAYS,
        }
        return render(request, "portal/leave.html", context)
    try:
        record = leave(
            customer_id=cid,
            actor_label=actor_label(viewer),
            visit_record_id=request.session.get(EXIT_SESSION_KEY),
        )
    except LeaveError as error:
        return render(
            request, "portal/leave.html", {"viewer": viewer, "error": str(error)}, status=409
        )
    released = Subscription.objects.filter(
        customer_id=cid, transfer_code_released_at__isnull=False
    ).exclude(transfer_code="")
    sign_out(request)
    context = {"record": record, "subscriptions": released.order_by("pk")}
    return render(request, "portal/left.html", context)


@require_POST
@viewer_required
def rejoin(request: HttpRequest) -> HttpResponse:
    """A customer who left comes back: the relationship is won back, with its old owner."""
    viewer = current_viewer(request)
    try:
        rejoin_relationship(customer_id=viewer.customer_id, actor_label=actor_label(viewer))
    except OwnershipError as error:
        messages.error(request, str(error))
        return redirect("portal:home")
    request.session.pop(EXIT_SESSION_KEY, None)
    messages.success(request, "Welcome back: your relationship with us is open again.")
    return redirect("portal:home")
