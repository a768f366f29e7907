"""Portal controls: consent per purpose with receipts, export, erasure request."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accord.consents.services import ConsentError, record_consent
from accord.partners.models import Partner
from accord.portal import queries
from accord.portal.access import access_export_for_viewer, access_receipt_for_viewer
from accord.portal.erasure import request_erasure
from accord.portal.export import stream_export
from accord.portal.forms import ConsentForm
from accord.portal.services import mark_export_downloaded, start_export
from accord.portal.session import actor_label, current_viewer, viewer_required


@require_http_methods(["GET", "POST"])
@viewer_required
def consents_page(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    form = ConsentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            partner_id = form.cleaned_data.get("partner") or None
            if partner_id and not Partner.objects.filter(pk=partner_id, is_active=True).exists():
                form.add_error("partner", f"No active partner with id {partner_id}.")
            else:
                return _record(request, form, partner_id)
        status = 400
    context = {
        "viewer": viewer,
        "form": form,
        "choices": queries.list_consent_choices(viewer.customer_id),
        "receipts": queries.list_receipts(viewer.customer_id)[:50],
    }
    return render(request, "portal/consents.html", context, status=status)


def _record(request: HttpRequest, form: ConsentForm, partner_id: int | None) -> HttpResponse:
    viewer = current_viewer(request)
    try:
        receipt = record_consent(
            customer_id=viewer.customer_id,
            purpose=form.cleaned_data["purpose"],
            partner_id=partner_id,
            is_granted=form.cleaned_data["decision"] == "grant",
            method="portal",
            actor_label=actor_label(viewer),
        )
    except ConsentError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain")
    messages.success(request, f"Recorded. Your receipt is {receipt.receipt_id}.")
    return redirect("portal:consents")


@viewer_required
def receipt_download(request: HttpRequest, receipt_id: UUID) -> HttpResponse:
    receipt = access_receipt_for_viewer(receipt_id, current_viewer(request))
    response = HttpResponse(json.dumps(receipt.document, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="consent-receipt-{receipt_id}.json"'
    return response


@require_POST
@viewer_required
def export_start(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    job = start_export(viewer.customer_id)
    return redirect("portal:export", export_id=job.pk)


@viewer_required
def export_download(request: HttpRequest, export_id: UUID) -> StreamingHttpResponse:
    job = access_export_for_viewer(export_id, current_viewer(request))
    mark_export_downloaded(job)
    response = StreamingHttpResponse(stream_export(job.customer_id), content_type="application/zip")
    stamp = job.created_at.strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="accord-export-{stamp}.zip"'
    return response


@require_POST
@viewer_required
def erasure_request(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    erasure = request_erasure(customer_id=viewer.customer_id, actor_label=actor_label(viewer))
    messages.success(request, f"Erasure requested. It will be done by {erasure.due_at:%d %B %Y}.")
    return redirect("portal:data")
