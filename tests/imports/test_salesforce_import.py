"""Salesforce exports imported through `accord import --format salesforce`: the weekly
Data Export Service (ISO-8859-1, 0/1, UTC times, User.csv beside the files, IsDeleted
rows, empty lookups as 000000000000000AAA) and Data Loader extracts (UPPERCASE columns
up to API 60, as typed from 61, true/false, ISO times with Z)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from accord.commerce.models import Order
from accord.customers.models import Contact, Customer
from accord.imports.models import ImportRun
from accord.interactions.models import Interaction, Request
from tests.imports.formats_support import DATA, accord_import, make_owners

EXPORT = DATA / "salesforce" / "export"
LOADER = DATA / "salesforce" / "dataloader"
pytestmark = pytest.mark.django_db


def sf(external_id: str) -> Customer:
    return Customer.objects.get(identities__source="salesforce", identities__value=external_id)


def import_export_files() -> dict[str, ImportRun]:
    runs = {}
    for kind, name in [
        ("customers", "Account"),
        ("customers", "Contact"),
        ("customers", "Lead"),
        ("contacts", "Contact"),
        ("orders", "Opportunity"),
        ("requests", "Case"),
        ("interactions", "Task"),
        ("interactions", "Event"),
    ]:
        status, output = accord_import(kind, EXPORT / f"{name}.csv", "--format", "salesforce")
        assert status == 0, output
        runs[f"{kind} {name}"] = ImportRun.objects.latest("id")
    return runs


def test_accounts_contacts_and_leads_become_customers_owned_through_the_user_file():
    make_owners()
    runs = import_export_files()

    facts = sorted(
        (c.name, c.kind, c.city, c.country, c.relationship.stage, c.relationship.owner.email)
        for c in Customer.objects.select_related("relationship__owner")
    )
    assert facts == [
        ("Jürgen Groß", "person", "München", "DE", "prospect", "tom@example.com"),
        ("Nordwind AG", "organization", "Zürich", "CH", "prospect", "tom@example.com"),
        (
            "Société Générale d'Équipement",
            "organization",
            "Besançon",
            "FR",
            "active",
            "jana@example.com",
        ),
        ("Åsa Ångström", "person", "", "", "prospect", "tom@example.com"),
    ]
    assert sf("0015g00000Acc01AAA").created_at == datetime(2022, 9, 12, 7, 45, 10, tzinfo=UTC)
    assert runs["customers Account"].message == (
        "skipped 1 rows: 1 deleted in Salesforce (IsDeleted)"
    )
    assert runs["customers Lead"].message == (
        "skipped 1 rows: 1 converted lead (imported through its account and contact)"
    )
    assert sorted(Contact.objects.values_list("customer__name", "name", "email", "title")) == [
        ("Nordwind AG", "Ursula Keller", "ursula.keller@nordwind.ch", "CFO"),
        (
            "Société Générale d'Équipement",
            "Hélène Dubois",
            "helene.dubois@sge.fr",
            "Directrice achats",
        ),
    ]


def test_won_opportunities_cases_tasks_and_events():
    make_owners()
    runs = import_export_files()

    assert sorted(
        Order.objects.values_list(
            "customer__name", "amount", "currency", "occurred_at", "description"
        )
    ) == [
        (
            "Nordwind AG",
            Decimal("15999.90"),
            "CHF",
            datetime(2024, 3, 31, tzinfo=UTC),
            "Erstauftrag",
        ),
        (
            "Société Générale d'Équipement",
            Decimal("48000.00"),
            "EUR",
            datetime(2024, 2, 29, tzinfo=UTC),
            "Renouvellement 2024",
        ),
    ]
    assert runs["orders Opportunity"].message == (
        "skipped 2 rows: 1 lost opportunity, 1 open opportunity (not an order until won)"
    )
    assert sorted(
        Request.objects.values_list(
            "customer__name", "subject", "status", "channel", "assigned_to__email", "resolved_at"
        )
    ) == [
        (
            "Jürgen Groß",
            "Lieferung beschädigt",
            "resolved",
            "call",
            "tom@example.com",
            datetime(2024, 3, 6, 15, 30, tzinfo=UTC),
        ),
        (
            "Société Générale d'Équipement",
            "Facture erronée",
            "open",
            "email",
            "jana@example.com",
            None,
        ),
    ]
    assert sorted(
        Interaction.objects.values_list(
            "customer__name", "channel", "direction", "staff__email", "occurred_at", "subject"
        )
    ) == [
        (
            "Jürgen Groß",
            "email",
            "outbound",
            "tom@example.com",
            datetime(2024, 4, 3, 7, tzinfo=UTC),
            "Email: Angebot",
        ),
        # The task names only the contact: Contact.csv beside it gives the account.
        (
            "Nordwind AG",
            "call",
            "outbound",
            "tom@example.com",
            datetime(2024, 4, 10, tzinfo=UTC),
            "Notes from the site visit",
        ),
        (
            "Nordwind AG",
            "meeting",
            "outbound",
            "tom@example.com",
            datetime(2024, 4, 15, 8, tzinfo=UTC),
            "Workshop Zürich",
        ),
        (
            "Société Générale d'Équipement",
            "call",
            "outbound",
            "jana@example.com",
            datetime(2024, 4, 2, 13, 10, tzinfo=UTC),
            "Appel: revue trimestrielle",
        ),
    ]
    assert runs["interactions Task"].message == (
        "skipped 2 rows: 1 deleted in Salesforce (IsDeleted), "
        "1 open task (not an interaction until done)"
    )


def test_data_loader_extracts_uppercase_and_as_typed():
    make_owners()
    status, output = accord_import(
        "customers", LOADER / "extract_accounts.csv", "--format", "salesforce"
    )
    assert status == 0, output
    status, output = accord_import(
        "orders", LOADER / "extract_opportunities.csv", "--format", "salesforce"
    )
    assert status == 0, output

    fjord = sf("0015g00000Dlx01AAA")
    assert (
        fjord.name,
        fjord.country,
        fjord.relationship.stage,
        fjord.relationship.owner.email,
        fjord.created_at,
    ) == (
        "Fjord Logistics AS",
        "NO",
        "active",
        "tom@example.com",
        datetime(2023, 5, 8, 21, 13, 2, tzinfo=UTC),
    )
    assert sf("0015g00000Dlx02AAA").relationship.owner.email == "jana@example.com"
    assert list(Order.objects.values_list("customer__name", "amount", "occurred_at")) == [
        ("Fjord Logistics AS", Decimal("7200.50"), datetime(2024, 5, 31, tzinfo=UTC))
    ]


def test_an_owner_the_user_file_names_but_staff_lacks_is_a_row_error(tmp_path):
    """Gregor Geist left the company: his account fails with a clear message, others land."""
    make_owners()
    account = (
        (EXPORT / "Account.csv")
        .read_bytes()
        .replace(b'"0055g00000Usr02AAA","2023-03-01', b'"0055g00000Usr03AAA","2023-03-01')
    )
    (tmp_path / "Account.csv").write_bytes(account)
    (tmp_path / "User.csv").write_bytes((EXPORT / "User.csv").read_bytes())
    errors = tmp_path / "errors.csv"

    status, output = accord_import(
        "customers", tmp_path / "Account.csv", "--format", "salesforce", "--errors", errors
    )

    assert status == 1, output
    run = ImportRun.objects.get()
    assert (run.read, run.created, run.failed) == (2, 1, 1)
    assert "ghost@old.example.com" in errors.read_text(encoding="utf-8")
