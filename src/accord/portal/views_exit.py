"""Leave in one step: the terms on one page, one POST, done; friction is recorded."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from accord.commerce.models import Subscription
from accord.consents.models import Purpose
from accord.consents.queries import has_consent
from accord.portal.leaving import LeaveError, leave, list_exit_terms, start_exit
from accord.portal.session import actor_label, current_viewer, sign_out, viewer_required
from accord.relationships.models import Relationship, Stage


@require_http_methods(["GET", "POST"])
@viewer_required
def leave_page(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    cid = viewer.customer_id
    if request.method == "GET":
        if Relationship.objects.filter(customer_id=cid, stage=Stage.DEPARTED).exists():
            error = "You have already left. Your export stays available on your home page."
            return render(
                request, "portal/leave.html", {"viewer": viewer, "error": error}, status=409
            )
        start_exit(cid)
        context = {
            "viewer": viewer,
            "terms": list_exit_terms(cid),
            "retention_contact": has_consent(cid, Purpose.RETENTION_CONTACT),
            "retention_days": settings.ACCORD_PORTAL_RETENTION_DAYS,
        }
        return render(request, "portal/leave.html", context)
    try:
        record = leave(customer_id=cid, actor_label=actor_label(viewer))
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
