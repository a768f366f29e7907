"""Admin for staff members and API tokens (token secrets are never shown: only hashes exist)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accord.members.models import ApiToken, StaffMember


@admin.register(StaffMember)
class StaffMemberAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "function", "role", "is_active")
    list_filter = ("function", "role", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email")
    raw_id_fields = ("delegate",)
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Accord", {"fields": ("function", "role", "title", "phone", "delegate", "away_until")}),
        ("Leaving", {"fields": ("left_at",)}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "staff", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("staff",)
    search_fields = ("prefix", "name", "staff__username")
    raw_id_fields = ("staff",)
    readonly_fields = ("prefix", "secret_hash", "created_at", "last_used_at")
