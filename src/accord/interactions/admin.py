"""Admin for interactions, conversations and requests."""

from django.contrib import admin

from accord.interactions.models import Conversation, Interaction, Request


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "customer", "channel", "direction", "kind", "function", "staff")
    list_filter = ("channel", "direction", "kind", "function")
    list_select_related = ("customer", "staff")
    search_fields = ("subject", "external_id")
    raw_id_fields = ("customer", "staff", "request")
    date_hierarchy = "occurred_at"
    show_full_result_count = False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("subject", "customer", "kind", "status", "opened_at", "last_activity_at")
    list_filter = ("status", "kind")
    list_select_related = ("customer",)
    search_fields = ("subject",)
    raw_id_fields = ("customer",)
    show_full_result_count = False


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = ("subject", "customer", "channel", "status", "assigned_to", "due_at")
    list_filter = ("status", "channel", "kind")
    list_select_related = ("customer", "assigned_to")
    search_fields = ("subject",)
    raw_id_fields = ("customer", "conversation", "assigned_to")
    show_full_result_count = False
