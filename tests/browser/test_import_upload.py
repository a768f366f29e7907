"""A manager imports a HubSpot companies export in a real browser: upload, preview, start,
watch the progress page turn to the result; the pages pass axe's accessibility checks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accord.customers.models import Customer
from tests.browser.conftest import log_in
from tests.imports.formats_support import DATA, make_owners

pytestmark = pytest.mark.browser


def axe_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [violation["id"] for violation in results.response["violations"]]


@pytest.fixture
def manager(alice, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    make_owners()
    return alice


def test_a_manager_uploads_previews_and_imports_with_live_progress(page: Page, manager):
    log_in(page, "alice")
    page.get_by_role("link", name="Imports").click()
    expect(page.get_by_role("heading", name="Imports", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.set_input_files("input[type=file]", str(DATA / "hubspot" / "companies.csv"))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.locator("#detected")).to_have_text("hubspot companies")
    expect(page.locator("#rows-table tbody tr")).to_have_count(3)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Import customers as hubspot").click()

    expect(page).to_have_url(re.compile(r"/imports/[0-9a-f]{32}/runs/\d+/$"))
    # Whether the run is still going or done, the page ends on the result by itself.
    expect(page.locator("#run-status")).to_have_text("Succeeded")
    expect(page.locator("#count-created")).to_have_text("3")
    assert axe_violations(page) == []
    assert Customer.objects.count() == 3
