"""The one "working staff member" rule: active and no leaving date recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.members.models import Role, StaffMember
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaving(db) -> StaffMember:
    """Still switched on, but a leaving date is recorded: not working."""
    member = make_staff("lena")
    StaffMember.objects.filter(pk=member.pk).update(left_at=timezone.now())
    member.refresh_from_db()
    return member


def test_a_recorded_leaving_date_means_not_working(bob, leaving) -> None:
    gone = make_staff("gus", is_active=False)
    assert (bob.is_working, leaving.is_working, gone.is_working) == (True, False, False)
    assert list(StaffMember.objects.working()) == [bob]


def test_the_board_offers_no_leaver_as_owner(client, alice, bob, leaving) -> None:
    client.force_login(alice)
    owners = client.get(reverse("staff:board")).context["owners"]
    names = [name for _, name, _ in owners]
    assert "Bob" in names
    assert "Lena" not in names


def test_a_leaver_cannot_be_deactivated_again(client, bob, leaving) -> None:
    root = make_staff("root", role=Role.ADMIN)
    client.force_login(root)
    page = client.get(reverse("staff:staff-detail", args=[leaving.pk]))
    assert page.status_code == 200
    assert (page.context["can_edit"], page.context["can_deactivate"]) == (False, False)
    assert client.get(reverse("staff:staff-detail", args=[bob.pk])).context["can_deactivate"]
