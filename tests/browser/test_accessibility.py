"""axe-core on every staff page: 0 serious or critical violations.

The pages come from walking the staff URL configuration, so a page added later is
checked without anyone remembering to list it; a URL parameter this file has no
example for fails the test, asking for one. POST-only URLs (405 on GET) have no page.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Page

from accord.customers.services import add_identity
from accord.imports.mentions import ingest_records
from accord.imports.services import create_run, execute_run
from accord.imports.uploads import record_run, save_upload
from accord.incidents.services import Actor, attribute_incident, open_incident
from accord.interactions.services import receive_request
from accord.mail.capture import capture_mail
from accord.mail.models import CapturedMessage
from accord.members.models import StaffMember
from accord.partners.services import issue_partner_token, save_partner
from accord.promises.models import Promise
from accord.relationships.services import add_team_member
from accord.voice.models import Escalation, SocialMention
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in
from tests.browser.screens import Screens
from tests.conftest import make_staff
from tests.staff.dashboard_book import build_book

pytestmark = pytest.mark.browser

# Reached without signing in (the rest need a session).
PUBLIC = {"staff:login", "staff:healthz"}
# Not pages: signing out is a POST, the health check answers plain text, an import's
# progress is JSON for its run page and its error report a CSV download.
NOT_PAGES = {"staff:logout", "staff:healthz", "staff:import-progress", "staff:import-errors"}


def staff_url_names() -> list[tuple[str, list[str]]]:
    """(namespaced name, parameter names) of every named URL in the staff namespace."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace == "staff":
                found.append((f"staff:{pattern.name}", list(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, "")
    return found


@pytest.fixture
def examples(transactional_db) -> dict[str, int | str]:
    book = build_book()
    make_staff("root", function="management", role="admin")
    customer = book.customers["Cid Held"]
    routed = receive_request(
        customer_id=customer.pk,
        channel="email",
        received_by_function="support",
        kind="request",
        subject="Where is my refund?",
    )
    identity = add_identity(customer_id=customer.pk, kind="phone", value="+33612345678", by=None)
    membership = add_team_member(
        customer_id=customer.pk, member=book.staff["carol"], function="support", by=None
    )
    # Mail from an unknown sender waits in the inbox, unmatched.
    raw = (
        b"From: Stranger <stranger@nowhere.test>\r\nTo: support@example.com\r\n"
        b"Subject: Hello\r\nMessage-ID: <a11y-1@nowhere.test>\r\n"
        b"Date: Tue, 01 Dec 2026 10:00:00 +0000\r\n\r\nWho owns my account?\r\n"
    )
    capture_mail(mailbox=None, raw=raw)
    unmatched = CapturedMessage.objects.get(message_id__contains="a11y-1")
    # A public post by a stranger (the mentions inbox) and a loud one about the customer
    # (an escalation on the owner's worklist, the 360's voice section).
    add_identity(customer_id=customer.pk, kind="social", source="x", value="cid_held", by=None)
    posts = [
        {"platform": "x", "post_id": "a11y-1", "author_handle": "stranger", "author_name":
         "Cid Held", "text": "How do I cancel? Awful service.", "posted_at": timezone.now()},
        {"platform": "x", "post_id": "a11y-2", "author_handle": "cid_held", "followers": 40000,
         "text": "Terrible, awful company, avoid!", "posted_at": timezone.now()},
    ]  # fmt: skip
    ingest_records(enumerate(posts))
    partner = save_partner({"name": "Orbit Mobile", "role": "network"}, by=None)
    token = issue_partner_token(partner=partner, name="noc").token
    incident = open_incident(
        {"title": "No signal", "customer_ids": [customer.pk]}, actor=Actor(label="a11y")
    )
    attribute_incident(
        incident,
        {"vendor": "partner", "partner_id": partner.pk, "evidence": "tower log"},
        actor=Actor(label="a11y"),
    )
    # An upload with one good and one bad row, imported: the preview shows the problem,
    # the run page its result and the error report.
    csv = b"external_id,name,email\nc-1,Acme Imports,acme@example.com\nc-2,,not-an-email\n"
    upload = save_upload([("customers.csv", [csv])], len(csv), by=None)
    run = create_run(upload.path_of("customers.csv"), "customers", file_name="customers.csv")
    execute_run(run, upload.path_of("customers.csv"))
    record_run(upload, run.pk)
    return {
        "mention_id": SocialMention.objects.get(post_id="a11y-1").pk,
        "escalation_id": Escalation.objects.values_list("pk", flat=True)[0],
        "partner_id": partner.pk,
        "token_id": token.pk,
        "incident_id": incident.pk,
        "action": "resolve",
        "token": upload.token,
        "run_id": run.pk,
        "message_id": unmatched.pk,
        "customer_id": customer.pk,
        "conversation_id": routed.conversation.pk,
        "staff_id": book.staff["bob"].pk,
        "identity_id": identity.pk,
        "membership_id": membership.pk,
        "promise_id": Promise.objects.filter(customer=customer).values_list("pk", flat=True)[0],
    }


def test_every_staff_page_passes_axe(page: Page, examples, screens: Screens) -> None:
    names = staff_url_names()
    assert {"staff:customers", "staff:dashboard", "staff:staff-list"} <= {n for n, _ in names}
    page.goto(reverse("staff:login"))
    assert_accessible(page)
    log_in(page, "root")
    client = Client()
    client.force_login(StaffMember.objects.get(username="root"))
    checked = []
    for name, params in names:
        if name in NOT_PAGES or name in PUBLIC:
            continue
        missing = [p for p in params if p not in examples]
        assert not missing, f"{name}: add an example value for {missing} to this test"
        url = reverse(name, kwargs={p: examples[p] for p in params})
        if client.get(url).status_code == 405:  # a POST-only action, not a page
            continue
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url}: {response}"
        # Table views of the charts are part of the page: open them before checking.
        for summary in page.locator("details > summary").all():
            summary.click()
        assert_accessible(page)
        screens.take(page, name.replace("staff:", ""))
        checked.append(url)
    page.goto("/no-such-page/")
    assert_accessible(page)
    assert len(checked) >= 8, checked
    token = examples["token"]
    assert {f"/imports/{token}/", f"/imports/{token}/runs/{examples['run_id']}/"} <= set(checked)
