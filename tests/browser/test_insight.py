"""The insight book in a real browser: a manager reads the health histogram and the
loyalty matrix, finds the planted hostage with their barriers, narrows the book with the
page's own filters and follows a customer to the score explanation on their 360 page.
Members see their own book, and not the managers' pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import capfirst
from playwright.sync_api import Locator, Page, expect

from accord.scoring.batch import run_batch
from accord.scoring.models import CustomerScore
from tests.browser.conftest import log_in
from tests.conftest import make_staff
from tests.scoring.factories import add_contract, add_mention, add_orders, add_survey, make_customer

pytestmark = pytest.mark.browser

HISTOGRAM = "Health distribution: customers per 10-point band"
MATRIX = "Loyalty matrix: satisfaction against loyalty"


@pytest.fixture
def scored_book(transactional_db):
    """Five customers, one per segment the page lists, scored by the batch as of today.

    Bob owns Hugo (unhappy, held by a 20-month contract with a 350 EUR exit fee: the
    hostage), Lena (a content regular) and Dora (unhappy, stopped buying). Carol owns
    Ada (a promoter who praises us in public) and Max (satisfied, stopped buying)."""
    as_of = timezone.now().replace(microsecond=0)
    make_staff("maria", function="management", role="manager")
    bob, carol = make_staff("bob"), make_staff("carol", function="support")
    book = {
        "hugo": make_customer(bob, "Hugo Held", as_of),
        "lena": make_customer(bob, "Lena Loyal", as_of),
        "dora": make_customer(bob, "Dora Defector", as_of),
        "ada": make_customer(carol, "Ada Apostle", as_of),
        "max": make_customer(carol, "Max Mercenary", as_of),
    }
    survey_at = as_of - timedelta(days=9)
    for key, order_days, nps, csat, sentiment in (
        ("hugo", [600, 300, 15], 2, 1, -0.6),
        ("lena", [500, 250, 120, 20], 8, 4, 0.4),
        ("dora", [700, 500, 400], 1, 1, -0.7),
        ("ada", [600, 300, 15], 10, 5, 0.9),
        ("max", [700, 600, 450], 8, 4, 0.3),
    ):
        add_orders(book[key].pk, as_of, order_days)
        add_survey(book[key].pk, survey_at, nps, csat, sentiment)
    add_contract(book["hugo"].pk, as_of, months_left=20, fee=350)
    add_mention(book["ada"].pk, as_of - timedelta(days=3), 0.9, "p9")
    run_batch(as_of)
    return book


def filter_book(page: Page, *, owner: str | None = None, segment: str | None = None) -> None:
    """Pick options by their visible labels and press Filter, as a user would."""
    if owner is not None:
        page.get_by_label("Owner").select_option(label=owner)
    if segment is not None:
        page.get_by_label("Segment").select_option(label=segment)
    owner_value = page.get_by_label("Owner").input_value() if owner is not None else ""
    segment_value = page.get_by_label("Segment").input_value()
    page.get_by_role("button", name="Filter").click()
    # Every call changes the query, so waiting for the new URL waits for the new page.
    page.wait_for_url(
        lambda url: (
            f"segment={segment_value}&" in url + "&"
            and (owner is None or f"owner={owner_value}&" in url + "&")
        )
    )


def names_in(table: Locator) -> Locator:
    """The customer links in a table's rows (expect(...).to_have_text([...]) retries)."""
    return table.locator("tbody tr td:first-child a")


