"""Lists that work: the customer list sorts by every shown column (both ways), filters by
owner, team, stage, segment and health band, keeps filters and sort across pages, and
exports exactly what it shows as CSV with formula-looking cells neutralised."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client, override_settings

from accord.customers.services import create_customer
from accord.scoring.models import CustomerScore
from accord.staff.listing import safe_cell
from tests.staff.dashboard_book import Book, build_book
from tests.staff.html_tables import table_rows


@pytest.fixture
def book(db) -> Book:
    return build_book()


def _rows(client: Client, query: str) -> list[list[str]]:
    response = client.get(f"/{query}")
    assert response.status_code == 200
    rows = table_rows(response.content.decode(), "customer-table")
    return [row for row in rows if row != ["No customers match."]]


def _csv(client: Client, query: str) -> list[list[str]]:
    response = client.get(f"/{query}{'&' if query else '?'}format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


COLUMNS = ["name", "kind", "email", "owner", "stage", "city", "segment", "health"]


def test_every_column_sorts_both_ways(client: Client, book) -> None:
    client.force_login(book.staff["maria"])
    for index, column in enumerate(COLUMNS):
        up = [row[index] for row in _rows(client, f"?sort={column}")]
        down = [row[index] for row in _rows(client, f"?sort=-{column}")]
        assert len(up) == len(down) == 12
        if column == "health":
            assert [float(v) for v in up] == sorted(float(v) for v in up)
            assert [float(v) for v in down] == sorted((float(v) for v in up), reverse=True)
        else:
            # Text order is the database's collation; descending is ascending reversed,
            # value group by value (ties keep their own order).
            groups = list(dict.fromkeys(up))
            assert list(dict.fromkeys(down)) == list(reversed(groups)), column
            assert len(groups) > 1 or column in ("email", "city", "kind"), column


def test_an_unknown_sort_falls_back_to_name(client: Client, book) -> None:
    client.force_login(book.staff["maria"])
    rows = _rows(client, "?sort=password")
    assert [row[0] for row in rows] == sorted((row[0] for row in rows), key=str)


def test_filters_by_team_segment_and_health_band(client: Client, book) -> None:
    client.force_login(book.staff["maria"])
    support = {row[0] for row in _rows(client, "?team=support")}
    assert support == {"Hal Help", "Ivy Idle", "Jon Locked", "Kim Keen"}
    hostages = {row[0] for row in _rows(client, "?segment=hostage")}
    assert hostages == {"Cid Held", "Jon Locked"}
    for band in range(10):
        shown = {row[0] for row in _rows(client, f"?health_band={band}")}
        expected = {
            s.customer.name
            for s in CustomerScore.objects.select_related("customer")
            if min(int(s.health // 10), 9) == band
        }
        assert shown == expected
    both = _rows(client, f"?team=sales&owner={book.staff['dan'].pk}&stage=active")
    assert [row[0] for row in both] == ["Fay Fan"]


def test_the_csv_is_what_the_list_shows(client: Client, book) -> None:
    client.force_login(book.staff["maria"])
    query = "?team=sales&sort=-health"
    shown = _rows(client, query)
    exported = _csv(client, query)
    assert exported[0] == ["Name", "Kind", "Email", "Owner", "Stage", "City", "Segment", "Health"]
    # The list shows "=Gil Formula" as text; the CSV neutralises its leading "=".
    assert exported[1:] == [
        [("'" + cell if cell.startswith("=") else cell) for cell in row] for row in shown
    ]
    assert [row[0] for row in exported if "Gil" in row[0]] == ["'=Gil Formula"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (-2.5, -2.5),
        (None, ""),
    ],
)
def test_safe_cell_neutralises_formulas(value, cell) -> None:
    assert safe_cell(value) == cell


@override_settings(ACCORD_PAGE_SIZE=2)
def test_pages_keep_filters_and_sort(client: Client, book) -> None:
    client.force_login(book.staff["maria"])
    html = client.get("/?team=support&sort=-name").content.decode()
    assert 'href="?team=support&amp;sort=-name&amp;page=2"' in html
    second = _rows(client, "?team=support&sort=-name&page=2")
    assert [row[0] for row in second] == ["Ivy Idle", "Hal Help"]
    # Header links keep the filters and go back to page 1.
    assert 'href="?team=support&amp;sort=name"' in html


@pytest.mark.parametrize("page_size", [4, 5])  # a page ending with the last scored; one across
def test_sorted_by_health_customers_not_scored_yet_come_last(client: Client, book, page_size):
    for name in ("New One", "New Two", "New Three"):
        create_customer(name=name, owner=book.staff["bob"])
    client.force_login(book.staff["maria"])
    pages = range(1, -(-15 // page_size) + 1)
    for sort in ("health", "-health"):
        with override_settings(ACCORD_PAGE_SIZE=page_size):
            rows = [row for page in pages for row in _rows(client, f"?sort={sort}&page={page}")]
        healths = [float(row[7]) for row in rows[:12]]
        assert healths == sorted(healths, reverse=sort == "-health")
        assert [(row[0], row[7]) for row in rows[12:]] == [
            ("New One", "—"),
            ("New Two", "—"),
            ("New Three", "—"),
        ]
        exported = [row[0].removeprefix("'") for row in _csv(client, f"?sort={sort}")[1:]]
        assert exported == [row[0] for row in rows]


def test_sorted_by_health_a_page_is_read_in_one_query(
    client: Client, book, django_assert_num_queries
) -> None:
    client.force_login(book.staff["maria"])
    # session, user, second factor, the team's people, count, a full page of rows, owner
    # options (a page that reaches the customers not scored yet reads them too: 2 more)
    with override_settings(ACCORD_PAGE_SIZE=2), django_assert_num_queries(7):
        response = client.get("/", {"sort": "-health", "team": "sales", "page": 2})
    assert len(table_rows(response.content.decode(), "customer-table")) == 2


def test_a_member_may_list_and_export(client: Client, bob) -> None:
    create_customer(name="@Evil", owner=bob)
    client.force_login(bob)
    assert _csv(client, "?owner=me")[1][0] == "'@Evil"


def test_my_book_table_sorts_filters_and_exports(client: Client, book) -> None:
    client.force_login(book.staff["carol"])
    html = client.get("/book/?sort=-health").content.decode()
    rows = table_rows(html, "book-table")
    healths = [float(row[5]) for row in rows]
    assert len(rows) == 4 and healths == sorted(healths, reverse=True)
    assert [
        row[0]
        for row in table_rows(client.get("/book/?stage=at_risk").content.decode(), "book-table")
    ] == ["Ivy Idle"]
    exported = _csv_of(client, "/book/?sort=-health&format=csv&table=book")
    assert exported[0] == [
        "Customer",
        "Stage",
        "Stage since",
        "Relationship started",
        "Segment",
        "Health",
    ]
    assert [row[0] for row in exported[1:]] == [row[0] for row in rows]


def test_insight_tables_sort_and_export(client: Client, book) -> None:
    client.force_login(book.staff["maria"])
    html = client.get("/insight/?at-risk_sort=-health").content.decode()
    rows = table_rows(html, "at-risk")
    healths = [float(row[3]) for row in rows]
    assert healths and healths == sorted(healths, reverse=True)
    exported = _csv_of(client, "/insight/?at-risk_sort=-health&format=csv&table=at-risk")
    assert [row[0] for row in exported[1:]] == [row[0] for row in rows]
    hostages = _csv_of(client, "/insight/?format=csv&table=hostages")
    assert hostages[0] == ["Customer", "Owner", "Health", "Barriers", "Equity at risk"]
    assert {row[0] for row in hostages[1:]} == {"Cid Held", "Jon Locked"}


def test_board_sorts_by_owner_and_exports(client: Client, book) -> None:
    from accord.relationships.departures import deactivate_staff

    deactivate_staff(book.staff["dan"], by=book.staff["maria"])  # dan's book is orphaned
    client.force_login(book.staff["maria"])
    html = client.get("/board/?sort=-customer").content.decode()
    names = [row[1] for row in table_rows(html, "board-gaps") if len(row) > 1]
    assert names == sorted(names, reverse=True) and "Fay Fan" in names
    exported = _csv_of(client, "/board/?sort=-customer&format=csv")
    assert [row[0].removeprefix("'") for row in exported[1:]] == names
    assert "'=Gil Formula" in [row[0] for row in exported]


def _csv_of(client: Client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))
