"""API URLs: /api/v1/ answers with the OpenAPI document itself, the rest is Ninja's."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from accord.api.app import api


def openapi_document(request: HttpRequest) -> JsonResponse:
    return JsonResponse(api.get_openapi_schema(path_params={}))


urlpatterns = [
    path("", openapi_document, name="api-root"),
    path("", api.urls),
]
