"""What the customer sees and asks for: owner, team, requests, corrections, who looked."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from accord.audit.services import record_event
from accord.interactions.models import Request
from accord.promises.models import Promise


def test_home_shows_owner_team_and_open_promises(world, ada_client, bob, carol):
    body = ada_client.get("/portal/").content.decode()
    assert "Your accountable owner" in body
    assert "Bob" in body and "Success" in body and "bob@example.com" in body
    assert "Carol" in body and "Support" in body  # team member
    assert "Call Ada back about the router" in body


def test_promises_page_shows_both_sides_with_status(world, ada_client, bob):
    now = timezone.now()
    Promise.objects.create(
        customer=world.ada, made_by_side="customer", staff=bob, kind="payment",
        description="Pay the March invoice", made_at=now, due_at=now + timedelta(days=5),
        status="kept", resolved_at=now,
    )  # fmt: skip
    body = ada_client.get("/portal/promises/").content.decode()
    assert "What we promised you" in body and "Call Ada back about the router" in body
    assert "What you promised us" in body and "Pay the March invoice" in body
    assert "Kept" in body


def test_open_a_request_routes_to_the_owner(world, ada_client, bob):
    response = ada_client.post(
        "/portal/requests/", {"subject": "Invoice is wrong", "body": "March is double"}
    )
    assert response.status_code == 302
    opened = Request.objects.get(subject="Invoice is wrong")
    assert opened.customer_id == world.ada.pk
    assert opened.assigned_to == bob
    assert opened.channel == "portal"
    assert response["Location"] == f"/portal/requests/{opened.pk}/"
    assert b"Invoice is wrong" in ada_client.get("/portal/requests/").content


def test_request_without_subject_is_400_naming_the_field(world, ada_client):
    before = Request.objects.count()
    response = ada_client.post("/portal/requests/", {"subject": "", "body": "x"})
    assert response.status_code == 400
    assert b"This field is required" in response.content
    assert Request.objects.count() == before


def test_rectification_becomes_a_company_promise_due_in_30_days(world, ada_client, bob):
    response = ada_client.post(
        "/portal/data/rectify/", {"field": "phone", "correction": "+44 20 7946 0000"}
    )
    assert response.status_code == 302
    promise = Promise.objects.get(kind="rectification")
    assert (promise.customer_id, promise.made_by_side, promise.staff) == (
        world.ada.pk, "company", bob,
    )  # fmt: skip
    assert promise.status == "open"
    assert abs((promise.due_at - promise.made_at) - timedelta(days=30)) < timedelta(seconds=5)
    assert promise.request is not None and promise.request.assigned_to == bob
    assert response["Location"] == f"/portal/promises/{promise.pk}/"


def test_rectification_with_unknown_field_is_400(world, ada_client):
    response = ada_client.post("/portal/data/rectify/", {"field": "shoe", "correction": "x"})
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    assert not Promise.objects.filter(kind="rectification").exists()


def test_who_looked_at_my_record(world, ada_client, carol):
    record_event(
        action="customer.view", actor=carol, customer_id=world.ada.pk, reason="billing question"
    )
    record_event(
        action="customer.view", actor=carol, customer_id=world.ben.pk, reason="roaming audit"
    )
    body = ada_client.get("/portal/record-views/").content.decode()
    assert "billing question" in body and "Carol" in body
    assert "roaming audit" not in body


def test_held_data_shows_contract_terms_and_hides_unreleased_codes(world, ada_client):
    body = ada_client.get("/portal/data/").content.decode()
    assert "Fibre 500" in body and "120.00" in body and "30 days" in body
    assert "PAC-ADA-001" not in body and "released when you leave" in body


def test_timeline_lists_interactions(world, ada_client):
    ada_client.post("/portal/requests/", {"subject": "Hello there", "body": ""})
    assert b"Hello there" in ada_client.get("/portal/timeline/").content


def test_home_explains_health_and_segment_once_scored(world, ada_client):
    from accord.scoring.incremental import rescore_customer
    from accord.scoring.queries import get_customer_insight

    assert b"Scores are not computed yet" in ada_client.get("/portal/").content
    rescore_customer(world.ada.pk)
    insight = get_customer_insight(world.ada.pk)
    assert insight is not None
    body = ada_client.get("/portal/").content.decode()
    # floatformat rounds half up, as Decimal's ROUND_HALF_UP does.
    health = Decimal(str(insight["health"])).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    assert f'id="health-score">{health}</strong>' in body
    assert f"Segment: <strong>{insight['segment_label']}</strong>" in body


def test_handoff_shows_new_owner_and_history(world, ada_client, carol):
    from accord.handovers.transfers import transfer_owner

    transfer_owner(customer_id=world.ada.pk, to_owner=carol, by=None, reason="Bob moved team")
    home = ada_client.get("/portal/").content.decode()
    owner_card = home.split('id="owner"')[1].split("</section>")[0]
    assert "Carol" in owner_card and "Support" in owner_card
    assert "Bob moved team" in ada_client.get("/portal/timeline/").content.decode()


def test_home_query_count_does_not_grow_with_data(world, ada_client, django_assert_max_num_queries):
    for index in range(30):
        ada_client.post("/portal/requests/", {"subject": f"Question {index}"})
    with django_assert_max_num_queries(13):
        assert ada_client.get("/portal/").status_code == 200
