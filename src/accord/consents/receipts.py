"""Kantara Consent Receipt v1.1 documents for one grant or withdrawal of consent.

Pure: takes the facts, returns the JSON-ready dict. The controller comes from settings so
receipts name the deploying company, not Accord.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings

RECEIPT_VERSION = "KI-CR-v1.1.0"

# Purpose -> (what it is for, in words, Kantara purpose category, PII categories used).
PURPOSE_TERMS: dict[str, tuple[str, str, list[str]]] = {
    "marketing": ("Send offers and news about our products", "6 - Marketing", ["2 - Contact"]),
    "retention_contact": (
        "Contact you about staying when you leave",
        "6 - Marketing",
        ["2 - Contact"],
    ),
    "analytics": (
        "Analyse how you use our services to improve them",
        "5 - Personalize Experience",
        ["4 - Communications/Social", "7 - Financial"],
    ),
    "partner_sharing": (
        "Share your data with a partner to resolve problems in your service",
        "2 - Contracted Service",
        ["1 - Biographical", "2 - Contact", "4 - Communications/Social"],
    ),
    "email": (
        "Send answers to your requests to your email address",
        "2 - Contracted Service",
        ["2 - Contact", "4 - Communications/Social"],
    ),
}


def build_receipt(
    *,
    receipt_id: UUID,
    recorded_at: datetime,
    principal: str,
    purpose: str,
    is_granted: bool,
    method: str,
    partner_name: str | None = None,
) -> dict[str, Any]:
    """Return the receipt for one consent decision (grant: consentType EXPLICIT).

    A withdrawal is a receipt too: its purpose's termination says it ended at that moment,
    so a customer holds proof of both directions.
    """
    return {
        "version": RECEIPT_VERSION,
        "jurisdiction": settings.ACCORD_COMPANY_COUNTRY,
        "consentTimestamp": int(recorded_at.timestamp()),
        "collectionMethod": method,
        "consentReceiptID": str(receipt_id),
        "language": "en",
        "piiPrincipalId": principal,
        "piiControllers": [_controller()],
        "policyUrl": settings.ACCORD_PRIVACY_POLICY_URL,
        "services": [
            {
                "service": _service_name(purpose, partner_name),
                "purposes": [_purpose(purpose, is_granted, recorded_at, partner_name)],
            }
        ],
        "sensitive": False,
        "spiCat": [],
    }


def _purpose(
    purpose: str, is_granted: bool, recorded_at: datetime, partner_name: str | None
) -> dict[str, Any]:
    description, category, pii = PURPOSE_TERMS[purpose]
    termination = (
        "Until withdrawn in the portal"
        if is_granted
        else f"Withdrawn at {recorded_at.isoformat()}; no further processing for this purpose"
    )
    item: dict[str, Any] = {
        "purpose": description,
        "purposeCategory": [category],
        "consentType": "EXPLICIT" if is_granted else "WITHDRAWN",
        "piiCategory": pii,
        "primaryPurpose": False,
        "termination": termination,
        "thirdPartyDisclosure": partner_name is not None and is_granted,
    }
    if partner_name is not None and is_granted:
        item["thirdPartyName"] = partner_name
    return item


def _controller() -> dict[str, Any]:
    return {
        "piiController": settings.ACCORD_COMPANY_NAME,
        "onBehalf": False,
        "contact": "Data protection officer",
        "address": {"addressCountry": settings.ACCORD_COMPANY_COUNTRY},
        "email": settings.ACCORD_COMPANY_EMAIL,
        "phone": settings.ACCORD_COMPANY_PHONE,
    }


def _service_name(purpose: str, partner_name: str | None) -> str:
    if partner_name:
        return f"Sharing with {partner_name}"
    return {
        "marketing": "Marketing communications",
        "retention_contact": "Retention contact",
        "analytics": "Service analytics",
    }.get(purpose, purpose)
