"""Least privilege on the holes issue 14 found: ranked deactivation and team-only work.

A manager cannot deactivate an admin, another manager or themselves (403, nothing
changes, through the API and the staff pages); a member cannot settle promises or resolve
alerts of a customer outside their team (404, nothing changes); a member's insight book
is their own.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.core.models import Function
from accord.customers.services import create_customer
from accord.members.models import Role
from accord.promises.models import Promise, PromiseStatus
from accord.promises.services import make_promise
from accord.relationships.services import add_team_member
from accord.scoring.models import Alert
from tests.api.conftest import call, token_for
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return make_staff("root", function=Function.MANAGEMENT, role=Role.ADMIN)


@pytest.fixture
def mallory(db):
    """A second manager."""
    return make_staff("mallory", function=Function.MANAGEMENT, role=Role.MANAGER)


def _events() -> int:
    return AuditEvent.objects.count()


@pytest.mark.parametrize("target", ["root", "mallory", "alice"])
def test_a_manager_cannot_deactivate_an_admin_a_manager_or_themselves_via_api(
    client: Client, alice, root, mallory, target
) -> None:
    victim = {"root": root, "mallory": mallory, "alice": alice}[target]
    token = token_for(alice, scope="admin")
    before = _events()
    response = call(client, "post", f"/staff/{victim.pk}/deactivate", token, {})
    assert response.status_code == 403, response.content
    (problem,) = response.json()["detail"]
    assert problem["type"] == "forbidden"
    expected = "themselves" if target == "alice" else "only an admin"
    assert expected in problem["msg"]
    victim.refresh_from_db()
    assert victim.is_active and victim.left_at is None
    assert _events() == before


def test_an_admin_deactivates_a_manager_but_not_themselves(client: Client, root, mallory):
    token = token_for(root, scope="admin")
    assert call(client, "post", f"/staff/{root.pk}/deactivate", token, {}).status_code == 403
    root.refresh_from_db()
    assert root.is_active
    response = call(client, "post", f"/staff/{mallory.pk}/deactivate", token, {})
    assert response.status_code == 200, response.content
    mallory.refresh_from_db()
    assert not mallory.is_active


@pytest.mark.parametrize("target", ["root", "alice"])
def test_the_staff_page_refuses_the_same_with_403(client: Client, alice, root, target) -> None:
    victim = root if target == "root" else alice
    client.force_login(alice)
    before = _events()
    response = client.post(f"/staff/{victim.pk}/deactivate/", {})
    assert response.status_code == 403
    assert "Nothing was changed" in response.content.decode()
    victim.refresh_from_db()
    assert victim.is_active and victim.left_at is None
    assert _events() == before


@pytest.fixture
def world(bob, carol):
    """Ada is bob's customer with an open promise and an open alert; carol is on no team."""
    ada = create_customer(name="Ada Lovelace", owner=bob)
    promise = make_promise(
        customer_id=ada.pk,
        made_by_side="company",
        kind="callback",
        description="Call back about the invoice",
        due_at=timezone.now() + timedelta(days=2),
        staff=bob,
        by=bob,
    )
    alert = Alert.objects.create(
        customer=ada,
        owner=bob,
        kind="health_drop",
        message="Health fell",
        created_at=timezone.now(),
    )
    return ada, promise, alert


@pytest.mark.parametrize("action", ["keep", "break", "cancel"])
def test_a_member_outside_the_team_cannot_settle_a_promise_404(
    client: Client, world, carol, action
) -> None:
    _, promise, _ = world
    before = _events()
    response = call(client, "post", f"/promises/{promise.pk}/{action}", token_for(carol), {})
    assert response.status_code == 404
    assert Promise.objects.get(pk=promise.pk).status == PromiseStatus.OPEN
    assert _events() == before + 1  # only the token's own creation


def test_a_member_outside_the_team_cannot_break_a_promise_on_the_page(
    client: Client, world, carol
) -> None:
    _, promise, _ = world
    client.force_login(carol)
    response = client.post(f"/promises/{promise.pk}/break/", {f"break-{promise.pk}-reason": "x"})
    assert response.status_code == 404
    assert Promise.objects.get(pk=promise.pk).status == PromiseStatus.OPEN


def test_outsiders_cannot_make_or_renegotiate_but_the_team_can(
    client: Client, world, bob, carol
) -> None:
    ada, promise, _ = world
    due = (timezone.now() + timedelta(days=9)).isoformat()
    token = token_for(carol)
    renegotiate = f"/promises/{promise.pk}/renegotiate"
    assert call(client, "post", renegotiate, token, {"due_at": due}).status_code == 404
    new = {"kind": "callback", "description": "Ring", "due_at": due}
    assert call(client, "post", f"/customers/{ada.pk}/promises", token, new).status_code == 404
    assert Promise.objects.filter(customer=ada).count() == 1
    add_team_member(customer_id=ada.pk, member=carol, function=Function.SUPPORT, by=bob)
    assert call(client, "post", f"/promises/{promise.pk}/break", token, {}).status_code == 200
    assert Promise.objects.get(pk=promise.pk).status == PromiseStatus.BROKEN


def test_a_member_outside_the_team_cannot_resolve_an_alert(
    client: Client, world, alice, carol
) -> None:
    _, _, alert = world
    response = call(client, "post", f"/alerts/{alert.pk}/resolve", token_for(carol), {})
    assert response.status_code == 404
    assert Alert.objects.get(pk=alert.pk).resolved_at is None
    response = call(client, "post", f"/alerts/{alert.pk}/resolve", token_for(alice), {})
    assert response.status_code == 200
    assert Alert.objects.get(pk=alert.pk).resolved_at is not None


def test_a_members_alerts_and_insight_list_are_their_own(client: Client, world, bob, carol):
    token = token_for(carol)
    for owner in ("all", "", str(bob.pk)):
        alerts = call(client, "get", "/alerts", token, {"owner": owner})
        assert alerts.status_code == 200 and alerts.json() == []
        scores = call(client, "get", "/insight/customers", token, {"owner": owner})
        assert scores.status_code == 200 and scores.json()["count"] == 0
    assert call(client, "get", "/alerts", token, {"owner": "x"}).status_code == 422
    mine = call(client, "get", "/alerts", token_for(bob), {"owner": "all"}).json()
    assert len(mine) == 1
