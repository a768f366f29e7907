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


def _named_schemas(annotation, seen: set) -> None:
    """Every pydantic model and enum reachable from a type (they become OpenAPI components)."""
    import enum
    import typing

    from pydantic import BaseModel

    if annotation in seen:
        return
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | enum.Enum):
        seen.add(annotation)
        if issubclass(annotation, BaseModel):
            for field in annotation.model_fields.values():
                _named_schemas(field.annotation, seen)
        return
    for argument in typing.get_args(annotation):
        _named_schemas(argument, seen)


def test_no_two_openapi_schemas_share_a_name() -> None:
    # Ninja files every schema under its class name in components/schemas: two classes with
    # one name silently overwrite each other and the document describes the wrong body.
    from accord.api.app import api

    seen: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    _named_schemas(model, seen)
    # Ninja's per-operation wrappers (module "abc") are flattened, never components.
    named: dict[str, set[str]] = {}
    for model in seen:
        if model.__module__ != "abc":
            named.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: sorted(where) for name, where in named.items() if len(where) > 1}
    assert clashes == {}
    assert len(named) > 40  # the walk really reached the schemas
