"""`accord demo` through the command: determinism, idempotent rerun, --reset, counts, logins."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accord.commerce.models import Subscription
from accord.consents.models import Consent
from accord.customers.models import Customer
from accord.demo.models import DemoBook
from accord.members.models import StaffMember
from accord.partners.models import Partner
from accord.promises.models import Promise
from accord.relationships.models import Relationship
from accord.scoring.models import CustomerScore
from accord.voice.models import SurveyResponse
from tests.demo.conftest import AS_OF, run_demo

KEY_TABLES = (
    "customers_customer",
    "customers_identity",
    "relationships_relationship",
    "relationships_owner_assignment",
    "relationships_handoff",
    "interactions_interaction",
    "interactions_request",
    "commerce_order",
    "commerce_subscription",
    "promises_promise",
    "voice_survey_response",
    "voice_social_mention",
    "consents_consent",
    "demo_planted_situation",
)


def checksums() -> dict[str, str]:
    sums = {}
    with connection.cursor() as cursor:
        for table in KEY_TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")
            digest = hashlib.sha256()
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
            sums[table] = digest.hexdigest()
    return sums


@pytest.mark.django_db(transaction=True)
def test_same_seed_and_as_of_give_identical_data_and_rerun_changes_nothing():
    args = ("--customers=120", "--seed=3", f"--as-of={AS_OF.isoformat()}")
    first_output = run_demo(*args)
    assert "Generated 120 customers" in first_output
    first = checksums()
    again = run_demo(*args)
    assert (
        "The demo company is already loaded (120 customers, seed 3); use --reset to "
        "regenerate." in again
    )
    assert checksums() == first
    run_demo(*args, "--reset")
    assert checksums() == first
    run_demo("--customers=120", "--seed=4", f"--as-of={AS_OF.isoformat()}", "--reset")
    changed = checksums()
    assert changed["interactions_interaction"] != first["interactions_interaction"]
    assert DemoBook.objects.get().seed == 4


@pytest.mark.django_db
def test_counts_logins_and_showcase_customer(demo_book):
    assert "maria / accord-demo" in demo_book and "oliver / accord-demo" in demo_book
    assert "http://127.0.0.1:8000/login/" in demo_book
    assert "ada@example.com" in demo_book and "http://127.0.0.1:8000/portal/" in demo_book
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM interactions_interaction")
        (interactions,) = cursor.fetchone()
    assert 40 * 300 <= interactions <= 60 * 300
    assert 35 <= StaffMember.objects.count() <= 45
    assert StaffMember.objects.filter(is_active=False, left_at__isnull=False).count() >= 2
    assert Partner.objects.count() == 3
    organizations = Customer.objects.filter(kind="organization").count()
    assert 0.15 <= organizations / 300 <= 0.25
    maria = StaffMember.objects.get(username="maria")
    oliver = StaffMember.objects.get(username="oliver")
    assert maria.role == "manager" and maria.function == "management"
    assert maria.check_password("accord-demo") and oliver.check_password("accord-demo")
    assert oliver.function == "success"
    assert 3 <= Relationship.objects.filter(owner=oliver).count() <= 20  # 2.5% of 300


@pytest.mark.django_db
def test_the_demo_opens_with_the_whole_book_scored(demo_book):
    assert "scored 300 customers" in demo_book
    assert CustomerScore.objects.count() == 300
    assert set(CustomerScore.objects.values_list("segment", flat=True)) >= {"hostage", "apostle"}


@pytest.mark.django_db
def test_ada_is_the_portal_showcase(demo_book):
    ada = Customer.objects.get(email="ada@example.com")
    assert ada.name == "Ada Lovelace" and ada.kind == "person"
    assert ada.relationship.owner.username == "oliver"
    assert ada.planted_situations.get().situation == "loyalist"
    statuses = set(Promise.objects.filter(customer=ada).values_list("status", flat=True))
    assert {"open", "kept"} <= statuses and "broken" not in statuses
    assert ada.orders.count() >= 2
    assert Subscription.objects.get(customer=ada).early_termination_fee > 0
    consents = Consent.objects.filter(customer=ada)
    assert consents.exists()
    for consent in consents:
        assert consent.receipt.document["consentReceiptID"] == str(consent.receipt_id)
    assert SurveyResponse.objects.filter(customer=ada).exists()


@pytest.mark.django_db
def test_foreign_keys_hold_after_the_bulk_load(demo_book):
    connection.check_constraints()


@pytest.mark.django_db
def test_bad_input_is_refused_with_one_line(demo_book):
    with pytest.raises(CommandError, match="--customers: must be at least 1"):
        call_command("demo", "--customers=0")
    with pytest.raises(CommandError, match=r"--as-of: .* has no time zone"):
        call_command("demo", "--as-of=2026-01-01T00:00:00")


@pytest.mark.django_db
def test_variety_and_handoff_history(demo_book):
    from accord.core.models import Channel, InteractionKind
    from accord.interactions.models import Interaction
    from accord.relationships.models import Handoff, OwnerAssignment
    from accord.voice.models import SocialMention

    # Every channel a touch with the customer travels; notes are written by staff in the UI.
    assert set(Interaction.objects.values_list("channel", flat=True).distinct()) == set(
        Channel.values
    ) - {Channel.NOTE}
    assert set(Interaction.objects.values_list("kind", flat=True).distinct()) == set(
        InteractionKind.values
    )
    assert SocialMention.objects.filter(customer__isnull=True).exists()
    handoffs = list(Handoff.objects.all())
    assert len(handoffs) >= 0.1 * 300
    for handoff in handoffs:
        ended = OwnerAssignment.objects.get(
            customer_id=handoff.customer_id, owner_id=handoff.from_owner_id
        )
        started = OwnerAssignment.objects.get(
            customer_id=handoff.customer_id, owner_id=handoff.to_owner_id
        )
        assert ended.ended_at == started.started_at == handoff.occurred_at
