"""`accord gaps`: the board in the terminal and as JSON, with filters and bad input."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from accord.handovers.departures import deactivate_staff
from tests.relationships.factories import AS_OF, customer_of, touch

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("gaps", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def board(alice, bob, carol):
    stale = customer_of(bob, "Stale Co")
    touch(stale, days_ago=3, direction="inbound")
    orphan = customer_of(carol, "Orphan Co")
    deactivate_staff(carol, by=alice, at=AS_OF - timedelta(days=1))
    return stale, orphan


def test_json_lists_every_gap_with_counts(board) -> None:
    document = json.loads(run("--json", "--as-of", AS_OF.isoformat()))
    assert document["counts"] == {
        "orphaned": 1,
        "contested": 0,
        "stale": 1,
        "dropped_handoff": 0,
        "untold_handoff": 0,
        "overloaded": 0,
    }
    assert [(g["kind"], g["reason"], g["customer_name"]) for g in document["gaps"]] == [
        ("orphaned", "owner_left", "Orphan Co"),
        ("stale", "owner_silent", "Stale Co"),
    ]
    assert document["gaps"][0]["suggested_action"] == "Assign a new owner."


def test_table_shows_explanations(board) -> None:
    output = run("--as-of", "2026-06-30T12:00:00+00:00", "--kind", "orphaned")
    assert "Accountability gaps" in output
    assert "Orphan Co" in output and "Stale Co" not in output
    assert "Owner Carol left on 29 Jun 2026" in output


def test_owner_filter_by_username(board) -> None:
    document = json.loads(run("--json", "--as-of", AS_OF.isoformat(), "--owner", "bob"))
    assert [g["customer_name"] for g in document["gaps"]] == ["Stale Co"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "yesterday"), "--as-of: 'yesterday' is not a date or time"),
        (("--owner", "nobody"), "--owner: no staff member 'nobody'"),
    ],
)
def test_bad_input_is_one_clear_line(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
