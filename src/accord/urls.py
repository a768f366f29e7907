"""Top-level URLs: staff UI, admin, REST API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("accord.api.urls")),
    path("portal/", include("accord.portal.urls")),
    path("", include("accord.staff.urls")),
]

# JSON for API paths, Django's pages elsewhere (accord.api.errors).
handler400 = "accord.api.errors.bad_request"
handler404 = "accord.api.errors.not_found"
handler500 = "accord.api.errors.server_error"
