"""/admin/ for superusers only; every registered model's pages load."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client

from accord.customers.services import create_customer
from accord.members.models import StaffMember


@pytest.fixture
def root(db) -> StaffMember:
    return StaffMember.objects.create_superuser("root", "root@example.com", "root-password-1")


@pytest.mark.django_db
def test_superuser_sees_every_changelist_and_a_change_form(client: Client, root, bob) -> None:
    customer = create_customer(name="Acme Corp", owner=bob, email="a@acme.test")
    client.force_login(root)
    assert client.get("/admin/").status_code == 200
    for model in admin.site._registry:
        meta = model._meta
        url = f"/admin/{meta.app_label}/{meta.model_name}/"
        assert client.get(url).status_code == 200, url
        assert client.get(url + "?q=acme").status_code == 200, url
    assert client.get(f"/admin/customers/customer/{customer.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_staff_with_is_staff_and_permission_is_still_refused(client: Client, bob) -> None:
    # Staff are managed in the staff UI; the admin is for superusers (operators) only.
    bob.is_staff = True
    bob.save(update_fields=["is_staff"])
    bob.user_permissions.add(Permission.objects.get(codename="view_customer"))
    client.force_login(bob)
    for url in ("/admin/", "/admin/customers/customer/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_staff_without_is_staff_is_sent_to_admin_login(client: Client, bob) -> None:
    client.force_login(bob)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_audit_trail_is_read_only_in_admin(client: Client, root, bob) -> None:
    create_customer(name="Acme Corp", owner=bob)
    client.force_login(root)
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
