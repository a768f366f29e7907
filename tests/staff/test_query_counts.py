"""The busiest staff pages cost as many queries with ROWS rows of each kind as with one:
the customer 360, My book and the board. Each limit is the count with one row, so a
query per row (an N+1) fails here; a page that needs fewer is welcome. The customer
list's counts are in test_customer_list.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accord.customers.models import Customer
from accord.customers.services import create_customer
from accord.interactions.services import receive_request
from accord.members.models import StaffMember
from accord.promises.services import make_promise
from accord.relationships.services import add_team_member, transfer_owner
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

ROWS = 12


def logged_in(member: StaffMember) -> Client:
    client = Client()
    client.force_login(member)
    client.get("/")  # the session, ContentTypes and other per-process caches warm up
    return client


def add_request_and_promise(customer: Customer, owner: StaffMember, number: int) -> None:
    """A request received in the last day (a stale gap while the owner is silent, due
    in My book) and a company promise due this week."""
    receive_request(
        customer_id=customer.pk,
        channel="email",
        received_by_function="support",
        kind="complaint",
        subject=f"Request number {number}",
        # A month apart: each opens its own conversation (ACCORD_LINK_WINDOW_DAYS).
        received_at=timezone.now() - timedelta(days=30 * number, hours=1),
    )
    make_promise(
        customer_id=customer.pk,
        made_by_side="company",
        kind="callback",
        description=f"Promise number {number}",
        due_at=timezone.now() + timedelta(days=1, hours=number),
        staff=owner,
        by=owner,
    )


def busy_customer(bob: StaffMember, carol: StaffMember, rows: int) -> Customer:
    """One customer with `rows` of everything the 360 lists: conversations, timeline
    entries, promises, team members, owners and hand-offs."""
    customer = create_customer(name="Busy Co", owner=bob, stage="active", email="busy@x.test")
    for number in range(rows):
        add_request_and_promise(customer, bob, number)
        member = make_staff(f"member{number}", function="billing")
        add_team_member(customer_id=customer.pk, member=member, function="billing", by=bob)
        transfer_owner(
            customer_id=customer.pk,
            to_owner=carol if number % 2 == 0 else bob,
            by=None,
            reason=f"handoff {number}",
            notify_customer=False,
        )
    if rows % 2:  # back to bob, who opens the page
        transfer_owner(customer_id=customer.pk, to_owner=bob, by=None, reason="back")
    return customer


def book_of(owner: StaffMember, rows: int) -> list[Customer]:
    """`rows` customers of `owner`, each with a request due, a promise due this week and
    a stale gap."""
    customers = []
    for number in range(rows):
        customer = create_customer(
            name=f"Book {number:02d}", owner=owner, stage="active", email=f"b{number}@x.test"
        )
        add_request_and_promise(customer, owner, 0)
        customers.append(customer)
    return customers


@pytest.mark.parametrize("rows", [1, ROWS])
def test_customer_360(rows, bob, carol, django_assert_max_num_queries) -> None:
    customer = busy_customer(bob, carol, rows)
    client = logged_in(bob)
    with django_assert_max_num_queries(34):
        response = client.get(f"/customers/{customer.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for number in range(rows):
        assert f"Promise number {number}" in html and f"handoff {number}" in html
        assert f"Request number {number}" in html and f"Member{number}" in html


@pytest.mark.parametrize("rows", [1, ROWS])
def test_my_book(rows, bob, django_assert_max_num_queries) -> None:
    customers = book_of(bob, rows)
    client = logged_in(bob)
    with django_assert_max_num_queries(18):
        response = client.get("/book/")
    html = response.content.decode()
    assert response.status_code == 200
    for customer in customers:
        assert html.count(customer.name) >= 3  # the table, its gap, its promise


@pytest.mark.parametrize("rows", [1, ROWS])
def test_board(rows, alice, bob, django_assert_max_num_queries) -> None:
    customers = book_of(bob, rows)
    client = logged_in(alice)
    with django_assert_max_num_queries(14):
        response = client.get("/board/", {"kind": "stale"})
    html = response.content.decode()
    assert response.status_code == 200
    for customer in customers:
        assert customer.name in html
