"""The customer's whole journey in a real browser: ask for a link, sign in, see the owner
and promises, export (JSON valid against docs/export-schema.json), give and withdraw a
consent (both Kantara receipts valid), and leave in one step with no forced contact."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from jsonschema import Draft4Validator, Draft7Validator
from playwright.sync_api import Page, expect

from accord.customers.models import Customer
from accord.demo.generate import generate_company
from accord.portal.models import ExitRecord
from accord.promises.models import Promise

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[2]
KANTARA = ROOT / "tests" / "data" / "kantara" / "consent-receipt-v1_1-schema.json"
EXPORT_SCHEMA = ROOT / "docs" / "export-schema.json"


@pytest.fixture
def ada(transactional_db) -> Customer:
    """The demo company's portal login, with one open promise made to her."""
    generate_company(customers=20, seed=7)
    ada = Customer.objects.get(email="ada@example.com")
    now = timezone.now()
    Promise.objects.create(
        customer=ada, made_by_side="company", staff=ada.relationship.owner, kind="callback",
        description="Call Ada back about her invoice", made_at=now,
        due_at=now + timedelta(days=2),
    )  # fmt: skip
    return ada


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


def check_export(page: Page) -> None:
    page.goto("/portal/data/")
    with page.expect_download() as download_info:
        page.click("#export-button")
    archive = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    documents = {
        name: json.loads(archive.read(name)) for name in archive.namelist()
        if name.endswith(".json")
    }  # fmt: skip
    validator = Draft7Validator(json.loads(EXPORT_SCHEMA.read_text()))
    assert not list(validator.iter_errors(documents))
    assert documents["customer.json"]["email"] == "ada@example.com"
    assert "interactions.csv" in archive.namelist()


def check_consent_receipts(page: Page) -> None:
    kantara = Draft4Validator(json.loads(KANTARA.read_text()))
    page.goto("/portal/consents/")
    # The demo may already hold consent decisions (with receipts) for this customer.
    before = page.locator("a.receipt").count()
    row = page.locator("tr[data-purpose=analytics]")
    current = row.locator("button").inner_text()
    first, second = ("Grant", "Withdraw") if current == "Grant" else ("Withdraw", "Grant")
    row.locator(f"button:has-text('{first}')").click()
    page.locator(f"tr[data-purpose=analytics] button:has-text('{second}')").click()
    expect(page.locator("a.receipt")).to_have_count(before + 2)
    # Receipts are listed newest first: the two just issued, then any older ones.
    for link in page.locator("a.receipt").all():
        response = page.request.get(link.get_attribute("href") or "")
        assert response.status == 200
        assert not list(kantara.iter_errors(response.json()))


def test_customer_journey(page: Page, ada: Customer):
    owner = ada.relationship.owner
    sign_in(page)
    expect(page.locator("#owner")).to_contain_text(owner.get_full_name())
    expect(page.locator("#promises")).to_contain_text("Call Ada back about her invoice")

    check_export(page)
    check_consent_receipts(page)

    page.goto("/portal/leave/")
    page.click("#confirm-leave")
    expect(page.locator("h1")).to_have_text("You have left")
    record = ExitRecord.objects.get(customer=ada)
    assert record.forced_staff_contacts == 0
    assert record.completed_at is not None and record.seconds < 5
    ada.relationship.refresh_from_db()
    assert ada.relationship.stage == "departed"
    page.goto("/portal/")
    expect(page).to_have_url(re.compile(r"/portal/sign-in/$"))
