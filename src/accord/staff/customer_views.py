"""The customer list: the company's book with owner and stage, search and filters."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accord.customers.queries import CustomerFilter, count_customers, list_customer_rows
from accord.members.models import StaffMember
from accord.relationships.models import Stage
from accord.staff.customer_rows import render_customer_rows


def _filters_from(request: HttpRequest) -> tuple[CustomerFilter, str]:
    """Read q/owner/stage from the query string; unknown values are ignored, not fatal."""
    q = request.GET.get("q", "").strip()[:200]
    owner_param = request.GET.get("owner", "").strip()
    owner_id: int | None = None
    if owner_param == "me":
        owner_id = request.user.pk
    elif owner_param.isdigit():
        owner_id = int(owner_param)
    else:
        owner_param = ""
    stage = request.GET.get("stage", "")
    if stage not in Stage.values:
        stage = ""
    return CustomerFilter(q=q, owner_id=owner_id, stage=stage), owner_param


def _page_links(page: Page) -> list[int | None]:
    """Page numbers to show: first, last and a window around the current one (None = gap)."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(max(1, page.number - 2), min(last, page.number + 2) + 1)}
    links: list[int | None] = []
    previous = 0
    for number in sorted(wanted):
        if number - previous > 1:
            links.append(None)
        links.append(number)
        previous = number
    return links


def _owner_options(selected: str) -> list[tuple[str, str, bool]]:
    """(value, label, is_selected) for the owner filter: active staff, by name."""
    staff = StaffMember.objects.filter(is_active=True).order_by("first_name", "last_name", "id")
    options = []
    for pk, first, last, username in staff.values_list("id", "first_name", "last_name", "username"):
        options.append((str(pk), f"{first} {last}".strip() or username, str(pk) == selected))
    return options


def customer_list(request: HttpRequest) -> HttpResponse:
    filters, owner_param = _filters_from(request)
    count = count_customers(filters)
    # The paginator only does page arithmetic over a count taken on the cheapest table;
    # the rows come from one values() query.
    paginator = Paginator(range(count), settings.ACCORD_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": render_customer_rows(
            list_customer_rows(filters, page.start_index() - 1, paginator.per_page)
        )
        if count
        else "",
        "page_links": _page_links(page),
        "query_string": query.urlencode(),
        "filters": filters,
        "owner_param": owner_param,
        "owners": _owner_options(owner_param),
        "stages": Stage.choices,
    }
    return render(request, "staff/customer_list.html", context)
