"""Whole exports as HubSpot and Salesforce write them (tests/data/imports/hubspot_real and
salesforce_weekly, written by build_real_exports.py with the products' column sets),
imported end to end with `accord import all` and checked record by record: customers,
contacts, owners, deals as orders, tickets and cases as requests, activities, tasks and
events as interactions. A second run changes nothing."""

from __future__ import annotations

import shutil
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from accord.commerce.models import Order
from accord.customers.models import Contact, Customer
from accord.imports.models import ImportRun
from accord.interactions.models import Interaction, Request
from tests.imports.formats_support import DATA, accord_import, make_owners

HUBSPOT = DATA / "hubspot_real"
SALESFORCE = DATA / "salesforce_weekly"


def snapshot() -> dict[str, int]:
    return {
        "customers": Customer.objects.count(),
        "contacts": Contact.objects.count(),
        "orders": Order.objects.count(),
        "requests": Request.objects.count(),
        "interactions": Interaction.objects.count(),
    }


def customers() -> list[tuple]:
    rows = Customer.objects.values_list(
        "name", "kind", "relationship__owner__email", "relationship__stage", "country", "city"
    )
    return sorted(rows)


def interactions() -> list[tuple]:
    rows = Interaction.objects.values_list(
        "customer__name", "channel", "direction", "staff__email", "subject", "occurred_at"
    )
    return sorted(rows, key=lambda row: row[-1])


