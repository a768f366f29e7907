"""The HubSpot and Salesforce adapters alone: fixture exports in, generic rows and skip
counts out (the import of those rows is tested through `accord import`)."""

from __future__ import annotations

import pytest

from accord.imports.formats import hubspot, salesforce
from accord.imports.formats.detect import detect
from accord.imports.formats.generic import SkipCounter
from accord.imports.formats.labels import FormatProblem
from accord.imports.readers import open_rows, read_header
from tests.imports.formats_support import DATA

HUBSPOT = DATA / "hubspot"
EXPORT = DATA / "salesforce" / "export"
pytestmark = pytest.mark.django_db


def adapt(module, kind: str, path, **options) -> tuple[list, dict]:
    skipped = SkipCounter()
    rows = list(module.to_generic(kind, open_rows(path), path=path, skipped=skipped, **options))
    return rows, dict(skipped)


def test_hubspot_deals_keep_won_ones_and_count_the_rest():
    rows, skipped = adapt(hubspot, "orders", HUBSPOT / "deals.csv")
    assert rows == [
        (
            2,
            {
                "external_id": "9001",
                "customer_external_id": "5100001",
                "occurred_at": "2024-03-15T10:00:00+00:00",
                "amount": "12500",
                "currency": "",
                "description": "Müller \u2013 Jahreslizenz 2024",
            },
        ),
        (
            5,
            {
                "external_id": "9004",
                "customer_external_id": "103",
                "occurred_at": "2024-04-30T17:45:00+00:00",
                "amount": "1250.50",
                "currency": "",
                "description": "Zoë \u2013 Beratungspaket",
            },
        ),
    ]
    assert skipped == {"open deal (not an order until won)": 1, "lost deal": 1}


def test_salesforce_tasks_find_their_customer_and_owner_beside_the_file():
    rows, skipped = adapt(salesforce, "interactions", EXPORT / "Task.csv")
    assert [
        (line, row["customer_external_id"], row["staff_email"], row["channel"])
        for line, row in rows
    ] == [
        (2, "0015g00000Acc01AAA", "jana@example.com", "call"),
        (3, "0035g00000Con02AAA", "tom@example.com", "email"),
        (6, "0015g00000Acc02AAA", "tom@example.com", "call"),
    ]
    assert skipped == {
        "deleted in Salesforce (IsDeleted)": 1,
        "open task (not an interaction until done)": 1,
    }


def test_a_file_that_cannot_give_the_kind_says_which_can():
    with pytest.raises(FormatProblem, match="this is a HubSpot deals export; customers come"):
        list(hubspot.to_generic("customers", open_rows(HUBSPOT / "deals.csv")))
    with pytest.raises(FormatProblem, match="Salesforce Opportunity file; requests come from Case"):
        list(
            salesforce.to_generic(
                "requests", open_rows(EXPORT / "Opportunity.csv"), path=EXPORT / "Opportunity.csv"
            )
        )


def test_a_bad_date_is_a_row_problem_naming_the_source_column(tmp_path):
    path = tmp_path / "companies.csv"
    path.write_text(
        '"Record ID","Company name","Create Date"\n"1","A","soon"\n"2","B",""\n', encoding="utf-8"
    )
    rows, _ = adapt(hubspot, "customers", path)
    assert (rows[0].line, rows[0].column, rows[0].message) == (
        2,
        "Create Date",
        "not a date or time: 'soon'",
    )
    assert rows[1][1]["created_at"] == ""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (HUBSPOT / "companies.csv", ("hubspot", "companies", ("customers",))),
        (HUBSPOT / "contacts.csv", ("hubspot", "contacts", ("customers", "contacts"))),
        (HUBSPOT / "kontakte_de.csv", ("hubspot", "contacts", ("customers", "contacts"))),
        (HUBSPOT / "tickets.csv", ("hubspot", "tickets", ("requests",))),
        (EXPORT / "Case.csv", ("salesforce", "Case", ("requests",))),
        (EXPORT / "User.csv", ("salesforce", "User", ())),
        (
            DATA / "salesforce" / "dataloader" / "extract_accounts.csv",
            ("salesforce", "Account", ("customers",)),
        ),
        (
            DATA / "salesforce" / "dataloader" / "extract_opportunities.csv",
            ("salesforce", "Opportunity", ("orders",)),
        ),
    ],
)
def test_detection(path, expected):
    found = detect(read_header(path), path)
    assert (found.format, found.source_object, found.kinds) == expected
