"""The partner API sits in the OpenAPI document under its own tag and token scheme."""

from __future__ import annotations

from django.test import Client


def test_partner_operations_have_their_own_tag_and_scheme(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert schemes["PartnerTokenAuth"] == {"type": "http", "scheme": "bearer"}
    partner_ops = [
        (path, method, op)
        for path, methods in document["paths"].items()
        for method, op in methods.items()
        if path.startswith("/api/v1/partner/")
    ]
    assert len(partner_ops) == 9
    for path, method, op in partner_ops:
        assert op["tags"] == ["partner"], (path, method)
        assert op["security"] == [{"PartnerTokenAuth": []}], (path, method)
    others = [
        op
        for path, methods in document["paths"].items()
        for op in methods.values()
        if not path.startswith("/api/v1/partner/")
    ]
    assert all({"PartnerTokenAuth": []} not in op.get("security", []) for op in others)
