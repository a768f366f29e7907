"""Admin for the audit trail: read-only, because an editable audit log proves nothing."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accord.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "action", "actor_label", "customer", "object_type", "object_id")
    list_filter = ("action",)
    list_select_related = ("customer",)
    search_fields = ("action", "actor_label", "object_id")
    raw_id_fields = ("actor", "customer")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
