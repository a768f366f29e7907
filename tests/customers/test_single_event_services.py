"""The single-event services behind every way in: validated, audited, idempotent where the
record has an external id, and a conflict (not a crash) on duplicates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from accord.audit.models import AuditEvent
from accord.commerce.models import LoyaltyBalance, Order
from accord.commerce.services import (
    change_loyalty_balance,
    end_subscription,
    record_order,
    start_subscription,
)
from accord.consents.services import ConsentError, set_consent
from accord.core.validation import Conflict, ValidationProblem
from accord.customers.models import Customer, Identity
from accord.customers.services import (
    add_contact,
    add_identity,
    create_customer,
    remove_identity,
    update_contact,
    update_customer,
)
from accord.voice.services import record_survey_response


@pytest.fixture
def ann(bob) -> Customer:
    return create_customer(name="Ann", email="ann@example.test", owner=bob)


@pytest.mark.django_db
def test_update_customer_changes_only_given_fields_and_adds_the_email_identity(ann, bob):
    update_customer(customer_id=ann.pk, by=bob, city=" Lyon ", email="Ann@New.test")
    ann.refresh_from_db()
    assert (ann.city, ann.email, ann.name) == ("Lyon", "ann@new.test", "Ann")
    assert sorted(ann.identities.values_list("value", flat=True)) == [
        "ann@example.test",
        "ann@new.test",
    ]
    event = AuditEvent.objects.get(action="customer.update")
    assert (event.actor_id, event.details) == (bob.pk, {"fields": ["city", "email"]})
    with pytest.raises(ValidationProblem) as caught:
        update_customer(customer_id=ann.pk, by=bob, country="XX")
    assert caught.value.field == "country"


@pytest.mark.django_db
def test_a_taken_email_is_a_conflict_naming_the_field(ann, bob):
    with pytest.raises(Conflict) as caught:
        create_customer(name="Other Ann", email="ANN@example.test", owner=bob)
    taken = f"email: ann@example.test is already the email of customer {ann.pk}"
    assert str(caught.value) == taken
    assert Customer.objects.count() == 1


@pytest.mark.django_db
def test_identities_are_idempotent_and_removing_the_primary_email_moves_it(ann, bob):
    first = add_identity(customer_id=ann.pk, kind="phone", value="+33 1 23", by=bob)
    again = add_identity(customer_id=ann.pk, kind="phone", value="+33 1 23", by=bob)
    assert first.pk == again.pk
    other = create_customer(name="Ben", owner=bob)
    with pytest.raises(Conflict) as caught:
        add_identity(customer_id=other.pk, kind="phone", value="+33 1 23", by=bob)
    assert caught.value.field == "value"
    add_identity(customer_id=ann.pk, kind="email", value="ann@two.test", by=bob)
    primary = Identity.objects.get(value="ann@example.test")
    remove_identity(identity_id=primary.pk, by=bob)
    ann.refresh_from_db()
    assert ann.email == "ann@two.test"


@pytest.mark.django_db
def test_contacts_belong_to_organizations_with_one_primary(ann, bob):
    with pytest.raises(ValidationProblem) as caught:
        add_contact(customer_id=ann.pk, name="X", email="x@x.test", by=bob)
    assert caught.value.field == "customer_id"
    acme = create_customer(name="Acme", kind="organization", owner=bob)
    first = add_contact(
        customer_id=acme.pk, name="Cy", email="cy@acme.test", is_primary=True, by=bob
    )
    second = add_contact(customer_id=acme.pk, name="Di", email="di@acme.test", by=bob)
    update_contact(contact_id=second.pk, by=bob, is_primary=True)
    assert list(acme.contacts.order_by("pk").values_list("is_primary", flat=True)) == [False, True]
    with pytest.raises(Conflict):
        update_contact(contact_id=first.pk, by=bob, email="DI@acme.test")


@pytest.mark.django_db
def test_orders_are_idempotent_by_external_id(ann, bob):
    values = {"customer_id": ann.pk, "amount": "19.90", "occurred_at": "2026-01-05T10:00Z"}
    first = record_order(**values, source="shop", external_id="o-1", by=bob)
    record_order(**values, source="shop", external_id="o-1", by=bob)
    changed = record_order(**values | {"amount": "21"}, source="shop", external_id="o-1")
    assert first.pk == changed.pk
    assert list(Order.objects.values_list("amount", flat=True)) == [Decimal("21.00")]
    assert list(
        AuditEvent.objects.filter(object_type="order").values_list("action", flat=True)
    ) == [
        "order.record",
        "order.update",
    ]


@pytest.mark.django_db
def test_subscription_loyalty_survey_and_consent(ann, bob):
    subscription = start_subscription(
        customer_id=ann.pk,
        product="Fibre",
        monthly_price="30",
        start_date="2026-01-01",
        term_end_date=date(2027, 1, 1),
        early_termination_fee="120",
        by=bob,
    )
    assert subscription.list_monthly_price == Decimal("30.00")
    end_subscription(subscription_id=subscription.pk, by=bob, ended_at="2026-06-01T00:00Z")
    with pytest.raises(Conflict):
        end_subscription(subscription_id=subscription.pk, by=bob)
    change_loyalty_balance(customer_id=ann.pk, programme="Miles", points_delta=500, by=bob)
    change_loyalty_balance(customer_id=ann.pk, programme="Miles", points_delta="-200", by=bob)
    with pytest.raises(ValidationProblem) as caught:
        change_loyalty_balance(customer_id=ann.pk, programme="Miles", points_delta=-301)
    assert str(caught.value) == "points_delta: the balance is 300 points; it cannot go below 0"
    assert LoyaltyBalance.objects.get().points == 300
    response = record_survey_response(
        customer_id=ann.pk, nps="2", comment="Terrible, I want to cancel.", by=bob
    )
    assert response.nps == 2 and response.comment_sentiment is not None
    assert response.comment_sentiment < 0
    receipt = set_consent(
        customer_id=ann.pk,
        purpose="marketing",
        is_granted="false",
        method="call",
        by=bob,
        recorded_at=datetime(2026, 2, 1, tzinfo=UTC),
    )
    assert receipt.consent.is_granted is False
    with pytest.raises(ConsentError) as refused:
        set_consent(customer_id=ann.pk, purpose="spam", is_granted=True, method="call")
    assert refused.value.field == "purpose"
