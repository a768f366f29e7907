"""When did the customer decide to leave? At their first message asking to leave, if they
wrote one; else at the first "Leave" of the visit they leave in. Steps and staff
contacts count from that point. Time is a controllable clock, never a sleep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accord.interactions.exit_intent import is_exit_intent
from accord.interactions.models import Interaction
from accord.portal.models import ExitRecord
from tests.portal.conftest import sign_in

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **interval: float) -> None:
        self.at += timedelta(**interval)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    frozen = Clock(START)
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


def test_a_message_asking_to_leave_starts_the_clock(clock, world, bob):
    ada = sign_in(Client(), "ada@example.com")
    ada.post("/portal/requests/", {"subject": "Router keeps rebooting", "body": "again"})
    clock.advance(hours=1)
    asked_at = clock.at
    ada.post(
        "/portal/requests/",
        {"subject": "How do I cancel?", "body": "I want to cancel my subscription."},
    )
    clock.advance(days=2)
    # The owner calls her on the way out: a staff contact the record counts.
    Interaction.objects.create(
        customer=world.ada, channel="call", direction="outbound", staff=bob,
        function=bob.function, occurred_at=clock.at, kind="other", subject="Please stay",
    )  # fmt: skip
    clock.advance(days=1)
    ada = sign_in(Client(), "ada@example.com")  # a new visit, days later
    assert ada.get("/portal/leave/").status_code == 200
    clock.advance(seconds=30)
    assert ada.post("/portal/leave/").status_code == 200

    record = ExitRecord.objects.get(customer=world.ada)
    assert record.requested_at == asked_at
    assert record.decided_via == "wrote to us: How do I cancel?"
    assert record.seconds == timedelta(days=3, seconds=30).total_seconds()
    # From the decision: the message, opening "Leave", confirming; one call from us.
    assert (record.steps, record.forced_staff_contacts) == (3, 1)


def test_an_old_request_to_leave_starts_nothing(clock, world):
    ada = sign_in(Client(), "ada@example.com")
    ada.post("/portal/requests/", {"subject": "Cancel my subscription", "body": "please"})
    clock.advance(days=200)  # she stayed; today she decides anew
    ada = sign_in(Client(), "ada@example.com")
    ada.get("/portal/leave/")
    clock.advance(seconds=5)
    ada.post("/portal/leave/")
    record = ExitRecord.objects.get(customer=world.ada)
    assert (record.requested_at, record.seconds, record.steps) == (
        START + timedelta(days=200), 5.0, 2,
    )  # fmt: skip
    assert record.decided_via == "opened Leave in the portal"


def test_leave_opened_in_an_earlier_visit_restarts_at_this_visits_decision(clock, world):
    sign_in(Client(), "ada@example.com").get("/portal/leave/")
    clock.advance(hours=5)
    again = sign_in(Client(), "ada@example.com")
    again.get("/portal/leave/")
    clock.advance(seconds=12)
    again.get("/portal/leave/")  # looking twice in one visit keeps the clock
    clock.advance(seconds=3)
    again.post("/portal/leave/")
    record = ExitRecord.objects.get(customer=world.ada)
    assert (record.requested_at, record.seconds) == (START + timedelta(hours=5), 15.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How do I cancel?", True),
        ("Please send my transfer code", True),
        ("I want to leave and switch provider", True),
        ("Terminate my contract at the end of the month", True),
        ("Can I get the PAC code", True),
        ("Cancel the delivery, I will be away", False),
        ("Please leave a message at reception", False),
        ("Router keeps rebooting", False),
    ],
)
def test_exit_intent_reads_asks_to_leave_and_nothing_else(text, expected):
    assert is_exit_intent(text) is expected
