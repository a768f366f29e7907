"""The 360's timeline rows (built in Python, staff/timeline_rows.py) show what the
template showed, escaped: who, their function, the subject and a truncated body."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from accord.customers.services import create_customer
from accord.interactions.services import record_interaction

pytestmark = pytest.mark.django_db


def test_timeline_rows_are_escaped_and_truncated(client: Client, bob) -> None:
    customer = create_customer(name="Timeline Co", owner=bob, stage="active")
    record_interaction(
        customer_id=customer.pk,
        channel="email",
        direction="inbound",
        kind="request",
        staff=bob,
        subject="<b>Refund</b> & more",
        body="x" * 200,
        occurred_at=datetime(2026, 3, 4, 5, 6, tzinfo=UTC),
    )
    client.force_login(bob)

    html = client.get(f"/customers/{customer.pk}/").content.decode()

    timeline = html[html.index('<table class="timeline">') :]
    timeline = timeline[: timeline.index("</table>")]
    assert "<td>2026-03-04 05:06</td><td>Inbound (from the customer)</td><td>Email</td>" in timeline
    assert f'<td>{bob} <span class="muted">(Success)</span></td>' in timeline
    assert "<strong>&lt;b&gt;Refund&lt;/b&gt; &amp; more</strong>" in timeline
    assert f'<span class="muted">{"x" * 159}…</span>' in timeline
    assert "No interactions yet." not in timeline


def test_an_empty_timeline_says_so(client: Client, bob) -> None:
    customer = create_customer(name="Quiet Co", owner=bob, stage="active")
    client.force_login(bob)

    html = client.get(f"/customers/{customer.pk}/").content.decode()

    assert '<td colspan="5" class="empty">No interactions yet.</td>' in html
