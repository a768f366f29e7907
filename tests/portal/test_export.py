"""Export everything at once: a zip of JSON files valid against docs/export-schema.json,
plus CSV files, streamed."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from jsonschema import Draft7Validator

from accord.portal.models import ExportJob

SCHEMA = Path(__file__).parents[2] / "docs" / "export-schema.json"


def read_export(client) -> zipfile.ZipFile:
    response = client.post("/portal/export/")
    assert response.status_code == 302
    download = client.get(response["Location"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download.streaming
    return zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))


def export_documents(archive: zipfile.ZipFile) -> dict[str, object]:
    return {
        name: json.loads(archive.read(name))
        for name in archive.namelist()
        if name.endswith(".json")
    }


def validate(documents: dict[str, object]) -> None:
    schema = json.loads(SCHEMA.read_text())
    Draft7Validator.check_schema(schema)
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(documents), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors][:5]


def test_export_zip_validates_and_holds_only_the_customers_data(world, ada_client):
    ada_client.post("/portal/consents/", {"purpose": "analytics", "decision": "grant"})
    ada_client.post("/portal/requests/", {"subject": "Export me", "body": "please"})
    archive = read_export(ada_client)
    documents = export_documents(archive)
    validate(documents)
    assert documents["customer.json"]["name"] == "Ada Lovelace"
    assert documents["relationship.json"]["owner"]["email"] == "bob@example.com"
    assert [p["description"] for p in documents["promises.json"]] == [
        "Call Ada back about the router"
    ]
    assert documents["subscriptions.json"][0]["early_termination_fee"] == "120.00"
    assert len(documents["consent_receipts.json"]) == 1
    assert "Ben" not in json.dumps(documents)
    assert set(documents["manifest.json"]["files"]) == set(archive.namelist())
    rows = list(csv.DictReader(io.StringIO(archive.read("interactions.csv").decode())))
    assert [r["subject"] for r in rows] == [i["subject"] for i in documents["interactions.json"]]
    assert "Export me" in [r["subject"] for r in rows]
    assert ExportJob.objects.get(customer=world.ada).downloaded_at is not None


def test_export_needs_post(world, ada_client):
    assert ada_client.get("/portal/export/").status_code == 405
    assert not ExportJob.objects.exists()
