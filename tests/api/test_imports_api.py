"""Imports through the REST API: upload (multipart) and a background run, status with
progress and counts, the list of runs by cursor, the error report CSV; managers and
admins with an admin-scope token only, everyone else 404 with nothing changed."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accord.commerce.models import Order
from accord.customers.models import Customer
from accord.imports.background import wait_for
from accord.imports.models import ImportRun
from accord.imports.uploads import uploads_root
from tests.api.conftest import token_for
from tests.imports.formats_support import DATA, make_owners

HUBSPOT = DATA / "hubspot"
SALESFORCE = DATA / "salesforce" / "export"


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def post_import(
    client: Client, token: str, path: Path, *, extra: list[Path] = (), **fields: Any
) -> Any:
    handles = [path.open("rb"), *(p.open("rb") for p in extra)]
    try:
        data: dict[str, Any] = {"file": handles[0], **fields}
        if extra:
            data["extra"] = handles[1:]
        return client.post("/api/v1/imports", data, HTTP_AUTHORIZATION=f"Bearer {token}")
    finally:
        for handle in handles:
            handle.close()


def get(client: Client, token: str, path: str, **query: Any) -> Any:
    url = path if path.startswith("http") else f"/api/v1{path}"
    return client.get(url, query, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.django_db(transaction=True)
def test_upload_detects_the_format_runs_in_the_background_and_reports_counts(var_dir, alice):
    make_owners()
    client = Client()
    token = token_for(alice, "admin")

    response = post_import(client, token, HUBSPOT / "companies.csv")

    assert response.status_code == 202, response.content
    started = response.json()
    assert started["detected"]["format"] == "hubspot"
    assert started["detected"]["object"] == "companies"
    assert (started["kind"], started["format"], started["source"]) == (
        "customers",
        "hubspot",
        "hubspot",
    )
    assert {"column": "Company owner", "field": "owner"} in started["columns"]
    assert "Last Activity Date" in started["ignored_columns"]
    wait_for(started["id"])

    status = get(client, token, f"/imports/{started['id']}").json()
    assert status["status"] == "succeeded"
    assert status["progress"] == 1.0
    counts = [status[n] for n in ("read", "created", "updated", "unchanged", "failed")]
    assert counts == [3, 3, 0, 0, 0]
    assert status["error_report"] is None
    assert Customer.objects.count() == 3
    assert ImportRun.objects.get().started_by == alice

    # The same file again changes nothing: every row is unchanged.
    again = post_import(client, token, HUBSPOT / "companies.csv", kind="customers")
    wait_for(again.json()["id"])
    status = get(client, token, f"/imports/{again.json()['id']}").json()
    assert [status[n] for n in ("read", "created", "unchanged")] == [3, 0, 3]
    assert Customer.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_failed_rows_come_back_as_a_csv_error_report(var_dir, alice):
    make_owners()
    client = Client()
    token = token_for(alice, "admin")
    # Deals before their companies: the won deal has no customer to land on.
    started = post_import(client, token, HUBSPOT / "deals.csv", format="hubspot").json()
    wait_for(started["id"])

    status = get(client, token, f"/imports/{started['id']}").json()
    assert status["status"] == "partial"
    assert (
        status["read"]
        == status["created"] + status["updated"] + status["unchanged"] + status["failed"]
    )
    assert status["failed"] >= 1
    assert "skipped" in status["message"] and "lost deal" in status["message"]
    report = get(client, token, status["error_report"])
    assert report.status_code == 200
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(report.content.decode())))
    assert rows[0][:3] == ["line", "column", "message"]
    assert "customer_external_id" in rows[0]
    assert len(rows) - 1 == status["failed"]
    assert Order.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_dry_run_all_or_nothing_source_and_the_salesforce_user_file(var_dir, alice):
    make_owners()
    client = Client()
    token = token_for(alice, "admin")

    dry = post_import(
        client, token, SALESFORCE / "Account.csv", extra=[SALESFORCE / "User.csv"], dry_run="true"
    ).json()
    wait_for(dry["id"])
    assert dry["dry_run"] is True and dry["detected"]["encoding"] == "cp1252"
    assert get(client, token, f"/imports/{dry['id']}").json()["created"] == 2
    assert Customer.objects.count() == 0

    real = post_import(
        client,
        token,
        SALESFORCE / "Account.csv",
        extra=[SALESFORCE / "User.csv"],
        source="sf-prod",
        all_or_nothing="true",
    ).json()
    wait_for(real["id"])
    status = get(client, token, f"/imports/{real['id']}").json()
    assert (status["source"], status["all_or_nothing"], status["status"]) == (
        "sf-prod",
        True,
        "succeeded",
    )
    assert "1 deleted in Salesforce (IsDeleted)" in status["message"]
    owners = sorted(Customer.objects.values_list("name", "relationship__owner__email"))
    assert owners == [
        ("Nordwind AG", "tom@example.com"),
        ("Société Générale d'Équipement", "jana@example.com"),
    ]


@pytest.mark.django_db
def test_a_mapping_file_renames_columns(var_dir, alice, tmp_path):
    client = Client()
    token = token_for(alice, "admin")
    data = tmp_path / "people.csv"
    data.write_text("Kundennummer,Name\nK1,Ada Lovelace\n", encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\n"Kundennummer" = "external_id"\n', encoding="utf-8")
    with mapping.open("rb") as handle:
        response = post_import(client, token, data, kind="customers", mapping=handle)
    assert response.status_code == 202, response.content

    bad = tmp_path / "bad.toml"
    bad.write_text("[columns\n", encoding="utf-8")
    with bad.open("rb") as handle:
        response = post_import(client, token, data, kind="customers", mapping=handle)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "mapping"]


@pytest.mark.django_db
def test_bad_options_answer_422_in_the_one_error_shape(var_dir, alice, tmp_path):
    client = Client()
    token = token_for(alice, "admin")
    response = post_import(client, token, HUBSPOT / "deals.csv", kind="bananas")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "kind"]

    response = post_import(client, token, HUBSPOT / "deals.csv", kind="customers")
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["body", "payload", "kind"]
    assert "deals" in problem["msg"]

    response = post_import(client, token, HUBSPOT / "deals.csv", format="excel")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "format"

    response = client.post("/api/v1/imports", {}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422
    assert ImportRun.objects.count() == 0


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_from_its_length_before_the_body_is_read(var_dir, alice):
    client = Client()
    token = token_for(alice, "admin")
    response = client.generic(
        "POST",
        "/api/v1/imports",
        b"not read",
        content_type="multipart/form-data; boundary=x",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        CONTENT_LENGTH=str(101 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response.json()["detail"][0]["type"] == "too_large"
    assert not uploads_root().exists()


@pytest.mark.django_db
def test_runs_list_by_cursor_with_filters(var_dir, alice):
    client = Client()
    token = token_for(alice, "admin")
    # In this test's transaction the runs are recorded but their threads never start.
    for _ in range(3):
        assert post_import(client, token, HUBSPOT / "companies.csv").status_code == 202
    assert post_import(client, token, HUBSPOT / "deals.csv").status_code == 202

    seen = []
    page = get(client, token, "/imports", limit=2).json()
    while True:
        seen += [item["id"] for item in page["items"]]
        if not page["next"]:
            break
        page = get(client, token, page["next"]).json()
    assert seen == sorted(ImportRun.objects.values_list("id", flat=True), reverse=True)

    orders = get(client, token, "/imports", kind="orders").json()["items"]
    assert [item["file_name"] for item in orders] == ["deals.csv"]
    assert get(client, token, "/imports", sort="kind").status_code == 422
    assert get(client, token, "/imports/999999").status_code == 404


@pytest.mark.django_db
def test_members_get_404_and_nothing_changes(var_dir, alice, bob):
    client = Client()
    started = post_import(client, token_for(alice, "admin"), HUBSPOT / "companies.csv").json()
    uploads_before = sorted(p.name for p in uploads_root().iterdir())

    for scope in ("admin", "write"):
        token = token_for(bob, scope)
        response = post_import(client, token, HUBSPOT / "companies.csv")
        assert response.status_code == 404
        assert response.json()["detail"][0]["type"] == "not_found"
        for path in ("/imports", f"/imports/{started['id']}", f"/imports/{started['id']}/errors"):
            assert get(client, token, path).status_code == 404, (scope, path)

    assert sorted(p.name for p in uploads_root().iterdir()) == uploads_before
    assert ImportRun.objects.count() == 1
    assert Customer.objects.count() == 0


@pytest.mark.django_db
def test_a_manager_needs_an_admin_scope_token(var_dir, alice):
    client = Client()
    for scope in ("write", "read"):
        token = token_for(alice, scope)
        response = post_import(client, token, HUBSPOT / "companies.csv")
        assert response.status_code == 403
        assert response.json()["detail"][0]["type"] == "forbidden"
        assert get(client, token, "/imports").status_code == 403
    assert ImportRun.objects.count() == 0
    assert not uploads_root().exists()
    assert client.get("/api/v1/imports").status_code == 401


@pytest.mark.django_db
def test_a_session_upload_needs_the_csrf_token(var_dir, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    with (HUBSPOT / "companies.csv").open("rb") as handle:
        response = client.post("/api/v1/imports", {"file": handle})
    assert response.status_code == 403
    assert not uploads_root().exists()
    assert client.get("/api/v1/imports").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_hubspots_default_xlsx_download_uploads_and_imports(var_dir, alice):
    make_owners()
    client = Client()
    token = token_for(alice, "admin")
    workbook = DATA / "hubspot_real" / "hubspot-crm-exports-all-companies-2024-06-01.xlsx"

    started = post_import(client, token, workbook).json()

    assert (started["detected"]["format"], started["detected"]["encoding"]) == ("hubspot", "xlsx")
    assert started["total_lines"] == 4
    wait_for(started["id"])
    status = get(client, token, f"/imports/{started['id']}").json()
    assert [status[n] for n in ("read", "created", "failed", "orphaned")] == [3, 3, 0, 1]
    assert Customer.objects.get(name="Bäckerei Krume GmbH").relationship.owner.email == (
        "jana@example.com"
    )
