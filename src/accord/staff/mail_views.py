"""The mail inbox: unmatched messages, read one, find its customer and link it (the
address becomes an identity and waiting mail from it lands on the customer)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accord.core.validation import ValidationProblem
from accord.customers.queries import CustomerFilter, list_customers
from accord.mail.access import access_unmatched_message_for_staff
from accord.mail.queries import can_use_inbox, list_unmatched_messages
from accord.mail.services import link_message
from accord.staff.form_support import user_of

CANDIDATES_SHOWN = 20


def inbox(request: HttpRequest) -> HttpResponse:
    me = user_of(request)
    if not can_use_inbox(me):
        raise Http404("No inbox")
    rows = list(list_unmatched_messages(me)[:200])
    return render(request, "staff/mail_inbox.html", {"rows": rows})


def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    me = user_of(request)
    message = access_unmatched_message_for_staff(me, message_id)
    q = request.GET.get("q", "").strip() or message.from_name or message.counterpart
    found = list_customers(CustomerFilter(q=q)).filter(erased_at__isnull=True) if q else None
    candidates = list(found[:CANDIDATES_SHOWN]) if found is not None else []
    context = {"message": message, "q": q, "candidates": candidates}
    return render(request, "staff/mail_message.html", context)


@require_POST
def link(request: HttpRequest, message_id: int) -> HttpResponse:
    me = user_of(request)
    message = access_unmatched_message_for_staff(me, message_id)
    try:
        customer_id = int(request.POST.get("customer_id", ""))
    except ValueError:
        messages.error(request, "Choose the customer this mail belongs to.")
        return HttpResponseRedirect(f"/mail/{message.pk}/")
    if not list_customers(CustomerFilter()).filter(pk=customer_id, erased_at__isnull=True).exists():
        raise Http404("No such customer")
    try:
        count = link_message(message=message, customer_id=customer_id, by=me)
    except ValidationProblem as problem:
        messages.error(request, str(problem))
        return HttpResponseRedirect(f"/mail/{message.pk}/")
    messages.success(
        request,
        f"{message.counterpart} is now an address of this customer; "
        f"{count} message{'s' if count != 1 else ''} added to the timeline.",
    )
    return HttpResponseRedirect(f"/customers/{customer_id}/")
