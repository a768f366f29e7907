"""Admin for consents (an append-only history: rows are viewed, not edited)."""

from django.contrib import admin

from accord.consents.models import Consent


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("customer", "purpose", "partner", "is_granted", "recorded_at", "method")
    list_filter = ("purpose", "is_granted")
    list_select_related = ("customer", "partner")
    raw_id_fields = ("customer", "partner")
    show_full_result_count = False
