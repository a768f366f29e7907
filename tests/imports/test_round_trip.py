"""Round trip: a small demo company -> `accord export` -> import every file into an empty
database -> the same customers, owners, contacts, identities, interactions, requests,
orders, subscriptions, promises and survey responses, compared as multisets keyed by the
exported customer id."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from accord.commerce.models import Order, Subscription
from accord.customers.models import Contact, Customer, Identity
from accord.interactions.models import Interaction, Request
from accord.members.models import StaffMember
from accord.promises.models import Promise
from accord.voice.models import SurveyResponse
from tests.demo.conftest import AS_OF, run_demo
from tests.imports.helpers import counts_line, run_import

SOURCE = "roundtrip"
STAFF_COLUMNS = ("username", "email", "first_name", "last_name", "function", "role", "is_active")


def staff_key(staff_id: int | None, names: dict[int, str]) -> str:
    return names.get(staff_id, "") if staff_id else ""


def book(customer_key: dict[int, str]) -> dict[str, Counter]:
    """Every record as a tuple of its fields, the customer as its exported id."""
    staff = dict(StaffMember.objects.values_list("id", "email"))

    def rows(model: Any, fields: list[str], people: tuple[str, ...] = ()) -> Counter:
        found: Counter = Counter()
        for record in model.objects.values("customer_id", *fields, *people):
            found[
                (
                    customer_key[record["customer_id"]],
                    *(record[f] for f in fields),
                    *(staff_key(record[p], staff) for p in people),
                )
            ] += 1
        return found

    customers = Counter(
        (customer_key[c.pk], c.kind, c.name, c.email, c.phone, c.city, c.country,
         c.created_at, c.relationship.stage, staff_key(c.relationship.owner_id, staff))
        for c in Customer.objects.select_related("relationship")
    )  # fmt: skip
    identities = Counter(
        (customer_key[i.customer_id], i.kind, i.source, i.value)
        for i in Identity.objects.exclude(kind="external", source=SOURCE)
    )
    return {
        "customers": customers,
        "identities": identities,
        "contacts": rows(Contact, ["name", "email", "phone", "title", "is_primary"]),
        "interactions": rows(
            Interaction,
            ["occurred_at", "channel", "direction", "kind", "function", "subject", "body"],
            ("staff_id",),
        ),
        "requests": rows(
            Request,
            [
                "channel",
                "kind",
                "subject",
                "body",
                "status",
                "received_at",
                "due_at",
                "first_response_at",
                "resolved_at",
                "outcome",
                "received_by_function",
            ],
            ("assigned_to_id",),
        ),
        "orders": rows(Order, ["occurred_at", "amount", "list_amount", "currency", "description"]),
        "subscriptions": rows(
            Subscription,
            [
                "product",
                "monthly_price",
                "list_monthly_price",
                "currency",
                "start_date",
                "term_end_date",
                "auto_renew",
                "renewal_term_months",
                "early_termination_fee",
                "notice_period_days",
                "status",
                "ended_at",
                "transfer_code",
            ],
        ),
        "promises": rows(
            Promise,
            ["made_by_side", "kind", "description", "made_at", "due_at", "status", "resolved_at"],
            ("staff_id",),
        ),
        "surveys": rows(
            SurveyResponse, ["responded_at", "nps", "csat", "ces", "comment", "comment_sentiment"]
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_demo_company_survives_export_and_import_into_an_empty_database(tmp_path: Path):
    run_demo("--customers=40", "--seed=5", f"--as-of={AS_OF.isoformat()}", "--no-score")
    before = book({pk: str(pk) for pk in Customer.objects.values_list("pk", flat=True)})
    staff = list(StaffMember.objects.values(*STAFF_COLUMNS))
    out = io.StringIO()
    call_command("export", str(tmp_path / "export"), stdout=out)
    assert "customers              40" in out.getvalue()

    call_command("flush", interactive=False, verbosity=0)
    for member in staff:
        StaffMember.objects.create_user(password="correct horse battery", **member)
    for kind in ("customers", "contacts", "identities", "interactions", "requests", "orders",
                 "subscriptions", "promises", "surveys"):  # fmt: skip
        suffix = "jsonl" if kind in ("interactions", "promises") else "csv"
        path = tmp_path / "export" / f"{kind}.{suffix}"
        status, output = run_import(kind, str(path), "--source", SOURCE)
        assert status == 0, output
        read, created, _updated, unchanged, failed = counts_line(output)
        # Identities the customers import made already (emails) are adopted as unchanged.
        assert (read, failed) == (created + unchanged, 0)
        assert unchanged == 0 or kind == "identities"

    keys = dict(
        Identity.objects.filter(kind="external", source=SOURCE).values_list("customer_id", "value")
    )
    after = book(keys)
    for kind in before:
        assert after[kind] == before[kind], kind
    # Seed 5 at 40 customers: every kind has records to carry.
    assert {kind: sum(found.values()) for kind, found in before.items()} == {
        "customers": 40, "identities": 85, "contacts": 25, "interactions": 1944,
        "requests": 640, "orders": 648, "subscriptions": 40, "promises": 82, "surveys": 82,
    }  # fmt: skip

    status, output = run_import(
        "interactions", str(tmp_path / "export" / "interactions.csv"), "--source", SOURCE
    )
    assert counts_line(output)[3] == sum(before["interactions"].values())
