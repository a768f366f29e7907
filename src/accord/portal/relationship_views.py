"""Portal pages that show the relationship: home, timeline, requests, promises, data."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accord.interactions.services import RequestError
from accord.portal import queries
from accord.portal.access import access_promise_for_viewer, access_request_for_viewer
from accord.portal.forms import RectificationForm, RequestForm
from accord.portal.models import ErasureRequest, ExportJob
from accord.portal.services import open_request, request_rectification
from accord.portal.session import actor_label, current_viewer, viewer_required
from accord.relationships.models import Stage


@viewer_required
def home(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    cid = viewer.customer_id
    relationship = queries.get_relationship(cid)
    is_departed = relationship.stage == Stage.DEPARTED
    context = {
        "viewer": viewer,
        "relationship": relationship,
        "is_departed": is_departed,
        "team": list(queries.list_team(cid)),
        "open_promises": queries.list_open_promises(cid, limit=5),
        "open_request_count": queries.count_open_requests(cid),
        "timeline": queries.list_timeline(cid, limit=5),
        "record_views": queries.list_record_views(cid, limit=5),
        "insight": queries.get_insight(cid),
        "exit_export": queries.get_exit_export_id(cid) if is_departed else None,
    }
    return render(request, "portal/home.html", context)


@viewer_required
def timeline(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    context = {
        "viewer": viewer,
        "timeline": queries.list_timeline(viewer.customer_id),
        "handoffs": list(queries.list_handoffs(viewer.customer_id)),
    }
    return render(request, "portal/timeline.html", context)


@require_http_methods(["GET", "POST"])
@viewer_required
def requests_page(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    form = RequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                opened = open_request(
                    customer_id=viewer.customer_id,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    actor_label=actor_label(viewer),
                )
            except RequestError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your request is with your owner.")
                return redirect("portal:request", request_id=opened.pk)
        status = 400
    cases = queries.list_requests(viewer.customer_id)
    context = {"viewer": viewer, "form": form, "requests": cases}
    return render(request, "portal/requests.html", context, status=status)


@viewer_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = current_viewer(request)
    case = access_request_for_viewer(request_id, viewer)
    context = {
        "viewer": viewer,
        "case": case,
        "conversation": case.conversation,
        "answers": queries.list_answers(case),
    }
    return render(request, "portal/request_detail.html", context)


@viewer_required
def promises_page(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    promises = list(queries.list_promises(viewer.customer_id))
    context = {
        "viewer": viewer,
        "company_promises": [p for p in promises if p.made_by_side == "company"],
        "customer_promises": [p for p in promises if p.made_by_side == "customer"],
    }
    return render(request, "portal/promises.html", context)


@viewer_required
def promise_detail(request: HttpRequest, promise_id: int) -> HttpResponse:
    viewer = current_viewer(request)
    promise = access_promise_for_viewer(promise_id, viewer)
    return render(request, "portal/promise_detail.html", {"viewer": viewer, "promise": promise})


@viewer_required
def held_data(request: HttpRequest) -> HttpResponse:
    return _render_data(request, RectificationForm(), status=200)


def _render_data(request: HttpRequest, form: RectificationForm, status: int) -> HttpResponse:
    viewer = current_viewer(request)
    cid = viewer.customer_id
    context = {
        "viewer": viewer,
        "form": form,
        **queries.get_held_data(cid),
        "exports": ExportJob.objects.filter(customer_id=cid).order_by("-created_at")[:10],
        "erasure": ErasureRequest.objects.filter(customer_id=cid).order_by("-pk").first(),
    }
    return render(request, "portal/data.html", context, status=status)


@require_POST
@viewer_required
def rectify(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    form = RectificationForm(request.POST)
    if not form.is_valid():
        return _render_data(request, form, status=400)
    result = request_rectification(
        customer_id=viewer.customer_id,
        field=form.cleaned_data["field"],
        correction=form.cleaned_data["correction"],
        actor_label=actor_label(viewer),
    )
    messages.success(request, "Your owner will correct it within 30 days; this is a promise.")
    return redirect("portal:promise", promise_id=result["promise"].pk)


@viewer_required
def record_views(request: HttpRequest) -> HttpResponse:
    viewer = current_viewer(request)
    views = queries.list_record_views(viewer.customer_id)
    return render(request, "portal/record_views.html", {"viewer": viewer, "views": views})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")
