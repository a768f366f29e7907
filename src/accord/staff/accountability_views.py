"""Accountability pages: My book (the owner's worklist), the customer 360, the managers'
board, conversation threads, and the transfer form they share.

Permission lives in the accessors (404 for everyone else); these views only render.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from accord.core.models import Channel, Function, InteractionKind
from accord.core.validation import evaluation_time, parse_id
from accord.customers.access import access_customer_for_staff
from accord.interactions.queries import (
    list_requests_due,
)
from accord.interactions.services import RequestError, receive_request
from accord.members.models import StaffMember
from accord.promises.models import Promise, PromiseStatus
from accord.relationships.access import (
    access_board_for_staff,
)
from accord.relationships.gap_cache import current_gaps
from accord.relationships.gaps import (
    GapKind,
    count_gaps_by_kind,
    count_gaps_by_team,
    list_gaps,
)
from accord.relationships.services import OwnershipError, transfer_owner
from accord.scoring.queries import list_alerts_for_owner
from accord.staff.book_filters import filter_options, read_book_filters
from accord.staff.book_table import book_table, gap_rows, gaps_csv, sort_gaps
from accord.staff.form_support import DeskForm, form_page, staff_choices
from accord.staff.listing import csv_link, page_query
from accord.staff.purpose import remember_purpose

TIMELINE_PAGE = 25
BOARD_PAGE = 100


class TransferForm(forms.Form):
    to_owner = forms.ModelChoiceField(
        queryset=StaffMember.objects.none(), label="New owner", empty_label="Choose…"
    )
    reason = forms.CharField(max_length=200, label="Reason")
    note = forms.CharField(max_length=2000, required=False, widget=forms.Textarea, label="Note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only working staff can own; the list is short (a company's staff).
        field = self.fields["to_owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = StaffMember.objects.filter(is_active=True, left_at__isnull=True).order_by(
            "first_name", "last_name", "username"
        )


class LogRequestForm(DeskForm):
    """A request the customer made to the signed-in member's desk; it routes to the owner."""

    channel = forms.ChoiceField(choices=[c for c in Channel.choices if c[0] != Channel.NOTE])
    kind = forms.ChoiceField(choices=InteractionKind.choices, initial=InteractionKind.REQUEST)
    subject = forms.CharField(max_length=200)
    body = forms.CharField(max_length=20000, required=False, widget=forms.Textarea)


_AS_OF = evaluation_time("as_of")


def owner_options(
    disabled: int | None = None, staff: list[tuple[str, str]] | None = None
) -> SafeString:
    """<option>s for every working staff member, for the new-owner selects; `staff` is
    staff_choices() when the page already read it (the 360's team form).

    Built as one string: rendering a few hundred options through the template engine
    (or a Select widget) costs more CPU than the rest of the customer 360 page.
    """
    rows = staff_choices() if staff is None else staff
    options = [
        f'<option value="{pk}"{" disabled" if pk == str(disabled) else ""}>{escape(name)}</option>'
        for pk, name in rows
    ]
    return mark_safe("".join(options))  # safe: every name is escaped above


def _user(request: HttpRequest) -> StaffMember:
    user = request.user
    assert isinstance(user, StaffMember)
    return user


def _promises_due(me: StaffMember, until: datetime) -> list[Promise]:
    """Open promises due by `until` that I made or that sit in my book, soonest first."""
    mine = Q(staff=me) | Q(customer__relationship__owner=me)
    rows = Promise.objects.filter(mine, status=PromiseStatus.OPEN, due_at__lte=until)
    return list(rows.select_related("customer", "staff").order_by("due_at", "pk")[:100])


