"""A manager's second-factor journey in the browser: enrol with the secret the page
shows, keep the recovery codes, sign in again with a code, then with a recovery code."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, totp_code
from tests.conftest import make_staff


@pytest.fixture
def manager(db):
    return make_staff("maria", function="management", role="manager")


def sign_in_with_password(page: Page) -> None:
    page.goto("/board/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.fill("input[name=username]", "maria")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_manager_enrols_and_signs_in_with_codes(page: Page, manager) -> None:
    sign_in_with_password(page)
    expect(page).to_have_url(re.compile(r"/account/second-factor/\?next=%2Fboard%2F"))
    expect(page.get_by_role("heading", name="Set up your second factor")).to_be_visible()
    expect(page.locator("figure.qr svg")).to_be_visible()
    secret = page.locator("[data-totp-secret]").get_attribute("data-totp-secret")
    assert secret
    key = b32decode(secret)

    page.get_by_role("textbox", name="Code").fill(totp_code(key))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/board/$"))

    # Sign out, and in again: password, then the code of the next step.
    page.get_by_role("button", name="Log out").click()
    sign_in_with_password(page)
    expect(page).to_have_url(re.compile(r"/login/verify/"))
    page.get_by_role("textbox", name="Code").fill(totp_code(key, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/board/$"))

    # Phone lost: a recovery code gets in once.
    page.get_by_role("button", name="Log out").click()
    sign_in_with_password(page)
    page.get_by_role("textbox", name="Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/board/$"))
    expect(page.locator(".messages")).to_contain_text("9 left")
