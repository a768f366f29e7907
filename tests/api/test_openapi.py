"""The OpenAPI document and the docs page, served offline."""

from __future__ import annotations

import pytest
from django.test import Client
from ninja import Schema


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


def test_every_body_and_query_schema_is_built_on_the_strict_bases() -> None:
    # Lax pydantic would take 0 as a date and false as a number; BodyIn refuses what the
    # document does not promise. A new route with a plain Schema body fails here.
    from accord.api.app import api
    from accord.api.body import BodyIn, QueryIn

    base = {"body": BodyIn, "query": QueryIn}
    found: dict[str, set] = {"body": set(), "query": set()}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    source = getattr(model, "__ninja_param_source__", None)
                    for field in model.model_fields.values():
                        if source in found and isinstance(field.annotation, type):
                            found[source].add(field.annotation)
    assert len(found["body"]) > 20 and len(found["query"]) > 5
    for source, models in found.items():
        loose = [
            m.__name__ for m in models if issubclass(m, Schema) and not issubclass(m, base[source])
        ]
        assert loose == [], source


@pytest.mark.django_db
def test_every_operation_documents_the_refusals_in_the_one_shape(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    refusals = {"400", "401", "403", "404", "409", "413", "422", "429"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert refusals <= set(operation["responses"]), (method, path)
            schema = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}
