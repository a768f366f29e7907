"""Leave in one step: exact end dates and fees per contract, then one POST ends it all,
with the friction recorded; the departed customer can still fetch the export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from accord.commerce.models import Subscription
from accord.portal.leaving import compute_exit_term
from accord.portal.models import ExitRecord, ExportJob, MagicLink
from accord.relationships.models import Relationship, StageChange
from tests.portal.conftest import add_subscription, sign_in

TODAY = date(2026, 11, 23)


def contract(**terms: object) -> Subscription:
    values: dict[str, object] = {
        "pk": 1, "product": "Plan", "currency": "EUR", "transfer_code": "",
        "renewal_term_months": 12, "auto_renew": False,
        "early_termination_fee": Decimal("100.00"), "notice_period_days": 0,
        "term_end_date": date(2026, 12, 31),
    }  # fmt: skip
    values.update(terms)
    return Subscription(**values)


@pytest.mark.parametrize(
    ("terms", "end_date", "fee"),
    [
        # Inside the committed term, with 30 days' notice: fee due, ends after the notice.
        ({"notice_period_days": 30}, date(2026, 12, 23), Decimal("100.00")),
        # Notice runs past the term end: the commitment is over, no fee.
        ({"notice_period_days": 45}, date(2027, 1, 7), Decimal("0.00")),
        # Term already over, no auto-renew, no notice: ends today, free.
        ({"term_end_date": date(2026, 6, 30)}, TODAY, Decimal("0.00")),
        # Auto-renew rolled a past term end (2025-12-31) forward to 2026-12-31: fee due.
        (
            {"term_end_date": date(2025, 12, 31), "auto_renew": True, "notice_period_days": 14},
            date(2026, 12, 7),
            Decimal("100.00"),
        ),
        # Monthly auto-renewal rolls to 2026-11-30; 14 days' notice ends after it: free.
        (
            {"term_end_date": date(2026, 1, 31), "auto_renew": True, "renewal_term_months": 1,
             "notice_period_days": 14},
            date(2026, 12, 7),
            Decimal("0.00"),
        ),
        # No fee in the contract: nothing to pay even inside the term.
        ({"early_termination_fee": Decimal("0")}, TODAY, Decimal("0.00")),
    ],
)  # fmt: skip
def test_exit_terms_follow_the_contract(terms, end_date, fee):
    term = compute_exit_term(contract(**terms), TODAY)
    assert (term.end_date, term.fee) == (end_date, fee)


def test_leave_shows_terms_then_ends_everything_in_one_post(world, ada_client, ben_client):
    add_subscription(world.ada, product="TV", transfer_code="", notice_period_days=0,
                     early_termination_fee=Decimal("0"))  # fmt: skip
    page = ada_client.get("/portal/leave/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Fibre 500" in body and "120.00 EUR" in body and "TV" in body
    assert "PAC-ADA-001" not in body  # shown only once released
    second_browser = sign_in(Client(), "ada@example.com")

    done = ada_client.post("/portal/leave/")
    assert done.status_code == 200
    assert b"PAC-ADA-001" in done.content

    relationship = Relationship.objects.get(customer=world.ada)
    assert relationship.stage == "departed" and relationship.ended_at is not None
    assert StageChange.objects.filter(customer=world.ada, to_stage="departed").count() == 1
    fibre, tv = Subscription.objects.filter(customer=world.ada).order_by("pk")
    assert (fibre.status, fibre.auto_renew) == ("cancelled", False)
    assert fibre.transfer_code_released_at is not None
    assert tv.status == "ended" and tv.transfer_code_released_at is None
    record = ExitRecord.objects.get(customer=world.ada)
    assert (record.steps, record.forced_staff_contacts) == (2, 0)
    assert record.completed_at is not None and 0 <= record.seconds < 60
    assert record.fee_total == Decimal("120.00")
    assert record.retention_contact_allowed is False
    assert record.export.reason == "exit"
    # Every portal session of the customer ended; ben is untouched.
    assert ada_client.get("/portal/").status_code == 302
    assert second_browser.get("/portal/").status_code == 302
    assert not MagicLink.objects.filter(customer=world.ada).exists()
    assert ben_client.get("/portal/").status_code == 200
    assert Subscription.objects.get(customer=world.ben).status == "active"


def test_departed_customer_signs_in_again_and_downloads_the_exit_export(world, ada_client):
    ada_client.post("/portal/leave/")
    client = sign_in(Client(), "ada@example.com")
    home = client.get("/portal/").content.decode()
    export = ExportJob.objects.get(customer=world.ada, reason="exit")
    assert "You have left" in home and f"/portal/exports/{export.pk}/" in home
    assert client.get(f"/portal/exports/{export.pk}/").status_code == 200
    again = client.post("/portal/leave/")
    assert again.status_code == 409 and b"already left" in again.content
    assert ExitRecord.objects.count() == 1


def test_retention_contact_only_with_consent(world, ada_client):
    ada_client.post("/portal/consents/", {"purpose": "retention_contact", "decision": "grant"})
    ada_client.post("/portal/leave/")
    assert ExitRecord.objects.get().retention_contact_allowed is True


def test_leave_needs_the_customers_own_session(world, ben_client):
    ben_client.post("/portal/leave/")
    assert Relationship.objects.get(customer=world.ada).stage == "active"
    assert Subscription.objects.get(customer=world.ada).status == "active"


def test_leave_page_says_when_leaving_would_cost_nothing(world, ada_client):
    body = ada_client.get("/portal/leave/").content.decode()
    # Term ends 31 Dec 2027, 30 days' notice: from 1 Dec 2027 the fee no longer applies.
    assert "leaving on or after 1 Dec 2027 costs nothing" in body
