"""Promises from the 360, a conversation or My book: make, keep, break (with a reason),
renegotiate (new due date, reason), cancel.

Owner, team and managers of the customer only (404 otherwise, nothing changes); an
invalid form comes back on its own page with what was typed (400)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from accord.promises.access import access_promise_for_team_work
from accord.promises.models import Promise
from accord.promises.services import (
    PromiseError,
    break_promise,
    cancel_promise,
    keep_promise,
    make_promise,
    renegotiate_promise,
)
from accord.relationships.access import access_relationship_for_team_work
from accord.staff.form_support import DeskForm, form_page, posted, redirect_back, user_of
from accord.staff.work_forms import (
    BreakPromiseForm,
    CancelPromiseForm,
    PromiseForm,
    RenegotiatePromiseForm,
)


@require_http_methods(["GET", "POST"])
def make_promise_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    me = user_of(request)
    relationship = access_relationship_for_team_work(me, customer_id)
    form = PromiseForm(posted(request), prefix="promise")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request_id = data["request"]
        if request_id and not relationship.customer.requests.filter(pk=request_id).exists():
            request_id = None  # a request of another customer is never linked
        try:
            make_promise(
                customer_id=customer_id,
                made_by_side=data["made_by_side"],
                kind=data["kind"],
                description=data["description"],
                due_at=data["due_at"],
                staff=me,
                by=me,
                request_id=request_id,
            )
        except PromiseError as error:
            form.add_problem(error)
        else:
            messages.success(request, "Promise recorded.")
            return redirect_back(request, f"/customers/{customer_id}/")
    return form_page(
        request,
        title=f"Make a promise with {relationship.customer.name}",
        form=form,
        action=f"/customers/{customer_id}/promises/",
        back=f"/customers/{customer_id}/",
        submit="Record promise",
        status=400 if request.method == "POST" else 200,
    )


def _settle_page(
    request: HttpRequest, promise: Promise, form: DeskForm, verb: str, status: int
) -> HttpResponse:
    return form_page(
        request,
        title=f"{verb.capitalize()} a promise to {promise.customer.name}",
        form=form,
        action=f"/promises/{promise.pk}/{verb}/",
        back=f"/customers/{promise.customer_id}/",
        submit=verb.capitalize(),
        intro=f"{promise.description} (due {promise.due_at:%Y-%m-%d %H:%M}).",
        status=status,
    )


def _refused(request: HttpRequest, promise: Promise, error: PromiseError) -> HttpResponse:
    messages.error(request, str(error))
    return redirect_back(request, f"/customers/{promise.customer_id}/")


@require_POST
def keep_promise_view(request: HttpRequest, promise_id: int) -> HttpResponse:
    me = user_of(request)
    promise = access_promise_for_team_work(me, promise_id)
    try:
        keep_promise(promise.pk, by=me)
    except PromiseError as error:
        return _refused(request, promise, error)
    messages.success(request, f"Kept: {promise.description}")
    return redirect_back(request, f"/customers/{promise.customer_id}/")


@require_http_methods(["GET", "POST"])
def break_promise_view(request: HttpRequest, promise_id: int) -> HttpResponse:
    me = user_of(request)
    promise = access_promise_for_team_work(me, promise_id)
    form = BreakPromiseForm(posted(request), prefix=f"break-{promise.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            break_promise(promise.pk, by=me, reason=form.cleaned_data["reason"])
        except PromiseError as error:
            return _refused(request, promise, error)
        messages.success(request, f"Marked broken: {promise.description}")
        return redirect_back(request, f"/customers/{promise.customer_id}/")
    return _settle_page(request, promise, form, "break", 400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def renegotiate_promise_view(request: HttpRequest, promise_id: int) -> HttpResponse:
    me = user_of(request)
    promise = access_promise_for_team_work(me, promise_id)
    form = RenegotiatePromiseForm(posted(request), prefix=f"renegotiate-{promise.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            renegotiate_promise(
                promise.pk,
                due_at=form.cleaned_data["due_at"],
                reason=form.cleaned_data["reason"],
                by=me,
            )
        except PromiseError as error:
            form.add_problem(error)
        else:
            messages.success(request, f"Renegotiated: {promise.description}")
            return redirect_back(request, f"/customers/{promise.customer_id}/")
    status = 400 if request.method == "POST" else 200
    return _settle_page(request, promise, form, "renegotiate", status)


@require_http_methods(["GET", "POST"])
def cancel_promise_view(request: HttpRequest, promise_id: int) -> HttpResponse:
    me = user_of(request)
    promise = access_promise_for_team_work(me, promise_id)
    form = CancelPromiseForm(posted(request), prefix=f"cancel-{promise.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            cancel_promise(promise.pk, by=me, reason=form.cleaned_data["reason"])
        except PromiseError as error:
            return _refused(request, promise, error)
        messages.success(request, f"Cancelled: {promise.description}")
        return redirect_back(request, f"/customers/{promise.customer_id}/")
    return _settle_page(request, promise, form, "cancel", 400 if request.method == "POST" else 200)
