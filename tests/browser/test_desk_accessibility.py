"""Every desk page and form state passes axe (no serious or critical violations): the
standalone form pages empty and after an invalid submission, and the 360 and the
conversation with every opener expanded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from accord.customers.services import create_customer
from accord.interactions.services import add_internal_note, receive_request
from accord.promises.services import make_promise
from accord.relationships.services import add_team_member
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in
from tests.conftest import make_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def book():
    olivia = make_staff("olivia")
    tom = make_staff("tom", function="support")
    acme = create_customer(name="Acme Corp", owner=olivia, kind="organization")
    add_team_member(customer_id=acme.pk, member=tom, function="support", by=olivia)
    routed = receive_request(
        customer_id=acme.pk,
        channel="email",
        received_by_function="support",
        kind="support",
        subject="Router keeps rebooting",
    )
    add_internal_note(conversation=routed.conversation, by=olivia, body="Second time")
    promise = make_promise(
        customer_id=acme.pk,
        made_by_side="company",
        kind="callback",
        description="Call back",
        due_at=timezone.now() + timedelta(hours=2),
        staff=olivia,
    )
    return {"acme": acme, "conversation": routed.conversation, "promise": promise}


def open_everything(page: Page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def test_desk_pages_and_form_states_are_accessible(page: Page, book) -> None:
    acme, pk = book["acme"].pk, book["promise"].pk
    log_in(page, "olivia")
    for url in (f"/customers/{acme}/", f"/conversations/{book['conversation'].pk}/", "/book/"):
        page.goto(url)
        open_everything(page)
        assert_accessible(page)
    forms = [
        "/customers/new/",
        f"/customers/{acme}/edit/",
        f"/customers/{acme}/identities/",
        f"/customers/{acme}/stage/",
        f"/customers/{acme}/team/",
        f"/customers/{acme}/log/",
        f"/customers/{acme}/promises/",
        f"/promises/{pk}/break/",
        f"/promises/{pk}/renegotiate/",
        f"/promises/{pk}/cancel/",
    ]
    for url in forms:
        page.goto(url)
        assert_accessible(page)
    for url in forms[:-1]:  # cancel has no required field
        page.goto(url)
        page.evaluate(
            "document.querySelectorAll('input[type=text], textarea').forEach(e => e.value = '')"
        )
        page.locator("main form button[type=submit]").click()
        assert page.locator(".field-error").count() >= 1, url
        assert_accessible(page)
