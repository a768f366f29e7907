"""Exit friction measured from the customer's decision, in a real browser: Ada looks at
"Leave" and walks away; three days later she comes back, opens "Leave" and confirms 42
seconds after. The record says 42 seconds, not three days.

Time is a controllable clock (django.utils.timezone.now patched for the test; the live
server runs in this process), never a sleep.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.customers.models import Customer
from accord.customers.services import create_customer
from accord.portal.models import ExitRecord
from tests.conftest import make_staff

pytestmark = pytest.mark.browser

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Clock:
    """What timezone.now() answers while the test runs: frozen until advanced."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **interval: float) -> None:
        self.at += timedelta(**interval)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    frozen = Clock(START)
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


@pytest.fixture
def ada(transactional_db, clock: Clock) -> Customer:
    owner = make_staff("bob")
    return create_customer(
        name="Ada Lovelace", owner=owner, email="ada@example.com", stage="active"
    )


def sign_in(page: Page) -> None:
    page.goto("/portal/")
    expect(page).to_have_url(re.compile(r"/portal/sign-in/$"))
    page.fill("input[name=email]", "ada@example.com")
    page.click("text=Email me a sign-in link")
    expect(page.locator("h1")).to_have_text("Check your email")
    link = re.search(r"https?://\S+/portal/sign-in/\S+/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(link.group(0))
    page.click("#confirm-sign-in")
    expect(page.locator("h1")).to_contain_text("Hello")


def test_the_clock_starts_at_the_decision_not_at_an_earlier_visit(
    page: Page, ada: Customer, clock: Clock
):
    # First visit: Ada reads what leaving would mean, and walks away.
    sign_in(page)
    page.click("nav >> text=Leave")
    expect(page.locator("h1")).to_have_text("Leave")
    first_look = ExitRecord.objects.get(customer=ada)
    assert first_look.requested_at == START
    page.click("text=Sign out")

    # Three days later she comes back and decides: opening "Leave" is the decision.
    clock.advance(days=3)
    decided_at = clock.at
    sign_in(page)
    page.click("nav >> text=Leave")
    expect(page.locator("#confirm-leave")).to_be_visible()
    clock.advance(seconds=20)
    page.reload()  # a second look in the same visit keeps the clock
    clock.advance(seconds=22)
    page.click("#confirm-leave")
    expect(page.locator("h1")).to_have_text("You have left")
    expect(page.locator("#exit-summary")).to_contain_text("2 steps, 42.0 seconds")

    record = ExitRecord.objects.get(customer=ada)
    assert record.pk == first_look.pk  # the same exit, restarted at the decision
    assert (record.requested_at, record.completed_at) == (
        decided_at,
        decided_at + timedelta(seconds=42),
    )
    assert (record.seconds, record.steps, record.forced_staff_contacts) == (42.0, 2, 0)
    assert record.decided_via == "opened Leave in the portal"
