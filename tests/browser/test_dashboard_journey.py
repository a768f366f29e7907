"""A manager's journey in a real browser: filter the dashboard to one team, click a chart
bar, land on the matching customer list, export it as CSV, and find the CSV's rows equal
to the list's. A screenshot of every page visited goes to the run's output folder."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accord.scoring.models import CustomerScore
from tests.browser.conftest import log_in
from tests.browser.screens import Screens
from tests.staff.dashboard_book import build_book

pytestmark = pytest.mark.browser


@pytest.fixture
def book(transactional_db):
    return build_book()


def list_rows(page: Page) -> list[list[str]]:
    rows = page.locator("#customer-table tbody tr")
    return [
        [" ".join(cell.split()) for cell in row.locator("td").all_inner_texts()]
        for row in rows.all()
    ]


def test_manager_filters_clicks_a_bar_and_exports_the_list(
    page: Page, book, screens: Screens
) -> None:
    log_in(page, "maria")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    screens.take(page, "dashboard")

    page.get_by_label("Team", exact=True).select_option(label="Sales")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"/dashboard/\?.*team=sales"))
    sales = CustomerScore.objects.filter(customer__relationship__owner__function="sales")
    expect(page.locator("[data-card=customers]")).to_have_text(str(sales.count()))
    screens.take(page, "dashboard-sales")

    at_risk = sales.filter(customer__relationship__stage="at_risk").count()
    assert at_risk == 1
    bar = page.get_by_role("link", name=f"At risk: {at_risk}")
    bar.click()
    page.wait_for_url(re.compile(r"/\?.*stage=at_risk"))
    assert "team=sales" in page.url
    expect(page.locator("#match-count")).to_have_text(f"{at_risk} customer")
    shown = list_rows(page)
    assert [row[0] for row in shown] == ["Dee Drift"]
    screens.take(page, "customers-sales-at-risk")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    exported = list(csv.reader(io.StringIO(text)))
    headers = page.locator("#customer-table thead th").all_text_contents()
    assert exported[0] == [header.replace("▲", "").strip() for header in headers]
    assert exported[1:] == shown


def test_a_member_sees_no_link_they_cannot_use(page: Page, book, screens: Screens) -> None:
    log_in(page, "bob")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link")).to_have_text(
        ["Customers", "My book", "Dashboard", "Insight", "Voice", "Incidents"]
    )
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", name="My book over time")).to_be_visible()
    screens.take(page, "member-dashboard")
    page.goto("/board/")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(nav).to_be_visible()  # the error page keeps the site's layout
    screens.take(page, "member-board-404")
