"""The board and My book reuse the last count of gaps only while the book is unchanged
(accord.relationships.gap_cache): a write anywhere that gaps read shows at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accord.customers.services import create_customer
from accord.interactions.models import Interaction
from accord.members.models import StaffMember
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def _page(member, path: str) -> str:
    client = Client()
    client.force_login(member)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_reply_and_a_deactivation_show_on_the_next_view(bob) -> None:
    manager = make_staff("mona", function="management", role="manager")
    customer = create_customer(name="Quiet Quay", owner=bob, stage="active")
    Interaction.objects.create(
        customer=customer,
        channel="email",
        direction="inbound",
        occurred_at=timezone.now() - timedelta(days=3),
        kind="request",
        subject="Anyone there?",
    )
    assert "Quiet Quay" in _page(manager, "/board/?kind=stale")
    assert 'data-reason="owner_silent"' in _page(bob, "/book/")
    assert "counted at" in _page(manager, "/board/")
    # Bob writes back: the stale gap is gone from both pages.
    Interaction.objects.create(
        customer=customer,
        channel="email",
        direction="outbound",
        staff=bob,
        occurred_at=timezone.now() - timedelta(hours=1),
        kind="support",
        subject="Re: Anyone there?",
    )
    assert "Quiet Quay" not in _page(manager, "/board/?kind=stale")
    assert 'data-reason="owner_silent"' not in _page(bob, "/book/")
    # Bob's account is switched off (even without the service): his customer is
    # orphaned on the next view.
    StaffMember.objects.filter(pk=bob.pk).update(is_active=False)
    assert "Quiet Quay" in _page(manager, "/board/?kind=orphaned")