@pytest.mark.django_db
def test_a_hubspot_export_folder_in_six_languages_xlsx_and_utf16(tmp_path):
    make_owners()
    folder = tmp_path / "hubspot"
    shutil.copytree(HUBSPOT, folder)

    status, output = accord_import("all", folder)

    assert status == 0, output
    assert customers() == [
        ("Atelier Lumière SARL", "organization", "tom@example.com", "prospect", "FR", "Lyon"),
        ("Bäckerei Krume GmbH", "organization", "jana@example.com", "active", "DE", "Hamburg"),
        # No owner in HubSpot: imported without one, reported orphaned.
        ("Nordic Timber AB", "organization", None, "departed", "SE", "Göteborg"),
        ("Sam Patel", "person", "tom@example.com", "active", "GB", "London"),
    ]
    assert sorted(Contact.objects.values_list("customer__name", "name", "email", "title")) == [
        # Only the company's name in "Associated Company": found by it.
        ("Atelier Lumière SARL", "Claire Dubois", "claire@atelier-lumiere.fr", "Gérante"),
        ("Bäckerei Krume GmbH", "Lena Krume", "lena@krume.de", "Geschäftsführerin"),
        # Two associated companies ("7000003;7000001"): the first.
        ("Nordic Timber AB", "Mia Lund", "mia@nordictimber.se", ""),
    ]
    # Portuguese deals re-saved by a spreadsheet: won ones only, decimal comma, D/M/Y.
    assert sorted(Order.objects.values_list("customer__name", "amount", "occurred_at")) == [
        ("Bäckerei Krume GmbH", Decimal("12500.50"), datetime(2024, 3, 15, 10, tzinfo=UTC)),
        ("Sam Patel", Decimal("950.00"), datetime(2024, 5, 30, tzinfo=UTC)),
    ]
    tickets = Request.objects.values_list(
        "customer__name", "subject", "status", "channel", "assigned_to__email", "body"
    )
    assert sorted(tickets) == [
        (
            "Bäckerei Krume GmbH",
            "Factura duplicada",
            "resolved",
            "email",
            "jana@example.com",
            "La factura 2024-031 llegó dos veces.",
        ),
        ("Sam Patel", "Cambio de dirección", "open", "chat", None, ""),
    ]
    assert interactions() == [
        (
            "Atelier Lumière SARL",
            "note",
            "outbound",
            "tom@example.com",
            "Rencontrée au salon Maison&Objet.",
            datetime(2024, 1, 22, 11, tzinfo=UTC),
        ),
        (
            # "Associated Contact: Lena Krume (lena@krume.de)", a contact of the company.
            "Bäckerei Krume GmbH",
            "call",
            "outbound",
            "jana@example.com",
            "Quarterly review",
            datetime(2024, 5, 2, 14, tzinfo=UTC),
        ),
        (
            "Atelier Lumière SARL",
            "call",
            "inbound",
            "tom@example.com",
            "Called back about the pilot.",
            datetime(2024, 5, 6, 9, 30, tzinfo=UTC),
        ),
        (
            "Atelier Lumière SARL",
            "call",
            "outbound",
            "tom@example.com",
            "Call back about delivery",
            datetime(2024, 5, 14, 16, 12, tzinfo=UTC),
        ),
        (
            "Bäckerei Krume GmbH",
            "meeting",
            "outbound",
            "jana@example.com",
            "Jaarplanning",
            datetime(2024, 6, 10, 10, tzinfo=UTC),
        ),
        (
            "Bäckerei Krume GmbH",
            "email",
            "inbound",
            "jana@example.com",
            "Re: Angebot 2025",
            datetime(2024, 6, 12, 8, 5, tzinfo=UTC),
        ),
        (
            "Sam Patel",
            "email",
            "outbound",
            "tom@example.com",
            "Your consultation",
            datetime(2024, 6, 13, 15, 30, tzinfo=UTC),
        ),
    ]
    call = Interaction.objects.get(subject="Quarterly review")
    assert call.body == "Asked about pricing for 2025."
    note = Interaction.objects.get(channel="note")
    assert note.body == "Rencontrée au salon Maison&Objet.\nVeut un devis."
    assert "1 open task (not an interaction until done)" in output
    assert "1 lost deal" in output and "1 open deal" in output
    assert ImportRun.objects.get(kind="customers", file_name__endswith=".xlsx").orphaned == 1

    before = snapshot()
    status, output = accord_import("all", folder)
    assert status == 0, output
    assert snapshot() == before
    latest = ImportRun.objects.order_by("-id")[: len(ImportRun.objects.all()) // 2]
    assert all(run.created == run.updated == 0 for run in latest)


@pytest.mark.django_db
def test_a_dry_run_of_an_all_properties_export_lists_the_columns_it_ignores(tmp_path):
    make_owners()
    companies = tmp_path / "companies.xlsx"
    shutil.copy(HUBSPOT / "hubspot-crm-exports-all-companies-2024-06-01.xlsx", companies)
    contacts = HUBSPOT / "hubspot-crm-exports-all-contacts-2024-06-01.csv"
    assert accord_import("customers", companies, "--format", "hubspot")[0] == 0

    status, output = accord_import("contacts", contacts, "--format", "hubspot", "--dry-run")

    assert status == 0, output
    assert "dry run, nothing written" in output
    assert "columns not imported: " in output
    assert "Number of Pageviews" in output and "Custom field 17" in output
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_the_weekly_salesforce_data_export_zip_in_dependency_order(tmp_path):
    make_owners()
    archive = tmp_path / "WE_00D8d000000xyzEAA_1.zip"
    with zipfile.ZipFile(archive, "w") as out:
        # Shuffled on purpose: the order comes from the objects, not the archive.
        for path in sorted(SALESFORCE.iterdir(), reverse=True):
            out.write(path, path.name)

    status, output = accord_import("all", archive)

    assert status == 0, output
    assert "not imported: Product2.csv: not an object Accord imports" in output
    assert "User.csv: matches owners" in output
    assert customers() == [
        ("Björn Åberg", "person", "tom@example.com", "prospect", "SE", ""),
        ("Brasserie Élan S.A.", "organization", "jana@example.com", "active", "BE", "Liège"),
        ("Grünwald KG", "organization", "tom@example.com", "prospect", "DE", "Köln"),
        # A person account: a person, its city and email from the Person* fields.
        ("Inès Fabre", "person", "tom@example.com", "active", "FR", "Nîmes"),
        ("Old Mill Ltd", "organization", "jana@example.com", "departed", "IE", ""),
        # An open lead; the converted one is carried by its account and contact.
        ("Zoë Hart", "person", "tom@example.com", "prospect", "US", ""),
    ]
    assert Customer.objects.get(name="Inès Fabre").email == "ines.fabre@example.fr"
    assert "1 deleted in Salesforce (IsDeleted)" in output
    assert list(Contact.objects.values_list("customer__name", "name", "title")) == [
        ("Brasserie Élan S.A.", "Noé Lambert", "Gérant")
    ]
    assert "1 contact side of a person account" in output
    assert sorted(Order.objects.values_list("customer__name", "amount", "description")) == [
        ("Brasserie Élan S.A.", Decimal("18250.75"), "Élan - renouvellement"),
        ("Inès Fabre", Decimal("1200.00"), "Fabre consulting"),
    ]
    cases = Request.objects.values_list(
        "customer__name", "subject", "status", "channel", "assigned_to__email", "resolved_at"
    )
    assert (
        sorted(cases)
        == [
            # Owned by a queue: waiting for someone, not an unknown owner.
            ("Brasserie Élan S.A.", "Fût livré percé", "open", "email", None, None),
            # No account (000000000000000AAA): the contact is the customer.
            (
                "Björn Åberg",
                "Faktura fel",
                "resolved",
                "call",
                "tom@example.com",
                datetime(2024, 4, 22, 9, 30, tzinfo=UTC),
            ),
        ][::-1]
    )
    assert interactions() == [
        # WhatId in its 15-character form meets the 18-character account id.
        (
            "Brasserie Élan S.A.",
            "call",
            "inbound",
            "jana@example.com",
            "Appel: suivi du fût",
            datetime(2024, 4, 3, 15, 7, tzinfo=UTC),
        ),
        (
            "Björn Åberg",
            "email",
            "outbound",
            "tom@example.com",
            "Email: Faktura",
            datetime(2024, 4, 21, 8, 2, tzinfo=UTC),
        ),
        # The invitee's copy (IsChild) is not a second meeting.
        (
            "Inès Fabre",
            "meeting",
            "outbound",
            "tom@example.com",
            "Visite atelier",
            datetime(2024, 5, 14, 8, tzinfo=UTC),
        ),
    ]
    assert "1 open task" in output and "1 invitee's copy of an event" in output

    before = snapshot()
    status, output = accord_import("all", archive)
    assert status == 0, output
    assert snapshot() == before


@pytest.mark.django_db
def test_a_data_loader_extract_with_15_character_ids_meets_the_exported_accounts():
    make_owners()
    assert accord_import("customers", SALESFORCE / "Account.csv", "--format", "salesforce")[0] == 0
    extract: Path = DATA / "salesforce" / "dataloader" / "extract_contacts_v60.csv"

    status, output = accord_import("contacts", extract, "--format", "salesforce")

    assert status == 0, output
    assert list(Contact.objects.values_list("customer__name", "name", "email")) == [
        ("Grünwald KG", "Greta Grünwald", "greta@gruenwald.example")
    ]


@pytest.mark.django_db
def test_a_folder_without_export_files_is_refused(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    status, output = accord_import("all", tmp_path)
    assert status == 2
    assert "no HubSpot or Salesforce export files found (notes.csv)" in output
