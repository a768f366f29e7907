"""Top-level URLs: staff UI, admin, REST API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("accord.api.urls")),
    path("portal/", include("accord.portal.urls")),
    path("", include("accord.staff.urls")),
]
