"""In a real browser: the portal's Problems page (report one, see who is responsible)
passes axe, and so does the staff incident page after a refused re-attribution."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accord.customers.services import create_customer
from accord.incidents.models import Incident
from accord.incidents.services import Actor, attribute_incident, open_incident
from accord.partners.services import save_partner
from accord.relationships.models import Stage
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in
from tests.browser.test_portal import sign_in
from tests.conftest import make_staff

pytestmark = pytest.mark.browser


def test_portal_problem_report_and_staff_incident_pages(page: Page, transactional_db) -> None:
    owner = make_staff("root", function="management", role="manager")
    ada = create_customer(name="Ada", owner=owner, email="ada@example.com", stage=Stage.ACTIVE)
    partner = save_partner({"name": "Orbit Mobile", "role": "network"}, by=None)
    earlier = open_incident(
        {"title": "Slow checkout", "customer_ids": [ada.pk]}, actor=Actor(label="t")
    )
    attribute_incident(
        earlier, {"vendor": "partner", "partner_id": partner.pk}, actor=Actor(label="t")
    )

    log_in(page, "root")
    page.goto(f"/incidents/{earlier.pk}/")
    page.get_by_label("Caused by").select_option(label="Us")
    page.get_by_label("Evidence").fill("our payment page timed out")
    page.get_by_role("button", name="Record attribution").click()
    expect(page.locator(".field-error").first).to_contain_text("say why")
    expect(page.get_by_label("Evidence")).to_have_value("our payment page timed out")
    assert_accessible(page)
    page.get_by_label("Why it changes").fill("server logs show our timeout")
    page.get_by_role("button", name="Record attribution").click()
    expect(page.locator("#incident-vendor")).to_contain_text("Us")
    for name in ("/incidents/", "/partners/", f"/partners/{partner.pk}/", "/partners/scorecards/"):
        page.goto(name)
        for summary in page.locator("details > summary").all():
            summary.click()
        assert_accessible(page)
    assert Incident.objects.get(pk=earlier.pk).vendor == "us"

    # The customer reports a problem and sees who is responsible for the earlier one.
    page.context.clear_cookies()
    sign_in(page)
    page.goto("/portal/problems/")
    page.get_by_label("What went wrong").fill("Cannot make calls at home")
    page.get_by_label("Where it happened").select_option("network")
    page.get_by_role("button", name="Report it").click()
    expect(page.get_by_role("heading", name="Cannot make calls at home")).to_be_visible()
    expect(page.locator(".incident-responsible").last).to_have_text("Accord Demo Company")
    for summary in page.locator("details > summary").all():
        summary.click()
    assert_accessible(page)
    assert Incident.objects.filter(source="portal", affected__customer=ada).count() == 1