def my_book(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The owner's worklist: gaps on my relationships, requests and promises coming due.

    Requests leave this list only when answered or resolved on their conversation page;
    promises due today and this week carry their keep / break / renegotiate / cancel.
    The book table sorts, filters and exports (staff/book_table.py).
    """
    me = _user(request)
    now = timezone.now()
    end_of_today = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    filters = read_book_filters(request, own_book_only=True)
    table = book_table(request, me.pk, filters)
    if isinstance(table, StreamingHttpResponse):
        return table
    promises = _promises_due(me, now + timedelta(days=7))
    gaps, _ = current_gaps(owner=me.pk)
    context = {
        **filter_options(filters),
        **table,
        "own_book_only": True,
        "gaps": gaps,
        "gap_rows": gap_rows(gaps),
        "alerts": list(list_alerts_for_owner(me)[:50]),
        "requests_due": list(list_requests_due(me.pk, now + timedelta(days=1))[:50]),
        "promises_today": [p for p in promises if p.due_at <= end_of_today],
        "promises_week": [p for p in promises if p.due_at > end_of_today],
        "now": now,
    }
    return render(request, "staff/my_book.html", context)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@require_POST
def board_transfer(request: HttpRequest) -> HttpResponse:
    """Move the relationships ticked on the board to one new owner (managers only).

    Each move is its own transfer (own transaction, hand-off, notice), so one refusal
    (a departed customer, the same owner) does not undo the others; it is reported.
    """
    me = _user(request)
    access_board_for_staff(me)
    form = TransferForm(request.POST)
    ids = [int(raw) for raw in request.POST.getlist("customer") if parse_id(raw)]
    back = _safe_next(request, "/board/")
    if not form.is_valid() or not ids:
        problems = "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items())
        messages.error(request, problems or "Tick at least one relationship to transfer.")
        return HttpResponseRedirect(back)
    moved, refused = 0, []
    for customer_id in ids:
        try:
            transfer_owner(
                customer_id=customer_id,
                to_owner=form.cleaned_data["to_owner"],
                by=me,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            moved += 1
        except OwnershipError as error:
            refused.append(f"customer {customer_id}: {error}")
    if moved:
        messages.success(
            request,
            f"{moved} relationship{'s' if moved != 1 else ''} now "
            f"belong{'s' if moved == 1 else ''} to {form.cleaned_data['to_owner']}.",
        )
    for problem in refused:
        messages.error(request, problem)
    return HttpResponseRedirect(back)


@require_POST
def log_request(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Log a request that reached my desk; I am told who owns it and where it went."""
    me = _user(request)
    customer = access_customer_for_staff(me, customer_id)
    form = LogRequestForm(request.POST)
    if form.is_valid():
        try:
            routed = receive_request(
                customer_id=customer.pk,
                channel=form.cleaned_data["channel"],
                received_by_function=me.function,
                kind=form.cleaned_data["kind"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except RequestError as error:
            form.add_problem(error)
    if form.errors:
        return form_page(
            request,
            title=f"Log a request from {customer.name}",
            form=form,
            action=f"/customers/{customer.pk}/requests/",
            back=f"/customers/{customer.pk}/",
            submit="Log and route to the owner",
        )
    # The desk that took the request follows it to its conversation without being
    # asked why: taking the request is the reason, and the customer sees it so.
    remember_purpose(request, customer.pk, f"Logged a request that reached {me.function}")
    joined = " It joins an open conversation on the same issue." if routed.linked else ""
    messages.success(request, f"Logged. {routed.routing_note}{joined}")
    return HttpResponseRedirect(f"/conversations/{routed.conversation.pk}/")


def _as_of_from(request: HttpRequest) -> datetime | None:
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw)
        aware = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        return _AS_OF(aware)
    except (ValueError, OverflowError):  # junk or out of range: the board as of now
        return None


def board(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Managers' accountability board: counts by gap and team, drill-down, transfer."""
    me = _user(request)
    access_board_for_staff(me)
    team = request.GET.get("team", "")
    team = team if team in Function.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in GapKind.values else ""
    owner = request.GET.get("owner", "")
    owner_id = parse_id(owner)
    as_of = _as_of_from(request)
    if as_of is None:
        gaps, counted = current_gaps(team=team or None, owner=owner_id)
    else:
        gaps, counted = list_gaps(as_of=as_of, team=team or None, owner=owner_id), None
    shown, headers = sort_gaps(request, [gap for gap in gaps if not kind or gap.kind == kind])
    if request.GET.get("format") == "csv":
        return gaps_csv(shown)
    page = Paginator(shown, BOARD_PAGE).get_page(request.GET.get("page"))
    counts = count_gaps_by_kind(gaps)
    context = {
        "cards": [(value, label, counts[value]) for value, label in GapKind.choices],
        "by_team": count_gaps_by_team(gaps),
        "kinds": GapKind.choices,
        "functions": Function.choices,
        "team": team,
        "kind": kind,
        "page": page,
        "owner_options": owner_options(),
        "total": len(gaps),
        # Counted now, or reused from a count taken since the book last changed.
        "counted_at": (
            None
            if counted is None
            else datetime.fromtimestamp(counted, tz=timezone.get_current_timezone())
        ),
        "headers": headers,
        "csv_href": csv_link(request),
        "query_string": page_query(request),
        "owner_param": str(owner_id or ""),
        "owners": filter_options(read_book_filters(request))["owners"],
    }
    return render(request, "staff/board.html", context)
