"""A manager moves a relationship from the accountability board in a real browser; the
new owner finds it in My book, and the customer's portal names the new owner."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.customers.services import create_customer
from accord.interactions.models import Interaction
from accord.relationships.models import Handoff
from tests.browser.conftest import log_in
from tests.conftest import make_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def stale_customer(transactional_db):
    """Ada wrote two days ago and her owner Bob never answered: stale on the board."""
    make_staff("maria", function="management", role="manager")
    bob = make_staff("bob")
    make_staff("nina", function="support")
    ada = create_customer(name="Ada Lovelace", owner=bob, email="ada@example.com", stage="active")
    Interaction.objects.create(
        customer=ada,
        channel="email",
        direction="inbound",
        occurred_at=timezone.now() - timedelta(days=2),
        kind="request",
        subject="Anyone there?",
    )
    return ada


def test_manager_transfers_from_the_board_and_new_owner_sees_it(
    page: Page, open_page: Callable[[str], Page], live_server, stale_customer
) -> None:
    log_in(page, "maria")
    page.goto("/board/?kind=stale")
    row = page.locator("table.gaps tbody tr", has_text="Ada Lovelace")
    expect(row).to_contain_text("Stale")
    row.get_by_role("checkbox").check()
    page.select_option("#board-to-owner", label="Nina")
    page.get_by_role("button", name="Transfer").click()
    expect(page.locator(".messages")).to_contain_text("1 relationship now belongs to Nina.")
    # Still stale (Nina has not written yet), but now on Nina's name.
    expect(row).to_contain_text("Nina should contact the customer.")
    assert Handoff.objects.get(customer=stale_customer).to_owner.username == "nina"

    nina = open_page(live_server.url)
    log_in(nina, "nina")
    nina.goto("/book/")
    expect(nina.locator("table.book")).to_contain_text("Ada Lovelace")

    customer = open_page(live_server.url)
    customer.goto("/portal/")
    customer.fill("input[name=email]", "ada@example.com")
    customer.click("text=Email me a sign-in link")
    link = re.search(r"https?://\S+/portal/sign-in/\S+/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    customer.goto(link.group(0))
    customer.click("#confirm-sign-in")
    expect(customer.locator("#owner .owner-name")).to_have_text("Nina")
