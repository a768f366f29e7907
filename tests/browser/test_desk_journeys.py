"""The owner's desk in a real browser: create a customer, log a call, make a promise,
answer and resolve the customer's request, keep the promise; the customer sees the answer
and the kept promise in the portal. And someone off the team opens a record, gives a
reason, and the customer's "who looked" shows it.

Every page visited is checked with axe (tests/browser/accessibility.py) and saved as a
full-page screenshot under $ACCORD_SCREENSHOT_DIR/<test name>/ when that variable is set,
else under the test's own tmp_path (pytest keeps the last runs' tmp_paths).
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.audit.models import AuditEvent
from accord.customers.services import create_customer
from accord.interactions.models import Conversation
from accord.promises.models import Promise
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in
from tests.conftest import make_staff

pytestmark = pytest.mark.browser


class Camera:
    """Saves a numbered full-page screenshot of each page visited, after checking it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)

    def visit(self, page: Page, name: str) -> None:
        assert_accessible(page)
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)


@pytest.fixture
def camera(request: pytest.FixtureRequest, tmp_path: Path) -> Camera:
    root = os.environ.get("ACCORD_SCREENSHOT_DIR")
    folder = Path(root) / request.node.name if root else tmp_path / "screenshots"
    return Camera(folder)


def portal_sign_in(page: Page, email: str) -> None:
    page.goto("/portal/sign-in/")
    page.fill("input[name=email]", email)
    page.click("text=Email me a sign-in link")
    link = re.search(r"https?://\S+/portal/sign-in/\S+/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(link.group(0))
    page.click("#confirm-sign-in")
    expect(page.locator("h1")).to_contain_text("Hello")


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def create_grace(page: Page, camera: Camera) -> int:
    page.goto("/")
    camera.visit(page, "customers")
    page.click("text=New customer")
    camera.visit(page, "new-customer")
    page.check("input[name=customer-kind][value=person]")
    page.fill("#id_customer-name", "Grace Hopper")
    page.fill("#id_customer-email", "grace@example.com")
    page.fill("#id_customer-city", "Arlington")
    page.select_option("#id_customer-stage", "active")
    page.click("button:has-text('Create customer')")
    expect(page.locator("h1")).to_have_text("Grace Hopper")
    camera.visit(page, "customer-360")
    return int(re.search(r"/customers/(\d+)/", page.url).group(1))


def log_call_and_promise(page: Page, camera: Camera) -> None:
    page.click("summary:has-text('Log a call, meeting, note')")
    page.select_option("#id_log-channel", "call")
    page.select_option("#id_log-direction", "outbound")
    page.fill("#id_log-subject", "Welcome call")
    page.fill("#id_log-body", "Walked through the first invoice.")
    page.click("button:has-text('Log it')")
    expect(page.locator(".messages")).to_contain_text("Call logged.")
    expect(page.locator("table.timeline")).to_contain_text("Welcome call")
    page.click("summary:has-text('Make a promise')")
    page.fill("#id_promise-description", "Send the signed contract")
    page.fill("#id_promise-due_at", local(timezone.now() + timedelta(days=2)))
    page.click("button:has-text('Record promise')")
    expect(page.locator("table.promises")).to_contain_text("Send the signed contract")
    camera.visit(page, "customer-360-after-call-and-promise")


def customer_asks(page: Page, camera: Camera) -> None:
    portal_sign_in(page, "grace@example.com")
    camera.visit(page, "portal-home")
    page.goto("/portal/requests/")
    page.fill("#id_subject", "Where is my contract?")
    page.fill("#id_body", "I signed last week and have heard nothing.")
    page.click("button:has-text('Send to my owner')")
    camera.visit(page, "portal-request-sent")


def answer_and_resolve(page: Page, camera: Camera) -> None:
    page.goto("/book/")
    camera.visit(page, "my-book")
    page.click("a:has-text('Where is my contract?')")
    expect(page.locator("h1")).to_have_text("Where is my contract?")
    camera.visit(page, "conversation")
    page.fill("#id_reply-body", "It went out by courier this morning.")
    page.click("button:has-text('Send reply')")
    expect(page.locator(".messages")).to_contain_text("Reply sent")
    page.click("summary:has-text('Internal note')")
    page.fill("#id_note-body", "Courier ref 1234")
    page.click("button:has-text('Add note')")
    page.click("summary:has-text('Resolve')")
    page.fill("#id_resolve-outcome", "Contract delivered by courier")
    page.click("button:has-text('Resolve')")
    expect(page.locator(".badge").first).to_have_text("Resolved")
    camera.visit(page, "conversation-resolved")


def keep_promise_from_my_book(page: Page, camera: Camera) -> None:
    page.goto("/book/")
    expect(page.locator("text=Where is my contract?")).to_have_count(0)  # cleared by answering
    page.click("button[aria-label='Keep: Send the signed contract']")
    expect(page.locator(".messages")).to_contain_text("Kept: Send the signed contract")
    camera.visit(page, "my-book-promise-kept")


def test_owner_works_a_customer_and_the_customer_sees_it(
    page: Page, open_page, live_server, camera
):
    make_staff("olivia")
    log_in(page, "olivia")
    create_grace(page, camera)
    log_call_and_promise(page, camera)

    customer = open_page(live_server.url)
    customer_asks(customer, camera)

    answer_and_resolve(page, camera)
    keep_promise_from_my_book(page, camera)
    assert Conversation.objects.get().status == "resolved"
    assert Promise.objects.get().status == "kept"

    customer.goto("/portal/requests/")
    customer.click("a:has-text('Where is my contract?')")
    expect(customer.locator("body")).to_contain_text("It went out by courier this morning.")
    expect(customer.locator("body")).to_contain_text("Contract delivered by courier")
    expect(customer.locator("body")).not_to_contain_text("Courier ref 1234")
    camera.visit(customer, "portal-request-answered")
    customer.goto("/portal/promises/")
    row = customer.locator("tr, li").filter(has_text="Send the signed contract").first
    expect(row).to_contain_text("Kept")
    camera.visit(customer, "portal-promise-kept")


def test_outsider_gives_a_reason_and_the_customer_sees_it(
    page: Page, open_page, live_server, camera
):
    olivia = make_staff("olivia")
    make_staff("mark")
    grace = create_customer(name="Grace Hopper", owner=olivia, email="grace@example.com")
    log_in(page, "mark")
    page.goto(f"/customers/{grace.pk}/")
    expect(page.locator("h1")).to_contain_text("Why open Grace Hopper")
    camera.visit(page, "purpose")
    page.click("button:has-text('Open the record')")  # empty: asked again, nothing opened
    expect(page.locator("#id_purpose-reason_error")).to_have_text("This field is required.")
    camera.visit(page, "purpose-invalid")
    page.fill("#id_purpose-reason", "Covering Olivia's calls while she is away")
    page.click("button:has-text('Open the record')")
    expect(page.locator("h1")).to_have_text("Grace Hopper")
    camera.visit(page, "customer-360-with-purpose")
    view = AuditEvent.objects.get(action="customer.view")
    assert view.reason == "Covering Olivia's calls while she is away"

    customer = open_page(live_server.url)
    portal_sign_in(customer, "grace@example.com")
    customer.goto("/portal/record-views/")
    expect(customer.locator("table")).to_contain_text("Covering Olivia's calls while she is away")
    expect(customer.locator("table")).to_contain_text("Mark")
    camera.visit(customer, "portal-who-looked")
