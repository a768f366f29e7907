"""Import from the staff pages: upload, preview with detected format and validation, a
background run in the web process (no worker), live progress, the error report;
managers and admins only."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.test import Client

from accord.commerce.models import Order
from accord.customers.models import Customer
from accord.imports.background import wait_for
from accord.imports.models import ImportRun
from accord.imports.uploads import uploads_root
from accord.members.models import Role
from tests.conftest import make_staff
from tests.imports.formats_support import DATA, make_owners

HUBSPOT = DATA / "hubspot"


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def upload(client: Client, *paths: Path) -> str:
    handles = [path.open("rb") for path in paths]
    try:
        response = client.post("/imports/upload/", {"file": handles})
    finally:
        for handle in handles:
            handle.close()
    assert response.status_code == 302, response.content
    assert response["Location"].startswith("/imports/") and response["Location"] != "/imports/"
    return response["Location"]


def start(client: Client, preview_url: str, **fields: str) -> str:
    response = client.post(preview_url + "start/", fields)
    assert response.status_code == 302, response.content
    return response["Location"]


def run_id_of(run_url: str) -> int:
    return int(run_url.rstrip("/").rsplit("/", 1)[1])


@pytest.mark.django_db(transaction=True)
def test_upload_preview_run_in_the_background_and_see_the_result(var_dir, alice):
    make_owners()
    client = Client()
    client.force_login(alice)
    assert client.get("/imports/").status_code == 200

    preview_url = upload(client, HUBSPOT / "companies.csv")
    page = client.get(preview_url).content.decode()

    assert '<strong id="detected">hubspot companies</strong>' in page
    assert "encoding utf-8" in page
    assert "<td>Company owner</td><td>owner</td>" in page
    assert "<td>Last Activity Date</td><td>(not used)</td>" in page
    assert "<td>Müller &amp; Söhne GmbH</td>" in page
    assert "<td>jana@example.com</td>" in page
    assert page.count("<td>ok</td>") == 3

    run_url = start(
        client, preview_url, file="companies.csv", format="hubspot", kind="customers", source=""
    )
    run_id = run_id_of(run_url)
    # The run goes on in a thread of the web process: no worker needs to be running.
    wait_for(run_id)

    progress = json.loads(client.get(run_url + "progress/").content)
    assert progress["finished"] is True
    assert progress["percent"] == 100
    assert (progress["read"], progress["created"], progress["failed"]) == (3, 3, 0)
    assert progress["status"] == "succeeded"
    page = client.get(run_url).content.decode()
    assert 'id="run-status">Succeeded<' in page
    assert "import_progress.js" not in page
    assert Customer.objects.count() == 3
    assert ImportRun.objects.get().started_by == alice
    listing = client.get("/imports/").content.decode()
    assert f"#{run_id} customers: Succeeded" in listing


@pytest.mark.django_db(transaction=True)
def test_failed_rows_are_in_the_downloadable_error_report(var_dir, alice):
    make_owners()
    client = Client()
    client.force_login(alice)
    # Deals before their companies: no customer to put the won deals on.
    preview_url = upload(client, HUBSPOT / "deals.csv")
    page = client.get(preview_url).content.decode()
    assert "Left out on purpose: 1 lost deal; 1 open deal (not an order until won)." in page

    run_url = start(client, preview_url, file="deals.csv", format="hubspot", kind="orders")
    wait_for(run_id_of(run_url))

    page = client.get(run_url).content.decode()
    assert 'id="run-status">Succeeded with row errors<' in page
    report = client.get(run_url + "errors.csv")
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(report.content.decode())))
    assert [row[0] for row in rows[1:]] == ["2", "5"]
    assert Order.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_salesforce_export_uploaded_with_its_user_file_gets_its_owners(var_dir, alice):
    make_owners()
    client = Client()
    client.force_login(alice)
    export = DATA / "salesforce" / "export"
    preview_url = upload(client, export / "User.csv", export / "Account.csv")

    page = client.get(preview_url).content.decode()
    assert "<h1>Preview: Account.csv</h1>" in page
    assert '<strong id="detected">salesforce Account</strong>' in page
    assert "encoding cp1252" in page
    assert "<td>OwnerId</td><td>owner_id</td>" in page
    assert "Left out on purpose: 1 deleted in Salesforce (IsDeleted)." in page

    run_url = start(client, preview_url, file="Account.csv", format="salesforce", kind="customers")
    wait_for(run_id_of(run_url))

    owners = sorted(Customer.objects.values_list("name", "relationship__owner__email", "country"))
    assert owners == [
        ("Nordwind AG", "tom@example.com", "CH"),
        ("Société Générale d'Équipement", "jana@example.com", "FR"),
    ]
    page = client.get(run_url).content.decode()
    assert "skipped 1 rows: 1 deleted in Salesforce (IsDeleted)" in page
    other_file = client.get(preview_url + "?file=User.csv").content.decode()
    assert "a Salesforce User file matches owners to staff" in other_file
    assert client.get(preview_url + "?file=../../secret").status_code == 404


@pytest.mark.django_db
def test_members_get_404_everywhere_and_nothing_changes(var_dir, alice, bob):
    client = Client()
    client.force_login(alice)
    preview_url = upload(client, HUBSPOT / "companies.csv")
    uploads_before = sorted(p.name for p in uploads_root().iterdir())
    client.force_login(bob)

    with (HUBSPOT / "companies.csv").open("rb") as handle:
        assert client.post("/imports/upload/", {"file": handle}).status_code == 404
    assert client.get("/imports/").status_code == 404
    assert client.get(preview_url).status_code == 404
    response = client.post(
        preview_url + "start/", {"file": "companies.csv", "format": "hubspot", "kind": "customers"}
    )
    assert response.status_code == 404

    assert sorted(p.name for p in uploads_root().iterdir()) == uploads_before
    assert ImportRun.objects.count() == 0
    assert Customer.objects.count() == 0


@pytest.mark.django_db
def test_members_cannot_see_a_run_its_progress_or_its_error_report(var_dir, alice, bob):
    client = Client()
    client.force_login(alice)
    preview_url = upload(client, HUBSPOT / "deals.csv")
    # In this test's transaction the run is recorded but its thread never starts.
    run_url = start(client, preview_url, file="deals.csv", format="hubspot", kind="orders")
    assert client.get(run_url).status_code == 200
    client.force_login(bob)

    for url in (run_url, run_url + "progress/", run_url + "errors.csv"):
        assert client.get(url).status_code == 404, url
    assert ImportRun.objects.count() == 1


@pytest.mark.django_db
def test_an_upload_without_the_csrf_token_is_refused_and_not_stored(var_dir, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    with (HUBSPOT / "companies.csv").open("rb") as handle:
        response = client.post("/imports/upload/", {"file": handle})
    assert response.status_code == 403
    assert not uploads_root().exists()


@pytest.mark.django_db
def test_an_admin_may_import_and_a_run_of_another_upload_is_not_found(var_dir, alice):
    admin = make_staff("dora", role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    preview_url = upload(client, HUBSPOT / "companies.csv")
    assert client.get(preview_url).status_code == 200
    assert client.get(preview_url + "runs/1/").status_code == 404
    assert client.get("/imports/" + "0" * 32 + "/").status_code == 404


@pytest.mark.django_db
def test_an_upload_over_the_limit_is_refused_before_it_is_stored(var_dir, alice, monkeypatch):
    monkeypatch.setattr("accord.staff.import_views.MAX_UPLOAD_BYTES", 100)
    client = Client()
    client.force_login(alice)
    with (HUBSPOT / "companies.csv").open("rb") as handle:
        response = client.post("/imports/upload/", {"file": handle})
    assert response.status_code == 413
    assert not uploads_root().exists()


@pytest.mark.django_db
def test_a_generic_file_is_detected_with_its_kind(var_dir, alice, tmp_path):
    generic = tmp_path / "calls.csv"
    generic.write_text(
        "external_id,customer_external_id,occurred_at,channel,direction,subject\n"
        "i1,c1,2024-05-01T10:00:00Z,call,outbound,Renewal call\n"
        "i2,c1,yesterday,pigeon,outbound,Bad row\n",
        encoding="utf-8",
    )
    client = Client()
    client.force_login(alice)
    page = client.get(upload(client, generic)).content.decode()

    assert '<strong id="detected">generic</strong>' in page
    assert "Import interactions as generic" in page
    assert "<td>occurred_at</td><td>occurred_at</td>" in page
    assert "<td>ok</td>" in page
    # The importer's validators word the problems; the preview shows them by column.
    assert "<td>occurred_at: &#x27;yesterday&#x27; is not an ISO 8601" in page
    assert "; channel: unknown value &#x27;pigeon&#x27;" in page
