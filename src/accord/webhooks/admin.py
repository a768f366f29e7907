"""Admin for webhooks: read-only views for operators; changes go through the API.

The secret is never displayed (it was shown once, at creation)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accord.webhooks.models import WebhookDelivery, WebhookEndpoint


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ("url", "event_kinds", "is_active", "created_by", "created_at")
    list_filter = ("is_active",)
    search_fields = ("url", "description")
    exclude = ("secret",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("id", "endpoint", "event", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "event")
    list_select_related = ("endpoint",)
    search_fields = ("event", "last_error")
    raw_id_fields = ("endpoint", "customer", "alert")
    show_full_result_count = False
