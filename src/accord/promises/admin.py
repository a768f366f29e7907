"""Admin for the promise ledger."""

from django.contrib import admin

from accord.promises.models import Promise


@admin.register(Promise)
class PromiseAdmin(admin.ModelAdmin):
    list_display = ("description", "customer", "made_by_side", "kind", "status", "due_at")
    list_filter = ("status", "made_by_side", "kind")
    list_select_related = ("customer",)
    search_fields = ("description",)
    raw_id_fields = ("customer", "staff", "replaced_by", "request")
    show_full_result_count = False
