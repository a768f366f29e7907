"""The book dashboard over HTTP: every chart's table of numbers equals the same number
computed here by an independent query on scores, snapshots and promises (not on the
rollups the page reads), for the whole book and filtered; members see their own book."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.test import Client

from accord.promises.models import Promise
from accord.relationships.models import Stage
from accord.scoring.models import BookRollup, CustomerScore, ScoreSnapshot, Segment
from accord.scoring.rollups import rebuild_book_rollups
from tests.staff.dashboard_book import Book, build_book
from tests.staff.html_tables import table_rows


@pytest.fixture
def book(db) -> Book:
    return build_book()


def _page(client: Client, who, query: str = "") -> str:
    client.force_login(who)
    response = client.get(f"/dashboard/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _scores(owners=None):
    scores = CustomerScore.objects.select_related("customer__relationship")
    if owners is not None:
        scores = scores.filter(customer__relationship__owner__in=owners)
    return list(scores)


def _band(value: float, width: int, top: int) -> int:
    return min(int(value // width), top)


def _expected_counts(scores) -> dict[str, object]:
    return {
        "stage": Counter(s.customer.relationship.stage for s in scores),
        "health": Counter(_band(s.health, 10, 9) for s in scores),
        "segment": Counter(s.segment for s in scores),
        "matrix": Counter((_band(s.satisfaction, 20, 4), _band(s.loyalty, 20, 4)) for s in scores),
    }


def _assert_charts_match(html: str, scores) -> None:
    expected = _expected_counts(scores)
    stage_rows = table_rows(html, "stage-table")
    assert [row[0] for row in stage_rows] == [str(label) for _, label in Stage.choices]
    assert [int(row[1]) for row in stage_rows] == [expected["stage"][v] for v in Stage.values]
    health_rows = table_rows(html, "health-table")
    assert [int(row[1]) for row in health_rows] == [expected["health"][b] for b in range(10)]
    segment_rows = table_rows(html, "segment-table")
    assert [int(row[1]) for row in segment_rows] == [expected["segment"][v] for v in Segment.values]
    matrix = table_rows(html, "matrix-table")
    assert [[int(n) for n in row[1:]] for row in matrix] == [
        [expected["matrix"][(s, loyal)] for loyal in range(5)] for s in range(4, -1, -1)
    ]
    hostages = [s for s in scores if s.is_hostage]
    assert f'data-card="hostages">{len(hostages):,}<' in html
    assert f'data-card="customers">{len(scores):,}<' in html
    at_risk = sum(s.equity_at_risk for s in hostages)
    assert f'data-card="equity-at-risk">{at_risk:,.0f}<' in html
    equity = sum(s.clv for s in scores)
    assert f'data-card="customer-equity">{equity:,.0f}<' in html


@pytest.mark.django_db
def test_every_chart_equals_an_independent_count_of_the_scores(client: Client, book) -> None:
    html = _page(client, book.staff["maria"])
    scores = _scores()
    assert len(scores) == 12
    _assert_charts_match(html, scores)
    # The planted hostages are the two locked, unhappy customers.
    assert {s.customer.name for s in scores if s.is_hostage} == {"Cid Held", "Jon Locked"}


@pytest.mark.django_db
def test_a_team_filter_narrows_every_chart(client: Client, book) -> None:
    html = _page(client, book.staff["maria"], "?team=sales")
    scores = _scores(owners=[book.staff["bob"], book.staff["dan"]])
    assert len(scores) == 8
    _assert_charts_match(html, scores)
    # The promise record too: only promises to the sales team's customers.
    people = {row[0]: row[2:] for row in table_rows(html, "promise-person-table")}
    assert people == {"Bob": ["2", "1", "67%"], "Dan": ["1", "1", "50%"]}


@pytest.mark.django_db
def test_stage_segment_and_health_filters_narrow_the_cards(client: Client, book) -> None:
    scores = _scores()
    band = _band(scores[0].health, 10, 9)
    html = _page(client, book.staff["maria"], f"?health_band={band}&stage=active")
    wanted = [
        s
        for s in scores
        if _band(s.health, 10, 9) == band and s.customer.relationship.stage == "active"
    ]
    _assert_charts_match(html, wanted)
    html = _page(client, book.staff["maria"], "?segment=hostage")
    _assert_charts_match(html, [s for s in scores if s.segment == "hostage"])


@pytest.mark.django_db
def test_promise_kept_rate_by_team_and_person(client: Client, book) -> None:
    """Company promises are the accountable owner's record: counted per customer's
    owner (whoever on the team made them) and per owner's function."""
    html = _page(client, book.staff["maria"])
    kept: Counter[str] = Counter()
    broken: Counter[str] = Counter()
    for promise in Promise.objects.select_related("customer__relationship__owner"):
        owner = promise.customer.relationship.owner.first_name
        (kept if promise.status == "kept" else broken)[owner] += 1
    people = {row[0]: row[2:4] for row in table_rows(html, "promise-person-table")}
    assert people == {name: [str(kept[name]), str(broken[name])] for name in kept | broken}
    teams = {row[0]: row[1:] for row in table_rows(html, "promise-team-table")}
    # sales: bob 2 kept 1 broken, dan 1 and 1; support: carol 3 kept 1 broken.
    assert teams == {"sales": ["3", "2", "60%"], "support": ["3", "1", "75%"]}


