"""Admin for the demo's planted ground truth."""

from django.contrib import admin

from accord.demo.models import PlantedSituation


@admin.register(PlantedSituation)
class PlantedSituationAdmin(admin.ModelAdmin):
    list_display = ("customer", "situation", "detail")
    list_filter = ("situation",)
    list_select_related = ("customer",)
    raw_id_fields = ("customer",)
    show_full_result_count = False
