"""Consent per purpose through the portal: each grant and withdrawal is stored and
issues a receipt that validates against the Kantara Consent Receipt v1.1 schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from jsonschema import Draft4Validator

from accord.consents.models import Consent, ConsentReceipt
from accord.consents.queries import has_consent
from accord.consents.services import ConsentError, record_consent
from tests.portal.conftest import sign_in

SCHEMA_PATH = Path(__file__).parents[1] / "data" / "kantara" / "consent-receipt-v1_1-schema.json"


@pytest.fixture(scope="module")
def kantara() -> Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text())
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def assert_valid(validator: Draft4Validator, document: dict) -> None:
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def download(client: Client, receipt: ConsentReceipt) -> dict:
    response = client.get(f"/portal/consents/receipts/{receipt.receipt_id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_published_example_validates(kantara):
    example = json.loads((SCHEMA_PATH.parent / "consent-receipt-v1_1-example.json").read_text())
    assert_valid(kantara, example)


def test_grant_and_withdraw_issue_valid_receipts(world, kantara):
    client = sign_in(Client(), "ada@example.com")
    for decision in ("grant", "withdraw"):
        response = client.post("/portal/consents/", {"purpose": "marketing", "decision": decision})
        assert response.status_code == 302
    consents = list(Consent.objects.filter(customer=world.ada).order_by("pk"))
    assert [c.is_granted for c in consents] == [True, False]
    assert all(c.method == "portal" and c.receipt_id for c in consents)
    assert not has_consent(world.ada.pk, "marketing")
    for consent in consents:
        document = download(client, consent.receipt)
        assert_valid(kantara, document)
        assert document["consentReceiptID"] == str(consent.receipt_id)
        assert document["piiPrincipalId"] == "ada@example.com"
        assert document["consentTimestamp"] == int(consent.recorded_at.timestamp())
    page = client.get("/portal/consents/").content.decode()
    assert page.count('class="receipt"') == 2


def test_partner_sharing_receipt_names_the_partner(world, kantara):
    client = sign_in(Client(), "ada@example.com")
    response = client.post(
        "/portal/consents/",
        {"purpose": "partner_sharing", "partner": world.partner.pk, "decision": "grant"},
    )
    assert response.status_code == 302
    receipt = ConsentReceipt.objects.get()
    document = download(client, receipt)
    assert_valid(kantara, document)
    purpose = document["services"][0]["purposes"][0]
    assert purpose["thirdPartyDisclosure"] is True
    assert purpose["thirdPartyName"] == "NetCo"
    assert has_consent(world.ada.pk, "partner_sharing", world.partner.pk)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"purpose": "spam", "decision": "grant"}, b"Select a valid choice"),
        ({"purpose": "marketing", "decision": "maybe"}, b"Select a valid choice"),
        ({"purpose": "partner_sharing", "decision": "grant"}, b"Choose the partner"),
    ],
)
def test_bad_consent_input_is_400_and_records_nothing(world, data, message):
    client = sign_in(Client(), "ada@example.com")
    response = client.post("/portal/consents/", data)
    assert response.status_code == 400
    assert message in response.content
    assert not Consent.objects.exists() and not ConsentReceipt.objects.exists()


def test_service_refuses_a_partner_without_sharing(world):
    with pytest.raises(ConsentError, match="partner"):
        record_consent(
            customer_id=world.ada.pk,
            purpose="marketing",
            is_granted=True,
            method="portal",
            partner_id=world.partner.pk,
        )
    assert not Consent.objects.exists()
