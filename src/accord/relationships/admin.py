"""Admin for relationships, owner assignments, hand-offs, stage changes and teams.

Changing the owner here would bypass the hand-off record: ownership fields are read-only;
use the hand-off pages or the API, which go through relationships.services.
"""

from django.contrib import admin

from accord.relationships.models import (
    Handoff,
    OwnerAssignment,
    Relationship,
    StageChange,
    TeamMembership,
)


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ("customer", "stage", "owner", "started_at", "ended_at")
    list_filter = ("stage",)
    list_select_related = ("customer", "owner")
    search_fields = ("customer__name", "customer__email")
    raw_id_fields = ("customer",)
    readonly_fields = ("owner",)
    show_full_result_count = False


@admin.register(OwnerAssignment)
class OwnerAssignmentAdmin(admin.ModelAdmin):
    list_display = ("customer", "owner", "started_at", "ended_at", "reason")
    list_select_related = ("customer", "owner")
    search_fields = ("customer__name",)
    raw_id_fields = ("customer", "relationship", "owner", "assigned_by")
    readonly_fields = ("customer", "relationship", "owner", "started_at", "ended_at")
    show_full_result_count = False


@admin.register(Handoff)
class HandoffAdmin(admin.ModelAdmin):
    list_display = ("customer", "from_owner", "to_owner", "reason", "occurred_at")
    list_select_related = ("customer", "from_owner", "to_owner")
    search_fields = ("customer__name", "reason")
    raw_id_fields = ("customer", "from_owner", "to_owner", "by")
    show_full_result_count = False


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ("customer", "from_stage", "to_stage", "occurred_at", "by")
    list_filter = ("to_stage",)
    list_select_related = ("customer", "by")
    raw_id_fields = ("customer", "by")
    show_full_result_count = False


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ("customer", "staff", "function", "added_at", "removed_at")
    list_filter = ("function",)
    list_select_related = ("customer", "staff")
    raw_id_fields = ("customer", "staff")
    show_full_result_count = False
