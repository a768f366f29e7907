"""The OpenAPI document and the docs page, served offline."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/openapi.json"])
def test_openapi_document_lists_the_customer_operations(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Accord API"
    assert set(schema["paths"]["/api/v1/customers"]) == {"get", "post"}
    assert "get" in schema["paths"]["/api/v1/customers/{customer_id}"]
    assert {"CustomerOut", "CustomerIn", "CustomerPage"} <= set(schema["components"]["schemas"])


@pytest.mark.django_db
def test_docs_page_uses_bundled_assets_not_a_cdn(client: Client) -> None:
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