def expected_histogram() -> list[int]:
    counts = [0] * 10
    for health in CustomerScore.objects.values_list("health", flat=True):
        counts[min(int(health // 10), 9)] += 1
    return counts


def expected_matrix() -> dict[tuple[int, int], int]:
    cells: dict[tuple[int, int], int] = {}
    for satisfaction, loyalty in CustomerScore.objects.values_list("satisfaction", "loyalty"):
        key = (min(int(satisfaction // 20), 4), min(int(loyalty // 20), 4))
        cells[key] = cells.get(key, 0) + 1
    return cells


def test_manager_reads_charts_and_finds_the_hostage(page: Page, scored_book) -> None:
    scores = {s.customer_id: s for s in CustomerScore.objects.all()}
    hugo = scores[scored_book["hugo"].pk]
    segments = {key: scores[customer.pk].segment for key, customer in scored_book.items()}
    assert segments == {
        "hugo": "hostage",
        "lena": "loyalist",
        "dora": "defector",
        "ada": "apostle",
        "max": "mercenary",
    }

    log_in(page, "maria")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insight").click()
    expect(page).to_have_url(re.compile(r"/insight/$"))
    expect(page.get_by_role("heading", name="Insight", level=1)).to_be_visible()
    expect(page.locator(".page-header")).to_contain_text("5 customers scored")

    # Histogram: one bar per 10-point band, its tooltip and height carrying the count.
    histogram = page.get_by_role("group", name=HISTOGRAM)
    expect(histogram).to_be_visible()
    bars = histogram.locator("rect")
    expect(bars).to_have_count(10)
    counts = expected_histogram()
    top = max(counts)
    for band, count in enumerate(counts):
        bar = bars.nth(band)
        expect(bar.locator("title")).to_have_text(
            f"{band * 10}-{band * 10 + 10}: {count} customers"
        )
        assert float(bar.get_attribute("height") or "nan") == round(count / top * 130, 1)
    assert sum(counts) == 5

    # Loyalty matrix: 5x5 cells, each printing how many customers fall in it.
    matrix = page.get_by_role("group", name=MATRIX)
    expect(matrix).to_be_visible()
    cells = matrix.locator("rect")
    expect(cells).to_have_count(25)
    expected = expected_matrix()
    shown = {}
    for title in cells.locator("title").all_text_contents():
        found = re.fullmatch(r"satisfaction (\d+)-\d+, loyalty (\d+)-\d+: (\d+)", title)
        assert found, title
        shown[(int(found[1]) // 20, int(found[2]) // 20)] = int(found[3])
    assert {key: n for key, n in shown.items() if n} == expected
    expect(matrix).to_contain_text("unhappy, held")
    expect(page.locator("section", has=matrix).locator(".help")).to_have_text(
        "Satisfied and staying: 1 · Satisfied and recommends us: 1 · "
        "Satisfied, not committed: 1 · Unhappy, held by barriers: 1 · Unhappy and leaving: 1"
    )

    # Hostages: Hugo alone, with his barriers and the equity at risk.
    expect(page.locator("#hostage-count")).to_have_text("1")
    hostages = page.locator("#hostages")
    expect(hostages.locator("tbody tr")).to_have_count(1)
    row = hostages.locator("tbody tr").first
    expect(row.locator("td").nth(0)).to_have_text("Hugo Held")
    expect(row.locator("td").nth(1)).to_have_text("Bob")
    expect(row.locator("td").nth(2)).to_have_text(f"{hugo.health:.0f}")
    expect(row.locator("td").nth(3)).to_contain_text("exit fee 350 EUR")
    expect(row.locator("td").nth(3)).to_contain_text("20 months left")
    assert hugo.equity_at_risk > 0
    expect(row.locator("td").nth(4)).to_have_text(f"{hugo.equity_at_risk:.0f} EUR")
    at_risk_card = page.locator(".card", has_text="Value held only by barriers (EUR)")
    expect(at_risk_card.locator(".stat")).to_have_text(f"{hugo.equity_at_risk:,.0f}")
    expect(page.locator("#apostles tbody tr")).to_have_count(1)
    expect(page.locator("#apostles")).to_contain_text("Ada Apostle")


def test_segment_and_owner_filters_narrow_the_book(page: Page, scored_book) -> None:
    log_in(page, "maria")
    page.goto("/insight/")
    expect(page.locator("#segment-table")).to_have_count(0)

    filter_book(page, segment="Unhappy, held by barriers")
    expect(page).to_have_url(re.compile(r"[?&]segment=hostage(&|$)"))
    expect(page.get_by_label("Segment")).to_have_value("hostage")
    expect(page.get_by_role("heading", name=re.compile("1 in segment"))).to_be_visible()
    segment_table = page.locator("#segment-table")
    expect(names_in(segment_table)).to_have_text(["Hugo Held"])
    expect(segment_table.locator("tbody tr td").nth(2)).to_have_text("Unhappy, held by barriers")

    filter_book(page, segment="Satisfied and recommends us")
    expect(names_in(page.locator("#segment-table"))).to_have_text(["Ada Apostle"])

    # Carol's book: her apostle stays, Bob's hostage leaves the hostage list.
    filter_book(page, owner="Carol", segment="Any segment")
    expect(page).to_have_url(re.compile(r"[?&]owner=\d+"))
    expect(page.locator("#segment-table")).to_have_count(0)
    expect(page.locator("#hostage-count")).to_have_text("0")
    expect(page.locator("#hostages tbody")).to_have_text("Nobody is held by barriers.")
    expect(names_in(page.locator("#apostles"))).to_have_text(["Ada Apostle"])

    # The filters narrow every table: Bob's defectors hold no hostage and no apostle.
    filter_book(page, owner="Bob", segment="Unhappy and leaving")
    expect(names_in(page.locator("#segment-table"))).to_have_text(["Dora Defector"])
    expect(page.locator("#hostages tbody")).to_have_text("Nobody is held by barriers.")
    expect(page.locator("#apostles tbody")).to_have_text("Nobody here.")
    filter_book(page, owner="Bob", segment="Any segment")
    expect(names_in(page.locator("#hostages"))).to_have_text(["Hugo Held"])


def test_clicking_the_hostage_opens_the_360_with_the_explanation(page: Page, scored_book) -> None:
    hugo = scored_book["hugo"]
    score = CustomerScore.objects.get(customer=hugo)
    log_in(page, "maria")
    page.goto("/insight/")
    page.locator("#hostages").get_by_role("link", name="Hugo Held").click()
    # Maria is not on Hugo's team: she says why first (docs/desk.md, purpose of access).
    page.fill("#id_purpose-reason", "Reviewing hostages on the insight page")
    page.click("button:has-text('Open the record')")

    expect(page).to_have_url(re.compile(rf"/customers/{hugo.pk}/$"))
    expect(page.get_by_role("heading", name="Hugo Held", level=1)).to_be_visible()
    card = page.locator("section.insight")
    expect(card.get_by_role("heading", name="Health and value")).to_be_visible()
    expect(card.locator(".stat")).to_have_text(f"{score.health:.0f}")
    expect(card.locator(".badge")).to_have_text("Unhappy, held by barriers")
    expect(card.locator(".segment-reason")).to_contain_text("held by")
    drivers = score.explanation["drivers"]
    assert drivers, score.explanation
    expect(card.locator("ul.drivers li.driver")).to_have_text(
        [f"{capfirst(driver['text'])} ({driver['effect']})" for driver in drivers]
    )
    expect(card.locator("ul.barriers")).to_contain_text("Exit fee 350 EUR")
    expect(card.locator("ul.barriers")).to_contain_text("20 months left")
    expect(card).to_contain_text(
        f"Lifetime value held only by barriers: {score.equity_at_risk:.0f} EUR"
    )


def test_a_member_gets_their_own_book_but_not_the_managers_pages(page: Page, scored_book) -> None:
    """A member's insight is their own book (no owner or team to choose); exit friction
    next to it is for managers (404), and its link is not shown."""
    log_in(page, "carol")
    response = page.goto("/insight/")
    assert response is not None and response.status == 200
    expect(page.get_by_label("Owner")).to_have_count(0)
    expect(page.locator("#hostage-count")).to_have_text("0")
    expect(page.locator("#hostages tbody")).to_have_text("Nobody is held by barriers.")
    expect(names_in(page.locator("#apostles"))).to_have_text(["Ada Apostle"])
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Insight")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Exit friction")).to_have_count(0)

    filter_book(page, segment="Satisfied, not committed")
    expect(names_in(page.locator("#segment-table"))).to_have_text(["Max Mercenary"])

    exits = page.goto("/insight/exits/")
    assert exits is not None and exits.status == 404


def test_a_visitor_is_sent_to_the_login_page(page: Page, scored_book) -> None:
    page.goto("/insight/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/insight/$"))
    expect(page.locator("#hostages")).to_have_count(0)
