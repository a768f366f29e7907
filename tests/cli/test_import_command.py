"""`accord import` through the command: counts, idempotent re-runs, updates, owners, the
error report, --all-or-nothing and --dry-run."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from accord.commerce.models import Order
from accord.customers.models import Customer, Identity
from accord.imports.models import ImportRowError, ImportRun
from accord.interactions.models import Interaction
from accord.relationships.gaps import list_gaps
from accord.relationships.models import OwnerAssignment, Relationship
from tests.imports.helpers import counts_line, run_import, write_csv

pytestmark = pytest.mark.django_db

CUSTOMERS = [
    {
        "external_id": "C1",
        "name": "Ada Lovelace",
        "email": "ADA@example.com",
        "owner_email": "bob@example.com",
        "stage": "active",
        "country": "gb",
    },
    {
        "external_id": "C2",
        "name": "Babbage Ltd",
        "email": "",
        "owner_email": "",
        "stage": "active",
        "country": "",
    },
]
INTERACTIONS = [
    {
        "external_id": "I1",
        "customer_external_id": "C1",
        "occurred_at": "2026-03-01T09:30:00Z",
        "channel": "email",
        "direction": "inbound",
        "kind": "support",
        "subject": "Help",
        "staff_email": "",
    },
    {
        "external_id": "I2",
        "customer_external_id": "C1",
        "occurred_at": "2026-03-02T10:00:00+02:00",
        "channel": "call",
        "direction": "outbound",
        "kind": "",
        "subject": "Called back",
        "staff_email": "Bob",
    },
    {
        "external_id": "I3",
        "customer_external_id": "C2",
        "occurred_at": "2026-03-03 08:00:00+00:00",
        "channel": "chat",
        "direction": "inbound",
        "kind": "praise",
        "subject": "Thanks",
        "staff_email": "",
    },
]


@pytest.fixture
def customers_file(tmp_path: Path, bob) -> Path:
    return write_csv(tmp_path / "customers.csv", CUSTOMERS)


def test_customers_land_with_their_key_owner_and_orphans(customers_file: Path, bob) -> None:
    status, output = run_import("customers", str(customers_file), "--source", "crm")
    assert status == 0, output
    assert counts_line(output) == [2, 2, 0, 0, 0]
    assert "1 relationships have no accountable owner" in output
    ada = Customer.objects.get(name="Ada Lovelace")
    assert (ada.email, ada.country, ada.kind) == ("ada@example.com", "GB", "person")
    assert set(Identity.objects.filter(customer=ada).values_list("kind", "source", "value")) == {
        ("external", "crm", "C1"),
        ("email", "", "ada@example.com"),
    }
    assert Relationship.objects.get(customer=ada).owner == bob
    assert list(OwnerAssignment.objects.values_list("customer__name", "owner__username")) == [
        ("Ada Lovelace", "bob")
    ]
    orphans = [gap.customer_name for gap in list_gaps() if gap.kind == "orphaned"]
    assert orphans == ["Babbage Ltd"]
    run = ImportRun.objects.get()
    assert (run.status, run.read, run.created, run.orphaned) == ("succeeded", 2, 2, 1)


def test_rerun_changes_nothing_and_a_changed_row_updates(customers_file, tmp_path, bob, carol):
    run_import("customers", str(customers_file))
    interactions = write_csv(tmp_path / "interactions.csv", INTERACTIONS)
    assert counts_line(run_import("interactions", str(interactions))[1]) == [3, 3, 0, 0, 0]
    before = list(Interaction.objects.order_by("id").values())

    status, output = run_import("interactions", str(interactions))
    assert status == 0
    assert counts_line(output) == [3, 0, 0, 3, 0]
    assert list(Interaction.objects.order_by("id").values()) == before
    assert counts_line(run_import("customers", str(customers_file))[1]) == [2, 0, 0, 2, 0]

    changed = [dict(row) for row in INTERACTIONS]
    changed[1]["subject"] = "Called back twice"
    changed[1]["staff_email"] = "carol@example.com"
    assert counts_line(run_import("interactions", str(write_csv(interactions, changed)))[1]) == [
        3,
        0,
        1,
        2,
        0,
    ]
    second = Interaction.objects.get(external_id="I2")
    assert (second.subject, second.staff, second.kind) == ("Called back twice", carol, "other")
    assert second.occurred_at == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert Interaction.objects.count() == 3

    moved = [dict(row) for row in CUSTOMERS]
    moved[0]["owner_email"] = "carol@example.com"
    moved[1]["name"] = "Babbage and Sons"
    status, output = run_import("customers", str(write_csv(customers_file, moved)))
    assert counts_line(output) == [2, 0, 2, 0, 0]
    ada = Customer.objects.get(name="Ada Lovelace")
    assert Relationship.objects.get(customer=ada).owner == carol
    assignments = OwnerAssignment.objects.filter(customer=ada).order_by("id")
    assert [(a.owner.username, a.ended_at is None) for a in assignments] == [
        ("bob", False),
        ("carol", True),
    ]
    assert Customer.objects.filter(name="Babbage and Sons").count() == 1


def test_orders_keep_their_amounts_across_reruns(customers_file, tmp_path) -> None:
    run_import("customers", str(customers_file))
    orders = write_csv(
        tmp_path / "orders.jsonl.csv",
        [
            {
                "external_id": "O1",
                "customer_external_id": "C1",
                "occurred_at": "2026-02-01T12:00:00Z",
                "amount": "12.10",
                "list_amount": "15",
                "currency": "eur",
                "description": "Basket",
            },
        ],
    )
    assert counts_line(run_import("orders", str(orders))[1]) == [1, 1, 0, 0, 0]
    assert counts_line(run_import("orders", str(orders))[1]) == [1, 0, 0, 1, 0]
    order = Order.objects.get()
    assert (order.amount, order.list_amount, order.currency) == (
        Decimal("12.10"),
        Decimal("15.00"),
        "EUR",
    )


def test_bad_rows_go_to_the_error_report_and_good_rows_land(customers_file, tmp_path) -> None:
    run_import("customers", str(customers_file))
    rows = [dict(row) for row in INTERACTIONS]
    rows[0]["occurred_at"] = "yesterday"
    rows[1]["customer_external_id"] = "C404"
    rows[2]["subject"] = "=cmd|' /C calc'!A0"
    rows.append(dict(rows[2]))  # I3 again
    rows.append({**INTERACTIONS[0], "external_id": "I5", "staff_email": "nobody@example.com"})
    rows.append({**INTERACTIONS[0], "external_id": "I6", "channel": "pigeon"})
    report = tmp_path / "errors.csv"
    status, output = run_import(
        "interactions", str(write_csv(tmp_path / "bad.csv", rows)), "--errors", str(report)
    )
    assert status == 1
    assert counts_line(output) == [6, 1, 0, 0, 5]
    assert list(Interaction.objects.values_list("external_id", "subject")) == [
        ("I3", "=cmd|' /C calc'!A0")
    ]
    with report.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == [
        "line",
        "column",
        "message",
        "external_id",
        "customer_external_id",
        "occurred_at",
        "channel",
        "direction",
        "kind",
        "subject",
        "staff_email",
    ]
    assert [line[:3] for line in lines[1:]] == [
        ["2", "occurred_at", "'yesterday' is not an ISO 8601 datetime"],
        [
            "3",
            "customer_external_id",
            "no customer 'C404' from source 'generic' in the file or the book",
        ],
        ["5", "external_id", "'I3' repeated in the file (line 4)"],
        ["6", "staff_email", "no staff member with email or name 'nobody@example.com'"],
        [
            "7",
            "channel",
            "unknown value 'pigeon', use one of email, call, meeting, chat, "
            "ticket, social, portal, letter, in_person, note",
        ],
    ]
    # The original row follows, with a formula defused by a leading quote.
    assert lines[3][3:] == [
        "I3",
        "C2",
        "2026-03-03 08:00:00+00:00",
        "chat",
        "inbound",
        "praise",
        "'=cmd|' /C calc'!A0",
        "",
    ]
    run = ImportRun.objects.get(kind="interactions")
    assert (run.status, run.read, run.created, run.failed) == ("partial", 6, 1, 5)
    assert ImportRowError.objects.filter(run=run).count() == 5


def test_a_nul_byte_in_a_bad_row_is_reported_not_a_crash(customers_file, tmp_path) -> None:
    # PostgreSQL refuses NUL in text and jsonb: found by schemathesis uploading a PNG.
    run_import("customers", str(customers_file))
    rows = [{**INTERACTIONS[0], "channel": "pi\x00geon"}]
    report = tmp_path / "errors.csv"
    status, output = run_import(
        "interactions", str(write_csv(tmp_path / "nul.csv", rows)), "--errors", str(report)
    )
    assert status == 1
    assert counts_line(output) == [1, 0, 0, 0, 1]
    (error,) = ImportRowError.objects.all()
    assert error.message.startswith("unknown value 'pi\\x00geon'")
    assert ["channel", "pi\ufffdgeon"] in error.original
    assert "pi\ufffdgeon" in report.read_text(encoding="utf-8")


def test_missing_required_column_fails_every_row(customers_file, tmp_path) -> None:
    run_import("customers", str(customers_file))
    rows = [{k: v for k, v in row.items() if k != "direction"} for row in INTERACTIONS]
    status, output = run_import("interactions", str(write_csv(tmp_path / "i.csv", rows)))
    assert status == 1 and counts_line(output) == [3, 0, 0, 0, 3]
    assert set(ImportRowError.objects.values_list("column", "message")) == {
        ("direction", "missing required column")
    }


def test_all_or_nothing_lands_nothing_when_a_row_fails(customers_file, tmp_path) -> None:
    run_import("customers", str(customers_file))
    rows = [dict(row) for row in INTERACTIONS]
    rows[2]["direction"] = "sideways"
    path = write_csv(tmp_path / "i.csv", rows)
    status, output = run_import("interactions", str(path), "--all-or-nothing")
    assert status == 1
    assert "nothing imported" in output
    assert Interaction.objects.count() == 0
    run = ImportRun.objects.get(kind="interactions")
    assert (run.status, run.read, run.created, run.failed) == ("failed", 3, 2, 1)
    assert ImportRowError.objects.filter(run=run).count() == 1

    status, output = run_import(
        "interactions", str(write_csv(path, INTERACTIONS)), "--all-or-nothing"
    )
    assert status == 0 and Interaction.objects.count() == 3


def test_dry_run_validates_and_writes_nothing(customers_file, tmp_path) -> None:
    status, output = run_import("customers", str(customers_file), "--dry-run")
    assert status == 0
    assert "dry run, nothing written" in output
    assert counts_line(output) == [2, 2, 0, 0, 0]
    assert Customer.objects.count() == 0 and Relationship.objects.count() == 0
    assert ImportRun.objects.get().dry_run is True


def test_mapping_file_renames_source_columns(tmp_path, bob) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [{"Customer No": "K1", "Full name": "Ada", "Account manager": "bob@example.com"}],
    )
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[columns]\n"Customer No" = "external_id"\n"Full name" = "name"\n'
        '"Account manager" = "owner_email"\n[defaults]\ncountry = "DE"\n'
    )
    status, output = run_import("customers", str(path), "--mapping", str(mapping))
    assert status == 0, output
    ada = Customer.objects.get()
    assert (ada.name, ada.country, ada.relationship.owner) == ("Ada", "DE", bob)


def test_setup_problems_exit_2(tmp_path) -> None:
    assert run_import("customers", str(tmp_path / "missing.csv"))[0] == 2
    bad = tmp_path / "m.toml"
    bad.write_text("[columns\n")
    assert run_import("customers", str(bad), "--mapping", str(bad))[0] == 2
    assert run_import("customers", str(bad), "--source", "x" * 41)[0] == 2
