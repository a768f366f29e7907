"""Managing staff in the staff UI: admins add people and change roles, functions and
delegates; managers deactivate members with a hand-over; only an admin deactivates a
manager or admin; nobody deactivates themselves; everyone else gets 404, nothing changed."""

from __future__ import annotations

import pytest
from django.test import Client

from accord.audit.models import AuditEvent
from accord.customers.services import create_customer
from accord.members.models import StaffMember
from accord.relationships.models import Relationship
from tests.conftest import make_staff
from tests.staff.html_tables import table_rows


@pytest.fixture
def admin(db) -> StaffMember:
    return make_staff("ada", function="management", role="admin")


def test_an_admin_adds_someone_who_can_sign_in(client: Client, admin) -> None:
    client.force_login(admin)
    response = client.post(
        "/staff/new/",
        {
            "username": "nina",
            "first_name": "Nina",
            "last_name": "Novak",
            "email": "nina@example.com",
            "function": "support",
            "role": "member",
            "password": "a long enough passphrase",
        },
    )
    nina = StaffMember.objects.get(username="nina")
    assert response.status_code == 302 and response["Location"] == f"/staff/{nina.pk}/"
    assert (nina.function, nina.role, nina.is_active) == ("support", "member", True)
    assert AuditEvent.objects.filter(action="staff.create", actor=admin, object_id=nina.pk).exists()
    assert Client().login(username="nina", password="a long enough passphrase")


def test_an_invalid_new_person_keeps_what_was_typed(client: Client, admin) -> None:
    client.force_login(admin)
    typed = {
        "username": "ada",  # taken
        "first_name": "Second Ada",
        "last_name": "Lovelace",
        "email": "not an email",
        "function": "billing",
        "role": "manager",
        "password": "short",
    }
    response = client.post("/staff/new/", typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Someone already has this username." in html
    assert "Enter a valid email address." in html
    for value in ("Second Ada", "Lovelace", "not an email", 'value="short"'):
        assert value in html
    assert '<option value="billing" selected>' in html
    assert '<option value="manager" selected>' in html
    assert StaffMember.objects.count() == 1


def test_an_admin_changes_role_function_and_delegate(client: Client, admin, bob, carol) -> None:
    client.force_login(admin)
    response = client.post(
        f"/staff/{bob.pk}/",
        {"function": "sales", "role": "manager", "title": "Lead", "delegate": carol.pk},
    )
    assert response.status_code == 302
    bob.refresh_from_db()
    assert (bob.function, bob.role, bob.title, bob.delegate_id) == (
        "sales",
        "manager",
        "Lead",
        carol.pk,
    )
    event = AuditEvent.objects.get(action="staff.update", object_id=bob.pk)
    assert event.details["role"] == "manager" and event.details["delegate_id"] == carol.pk


@pytest.mark.parametrize("who", ["bob", "alice"])
def test_members_and_managers_cannot_add_or_edit_staff(client: Client, who, alice, bob, carol):
    client.force_login({"bob": bob, "alice": alice}[who])
    assert client.get("/staff/new/").status_code == 404
    response = client.post(f"/staff/{carol.pk}/", {"function": "sales", "role": "admin"})
    assert response.status_code == 404
    carol.refresh_from_db()
    assert (carol.function, carol.role) == ("support", "member")
    assert not StaffMember.objects.filter(username="x").exists()


def test_a_member_sees_no_staff_pages(client: Client, bob, carol) -> None:
    client.force_login(bob)
    assert client.get("/staff/").status_code == 404
    assert client.get(f"/staff/{carol.pk}/").status_code == 404
    assert client.post(f"/staff/{carol.pk}/deactivate/", {}).status_code == 404
    carol.refresh_from_db()
    assert carol.is_active


def test_a_manager_deactivates_a_member_handing_the_book_over(client: Client, alice, bob, carol):
    customers = [create_customer(name=f"C{i}", owner=bob) for i in range(3)]
    client.force_login(alice)
    response = client.post(f"/staff/{bob.pk}/deactivate/", {"reassign_to": carol.pk})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert not bob.is_active and bob.left_at is not None
    owners = Relationship.objects.filter(customer__in=customers).values_list("owner", flat=True)
    assert set(owners) == {carol.pk}


def test_only_an_admin_deactivates_a_manager_and_nobody_themselves(client: Client, admin, alice):
    other = make_staff("mike", role="manager")
    client.force_login(alice)
    # Refused by rank: 403 with the reason (a manager sees the staff list anyway).
    assert client.post(f"/staff/{other.pk}/deactivate/", {}).status_code == 403
    assert client.post(f"/staff/{alice.pk}/deactivate/", {}).status_code == 403
    client.force_login(admin)
    assert client.post(f"/staff/{admin.pk}/deactivate/", {}).status_code == 403
    other.refresh_from_db()
    alice.refresh_from_db()
    admin.refresh_from_db()
    assert other.is_active and alice.is_active and admin.is_active
    assert client.post(f"/staff/{other.pk}/deactivate/", {}).status_code == 302
    other.refresh_from_db()
    assert not other.is_active


def test_the_staff_page_offers_only_what_the_viewer_may_do(client: Client, admin, alice, bob):
    client.force_login(alice)
    html = client.get(f"/staff/{bob.pk}/").content.decode()
    assert "Deactivate Bob" in html and "Function, role and delegate" not in html
    html = client.get(f"/staff/{admin.pk}/").content.decode()
    assert "Deactivate" not in html
    assert "Add someone" not in client.get("/staff/").content.decode()
    client.force_login(admin)
    assert "Add someone" in client.get("/staff/").content.decode()


def test_the_staff_list_counts_each_book_in_bounded_queries(
    client: Client, alice, bob, carol, django_assert_num_queries
) -> None:
    for number in range(3):
        create_customer(name=f"Bob's {number}", owner=bob)
    create_customer(name="Gone", owner=bob, stage="departed")
    create_customer(name="Carol's", owner=carol)
    client.force_login(alice)
    # session, user, second factor, staff with delegates, books, departed per owner
    with django_assert_num_queries(6):
        response = client.get("/staff/")
    rows = {row[1]: row[5] for row in table_rows(response.content.decode(), "staff-table")}
    expected = {
        person.username: str(
            Relationship.objects.filter(owner=person).exclude(stage="departed").count()
        )
        for person in StaffMember.objects.all()
    }
    assert rows == expected == {"alice": "0", "bob": "3", "carol": "1"}
