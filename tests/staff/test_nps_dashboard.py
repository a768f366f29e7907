"""NPS on the dashboard: by segment, team and month as SVG with tables, detractors who
complain in public flagged; a member sees their own book only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accord.customers.services import add_identity, create_customer
from accord.imports.mentions import ingest_records
from accord.voice.services import record_survey_response

pytestmark = pytest.mark.django_db


def test_nps_by_segment_team_month_and_loud_detractors(client, alice, bob, carol):
    now = datetime.now(UTC)
    happy = create_customer(name="Happy Co", kind="person", email="h@x.test", owner=bob)
    angry = create_customer(name="Angry Ann", kind="person", email="a@x.test", owner=bob)
    other = create_customer(name="Carol's Client", kind="person", email="c@x.test", owner=carol)
    add_identity(customer_id=angry.pk, kind="social", source="x", value="angry_ann", by=None)
    record_survey_response(customer_id=happy.pk, nps=10, responded_at=now - timedelta(days=3))
    record_survey_response(customer_id=angry.pk, nps=2, comment="Still no refund. Awful.")
    record_survey_response(customer_id=other.pk, nps=9)
    ingest_records(
        enumerate(
            [
                {
                    "platform": "x",
                    "post_id": "n1",
                    "author_handle": "angry_ann",
                    "text": "Worst company ever, terrible service, avoid!",
                    "posted_at": now.isoformat(),
                }
            ]
        )
    )
    client.force_login(alice)
    page = client.get("/dashboard/").content.decode()
    assert 'id="nps-segment-chart"' in page and 'id="nps-team-chart"' in page
    assert 'id="nps-month-chart"' in page
    # 3 answers: 2 promoters, 1 detractor: NPS +33 over the book.
    # 3 answers: 2 promoters, 1 detractor: NPS +33 over the book (not scored yet).
    assert '<td>unscored</td><td class="num">33</td><td class="num">3</td>' in page
    # By the owner's team: Bob's success book 1 promoter, 1 detractor; Carol's support 1.
    assert '<td>success</td><td class="num">0</td><td class="num">2</td>' in page
    assert '<td>support</td><td class="num">100</td><td class="num">1</td>' in page
    assert f"<td>{now:%Y-%m}</td>" in page
    assert 'Angry Ann</a> <span class="badge badge--bad">public</span>' in page
    client.force_login(bob)
    mine = client.get("/dashboard/").content.decode()
    # Bob's dashboard is his book: Carol's client is not counted.
    assert '<td>unscored</td><td class="num">0</td><td class="num">2</td>' in mine
    assert "<td>support</td>" not in mine
