"""HubSpot exports as HubSpot writes them (and as spreadsheets re-save them) imported
through `accord import --format hubspot`: companies and contacts as customers, contacts
of companies, owners, won deals as orders, tickets as requests."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from accord.commerce.models import Order
from accord.customers.models import Contact, Customer
from accord.imports.models import ImportRun
from accord.interactions.models import Request
from tests.imports.formats_support import DATA, accord_import, make_owners

HUBSPOT = DATA / "hubspot"
pytestmark = pytest.mark.django_db


def by_external_id(external_id: str) -> Customer:
    return Customer.objects.get(identities__source="hubspot", identities__value=external_id)


def customer_facts(external_id: str) -> tuple:
    customer = by_external_id(external_id)
    relationship = customer.relationship
    owner = relationship.owner.email if relationship.owner else None
    return (
        customer.kind,
        customer.name,
        customer.email,
        customer.city,
        customer.country,
        relationship.stage,
        owner,
        customer.created_at,
    )


def import_hubspot_book() -> None:
    for kind, name in [
        ("customers", "companies.csv"),
        ("customers", "contacts.csv"),
        ("contacts", "contacts.csv"),
        ("orders", "deals.csv"),
        ("requests", "tickets.csv"),
    ]:
        status, output = accord_import(kind, HUBSPOT / name, "--format", "hubspot")
        assert status == 0, output


def test_companies_and_contacts_become_customers_with_owners_and_stages():
    make_owners()
    import_hubspot_book()

    assert Customer.objects.count() == 5
    assert customer_facts("5100001") == (
        "organization",
        "Müller & Söhne GmbH",
        "",
        "Berlin",
        "DE",
        "active",
        "jana@example.com",
        datetime(2023, 2, 14, 9, 30, tzinfo=UTC),
    )
    # "Tom Berger" as a bare name is matched to the staff member of that name.
    assert customer_facts("5100002")[5:7] == ("prospect", "tom@example.com")
    # No owner in HubSpot: imported without one (an orphaned relationship).
    assert customer_facts("5100003")[5:7] == ("prospect", None)
    # Contacts without a company are people; re-saved in a spreadsheet: M/D/YYYY, BOM, CRLF.
    assert customer_facts("103") == (
        "person",
        "Zoë O\u2019Brien",
        "zoe@example.org",
        "",
        "",
        "active",
        "jana@example.com",
        datetime(2023, 12, 24, tzinfo=UTC),
    )
    assert customer_facts("104")[:2] + customer_facts("104")[5:] == (
        "person",
        "Lukas Weber",
        "prospect",
        None,
        datetime(2024, 3, 1, 8, 5, tzinfo=UTC),
    )


def test_contacts_of_companies_deals_and_tickets():
    make_owners()
    import_hubspot_book()

    contacts = sorted(Contact.objects.values_list("customer__name", "name", "email", "phone"))
    assert contacts == [
        ("Acme Corp", "Peter Jones", "peter@acme.com", ""),
        ("Café Crème SARL", "Marie Curie", "marie@cafe-creme.fr", ""),
        ("Müller & Söhne GmbH", "Anna Schmidt", "anna@mueller-soehne.de", "+49 30 1234568"),
    ]
    orders = sorted(
        Order.objects.values_list(
            "customer__name", "amount", "occurred_at", "description", "source", "external_id"
        )
    )
    assert orders == [
        (
            "Müller & Söhne GmbH",
            Decimal("12500.00"),
            datetime(2024, 3, 15, 10, tzinfo=UTC),
            "Müller \u2013 Jahreslizenz 2024",
            "hubspot",
            "9001",
        ),
        (
            "Zoë O\u2019Brien",
            Decimal("1250.50"),
            datetime(2024, 4, 30, 17, 45, tzinfo=UTC),
            "Zoë \u2013 Beratungspaket",
            "hubspot",
            "9004",
        ),
    ]
    deals_run = ImportRun.objects.get(kind="orders")
    assert (deals_run.read, deals_run.created, deals_run.failed) == (2, 2, 0)
    assert deals_run.message == (
        "skipped 2 rows: 1 lost deal, 1 open deal (not an order until won)"
    )
    requests = sorted(
        Request.objects.values_list(
            "customer__name",
            "subject",
            "status",
            "channel",
            "assigned_to__email",
            "received_at",
            "resolved_at",
        )
    )
    assert requests == [
        (
            "Acme Corp",
            "Login fails",
            "answered",
            "chat",
            "tom@example.com",
            datetime(2024, 5, 20, 10, tzinfo=UTC),
            None,
        ),
        (
            "Müller & Söhne GmbH",
            "Rückruf erbeten \u2013 Rechnung März",
            "open",
            "email",
            "jana@example.com",
            datetime(2024, 5, 3, 8, 15, tzinfo=UTC),
            None,
        ),
        (
            "Zoë O\u2019Brien",
            "Lieferung beschädigt",
            "resolved",
            "call",
            "jana@example.com",
            datetime(2024, 2, 10, 13, tzinfo=UTC),
            datetime(2024, 2, 12, 9, 30, tzinfo=UTC),
        ),
    ]
    # cp1252 text and a description over two lines (CRLF inside the quoted cell).
    body = Request.objects.get(subject__startswith="Rückruf").body
    assert body == "Bitte um Rückruf.\r\nRechnung Nr. 2024-031 ist doppelt \u2013 €249 zu viel."


def test_running_the_export_again_changes_nothing():
    make_owners()
    import_hubspot_book()
    status, output = accord_import("customers", HUBSPOT / "companies.csv", "--format", "hubspot")
    assert status == 0, output
    run = ImportRun.objects.filter(kind="customers").latest("id")
    assert (run.read, run.created, run.updated, run.unchanged, run.failed) == (3, 0, 0, 3, 0)
    assert Customer.objects.count() == 5


def test_german_labels_semicolons_and_day_first_dates():
    make_owners()
    status, output = accord_import("customers", HUBSPOT / "kontakte_de.csv", "--format", "hubspot")
    assert status == 0, output
    assert customer_facts("201") == (
        "person",
        "Jürgen Groß",
        "juergen.gross@example.de",
        "",
        "",
        "active",
        "jana@example.com",
        datetime(2024, 4, 3, 14, 30, tzinfo=UTC),
    )
    assert customer_facts("202")[1] == "Änne Köhler"
    assert customer_facts("202")[5:] == (
        "prospect",
        "tom@example.com",
        datetime(2024, 1, 15, tzinfo=UTC),
    )


def test_a_mapping_file_names_columns_the_labels_do_not_match(tmp_path):
    make_owners()
    export = tmp_path / "kontakte.csv"
    export.write_text(
        "Kontakt-Nr.,Vorname,Nachname,E-Mail,Zuständig\n"
        "301,Ida,Pfeiffer,ida@example.at,Tom Berger (tom@example.com)\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "hubspot.toml"
    mapping.write_text(
        '[columns]\n"Kontakt-Nr." = "record_id"\n"Zuständig" = "owner"\n', encoding="utf-8"
    )

    status, output = accord_import("customers", export, "--format", "hubspot", "--mapping", mapping)

    assert status == 0, output
    assert customer_facts("301")[:3] + customer_facts("301")[5:7] == (
        "person",
        "Ida Pfeiffer",
        "ida@example.at",
        "prospect",
        "tom@example.com",
    )


def test_an_owner_nobody_in_accord_has_fails_the_row_with_the_name(tmp_path):
    make_owners()
    errors = tmp_path / "errors.csv"
    status, output = accord_import(
        "customers", HUBSPOT / "companies.csv", "--format", "hubspot", "--errors", errors
    )
    assert status == 0, output
    export = tmp_path / "companies.csv"
    export.write_bytes(
        (HUBSPOT / "companies.csv").read_bytes().replace(b'"Tom Berger"', b'"Kim Nobody"')
    )

    status, output = accord_import("customers", export, "--format", "hubspot", "--errors", errors)

    assert status == 1
    run = ImportRun.objects.latest("id")
    assert (run.read, run.unchanged, run.failed) == (3, 2, 1)
    report = errors.read_text(encoding="utf-8")
    assert "Kim Nobody" in report
    assert by_external_id("5100002").relationship.owner.email == "tom@example.com"


def test_an_all_properties_export_with_hundreds_of_columns(tmp_path):
    """ "All properties": ~300 columns, the known ones anywhere among them, some labels
    repeated, native quoting and dates."""
    make_owners()
    filler = [f"Custom property {n}" for n in range(280)]
    header = [
        *filler[:100],
        "Lifecycle Stage",
        "Record ID",
        "Create Date",
        *filler[100:200],
        "Email",
        "First Name",
        "Last Name",
        "Contact owner",
        "Company Name",
        "Phone Number",
        "Email",
        "Lead Status",
        "Last Activity Date",
        *filler[200:],
    ]
    values = {
        "Lifecycle Stage": "customer",
        "Record ID": "401",
        "Create Date": "2022-11-30 23:59",
        "Email": "lin@example.com",
        "First Name": "Lin",
        "Last Name": "Wei",
        "Contact owner": "Jana Novak",
        "Company Name": "Wei Trading",
        "Phone Number": "",
    }
    row = [values.get(name, "x") for name in header]
    export = tmp_path / "hubspot-crm-exports-all-contacts-2024-05-01.csv"
    export.write_text(
        "\n".join(",".join(f'"{cell}"' for cell in line) for line in (header, row)) + "\n",
        encoding="utf-8",
    )

    status, output = accord_import("customers", export, "--format", "hubspot")

    assert status == 0, output
    assert customer_facts("401") == (
        "person",
        "Lin Wei",
        "lin@example.com",
        "",
        "",
        "active",
        "jana@example.com",
        datetime(2022, 11, 30, 23, 59, tzinfo=UTC),
    )
