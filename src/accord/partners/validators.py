"""Is this partner acceptable? The cleaners every way in (staff UI, admin, API) calls."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.utils.text import slugify

from accord.core.validation import ValidationProblem, choice, clean_fields, email, text
from accord.partners.models import PartnerRole, SharedField

_PARTNER = {
    "name": text("name", 120, required=True),
    "description": text("description", 300),
    "role": choice("role", PartnerRole, default=PartnerRole.OTHER),
    "contact_name": text("contact_name", 120),
    "contact_email": email("contact_email"),
    "accord_url": text("accord_url", 300),
    "accord_token": text("accord_token", 200),
}


def clean_accord_url(value: str) -> str:
    """The base URL of a partner's Accord: http(s), a host, no query; no trailing slash."""
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationProblem("accord_url", f"{value!r} is not an http(s) address")
    if parts.query or parts.fragment:
        raise ValidationProblem("accord_url", "must not carry a query or fragment")
    return value.rstrip("/")


def clean_shared_fields(values: Any) -> list[str]:
    if values is None or values == "":
        return []
    if isinstance(values, str):
        values = [part for part in values.replace(",", " ").split() if part]
    if not isinstance(values, list | tuple):
        raise ValidationProblem("shared_fields", "must be a list of field names")
    allowed = SharedField.values
    for value in values:
        if value not in allowed:
            raise ValidationProblem(
                "shared_fields", f"unknown field {value!r}, use some of {', '.join(allowed)}"
            )
    return [value for value in allowed if value in values]


def clean_partner(values: dict[str, Any]) -> dict[str, Any]:
    """Whole partner record; slug derived from the name when not given."""
    fields = clean_fields(_PARTNER, values)
    fields["accord_url"] = clean_accord_url(fields["accord_url"])
    fields["shared_fields"] = clean_shared_fields(values.get("shared_fields"))
    slug = slugify(values.get("slug") or fields["name"])[:60]
    if not slug:
        raise ValidationProblem("name", "needs at least one letter or digit")
    fields["slug"] = slug
    return fields