@pytest.mark.django_db
def test_weekly_trend_equals_the_snapshots_of_each_batch_day(client: Client, book) -> None:
    html = _page(client, book.staff["maria"], "?team=support")
    carol = book.staff["carol"]
    rows = table_rows(html, "trend-table")
    days = [book.now.date() - timedelta(days=d) for d in (14, 7, 0)]
    assert [row[1] for row in rows] == [f"{day:%Y-%m-%d}" for day in days]
    for row, day in zip(rows, days, strict=True):
        snapshots = list(
            ScoreSnapshot.objects.filter(
                taken_on_date=day, customer__relationship__owner=carol
            ).values_list("health", "clv")
        )
        assert int(row[2]) == len(snapshots) == 4
        health = sum(h for h, _ in snapshots) / len(snapshots)
        assert abs(float(row[3]) - health) <= 0.051
        assert abs(float(row[7]) - sum(c for _, c in snapshots)) <= 0.51


@pytest.mark.django_db
def test_gap_trend_has_a_row_per_batch_week(client: Client, book) -> None:
    html = _page(client, book.staff["maria"])
    rows = table_rows(html, "gap-trend-table")
    assert len(rows) == 3


@pytest.mark.django_db
def test_a_member_sees_their_own_book_whatever_the_link_says(client: Client, book) -> None:
    bob = book.staff["bob"]
    html = _page(client, bob, f"?owner={book.staff['carol'].pk}")
    _assert_charts_match(html, _scores(owners=[bob]))
    assert 'name="owner"' not in html  # no owner or team choice to make
    # Bars link to the member's own list.
    assert 'href="/?owner=me&amp;stage=active"' in html
    # Their book is pinned to them: nothing to clear until they choose a filter.
    assert ">Clear</a>" not in html
    assert ">Clear</a>" in _page(client, bob, "?stage=active")


@pytest.mark.django_db
def test_bars_link_to_the_list_they_count(client: Client, book) -> None:
    maria = book.staff["maria"]
    html = _page(client, maria, "?team=sales")
    assert 'href="/?team=sales&amp;stage=at_risk"' in html
    assert 'href="/?team=sales&amp;health_band=0"' in html
    client.force_login(maria)
    listed = client.get("/?team=sales&stage=at_risk").content.decode()
    assert table_rows(listed, "customer-table")[0][0] == "Dee Drift"
    assert len(table_rows(listed, "customer-table")) == 1


@pytest.mark.django_db
def test_rollups_kept_by_rescoring_equal_a_rebuild(client: Client, book) -> None:
    """Incremental rescoring (a transfer, a stage change) keeps the rollups equal to a
    recount from the scores."""
    from accord.handovers.endings import change_stage
    from accord.handovers.transfers import transfer_owner
    from accord.scoring.incremental import rescore_customer

    ada = book.customers["Ada Apostle"]
    transfer_owner(customer_id=ada.pk, to_owner=book.staff["carol"], by=None, reason="test")
    change_stage(customer_id=ada.pk, to_stage="renewal", reason="test", by=None)
    rescore_customer(ada.pk, book.now)
    rescore_customer(book.customers["Kim Keen"].pk, book.now + timedelta(days=1))

    def cells() -> list[tuple]:
        rows = BookRollup.objects.filter(customers__gt=0).order_by(
            "owner_id", "stage", "segment", "health_band", "satisfaction_band", "loyalty_band"
        )
        return [
            (
                r.owner_id,
                r.stage,
                r.segment,
                r.health_band,
                r.satisfaction_band,
                r.loyalty_band,
                r.is_hostage,
                r.customers,
                round(r.health_sum, 6),
                round(r.clv_sum, 4),
            )
            for r in rows
        ]

    kept = cells()
    assert ("renewal" in {cell[1] for cell in kept}) and sum(c[7] for c in kept) == 12
    assert any(cell[0] == book.staff["carol"].pk and cell[1] == "renewal" for cell in kept)
    rebuild_book_rollups()
    assert cells() == kept


@pytest.mark.django_db
def test_money_on_the_cards_groups_thousands(client: Client, book) -> None:
    CustomerScore.objects.update(clv=1234567.4)
    rebuild_book_rollups()
    html = _page(client, book.staff["maria"])
    assert 'data-card="customer-equity">14,814,809<' in html  # 12 customers


@pytest.mark.django_db
def test_each_loyalty_matrix_cell_opens_the_customers_it_counts(client: Client, book) -> None:
    """Every cell of the matrix (on the dashboard and on /insight/) links to the customer
    list narrowed to that cell under the page's filters; the list shows exactly them."""
    maria = book.staff["maria"]
    for page, query, owners in (
        ("/dashboard/", "?team=sales", [book.staff["bob"], book.staff["dan"]]),
        ("/insight/", "", None),
    ):
        client.force_login(maria)
        html = client.get(f"{page}{query}").content.decode()
        scores = _scores(owners)
        for s in range(5):
            for loyal in range(5):
                narrow = f"satisfaction_band={s}&amp;loyalty_band={loyal}"
                team = "team=sales&amp;" if query else ""
                href = f"/?{team}{narrow}"
                assert f'href="{href}"' in html, (page, href)
                listed = client.get(href.replace("&amp;", "&")).content.decode()
                names = sorted(row[0] for row in table_rows(listed, "customer-table"))
                wanted = sorted(
                    score.customer.name
                    for score in scores
                    if (_band(score.satisfaction, 20, 4), _band(score.loyalty, 20, 4)) == (s, loyal)
                )
                if not wanted:
                    names = [n for n in names if n != "No customers match."]
                assert names == wanted, (page, s, loyal)


@pytest.mark.django_db
def test_promise_bars_open_that_team_or_owner_list(client: Client, book) -> None:
    html = _page(client, book.staff["maria"])
    assert 'href="/?team=sales"' in html
    assert f'href="/?owner={book.staff["bob"].pk}"' in html
