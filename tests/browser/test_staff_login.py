"""The first thing a staff member does: log in and find customers with their owners."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accord.customers.services import create_customer
from tests.conftest import make_staff

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"  # make_staff's password


@pytest.fixture
def book():
    """Two owners, three customers: enough to see owners and to narrow by search."""
    olivia = make_staff("olivia")
    sam = make_staff("sam")
    create_customer(name="Ada Lovelace", owner=olivia, email="ada@example.com")
    create_customer(name="Grace Hopper", owner=sam, email="grace@example.com")
    create_customer(name="Alan Turing", owner=olivia, email="alan@example.com")
    return olivia


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()


def test_staff_logs_in_and_sees_customers_with_owners(page: Page, book):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/"))

    log_in(page, "olivia")

    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("table tbody")).to_contain_text("Ada Lovelace")
    expect(rows.filter(has_text="Grace Hopper")).to_contain_text("Sam")
    expect(rows.filter(has_text="Alan Turing")).to_contain_text("Olivia")


def test_search_box_narrows_the_list(page: Page, book):
    log_in(page, "olivia")
    expect(page.locator("table tbody tr")).to_have_count(3)

    search = page.get_by_role("searchbox")
    search.fill("grace")
    search.press("Enter")

    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Grace Hopper")
    expect(rows.first).to_contain_text("Sam")


def test_wrong_password_stays_on_the_login_page(page: Page, book):
    page.goto("/login/")
    page.fill("input[name=username]", "olivia")
    page.fill("input[name=password]", "not the password")
    page.locator("form button[type=submit], form input[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.locator("table")).to_have_count(0)
